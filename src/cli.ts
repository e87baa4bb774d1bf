/**
 * The headless front door to the same core the app runs: scripted training,
 * scoring and sampling, and the benchmarks. Usage: npm run --silent cli -- <verb> [options]
 */
import './core/node-gradients';
import { CsvError } from './core/data/csv';
import { ModelFileError } from './core/flows/model-file';
import { RecipeError } from './core/flows/recipe-spec';
import { clipText } from './core/util/clip-text';
import { UsageError, usageLines, type OptionSpec } from './cli/args';
import { compareCommand, COMPARE_OPTIONS } from './cli/compare';
import { CliError } from './cli/errors';
import { densityCommand, DENSITY_OPTIONS } from './cli/density';
import { sampleCommand, SAMPLE_OPTIONS } from './cli/sample';
import { trainCommand, TRAIN_OPTIONS } from './cli/train';

interface Verb {
  summary: string;
  options: readonly OptionSpec[];
  run: (argv: readonly string[]) => Promise<void>;
}

const VERBS: Record<string, Verb> = {
  train: { summary: 'train a flow and report its exact test NLL', options: TRAIN_OPTIONS, run: trainCommand },
  density: { summary: 'print log p(x) of a saved flow for each point of a CSV', options: DENSITY_OPTIONS, run: densityCommand },
  compare: { summary: 'train flow, VAE, GAN and autoregressive model on the same data and compare their NLL (exact / bound / estimate)', options: COMPARE_OPTIONS, run: compareCommand },
  sample: { summary: 'print samples of a saved flow as CSV x,y', options: SAMPLE_OPTIONS, run: sampleCommand },
};

function usage(verb?: string): string {
  const head = 'usage: npm run --silent cli -- <verb> [options]\n';
  if (verb && VERBS[verb]) return `${head}\n${verb}: ${VERBS[verb].summary}\n${usageLines(VERBS[verb].options)}\n`;
  return `${head}\nverbs:\n${Object.entries(VERBS)
    .map(([name, v]) => `  ${name.padEnd(10)} ${v.summary}`)
    .join('\n')}\n\nrun with <verb> --help for its options\n`;
}

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === '--help' || verb === '-h') {
    process.stdout.write(usage());
    return verb ? 0 : 2;
  }
  const command = VERBS[verb];
  if (!command) {
    process.stderr.write(`error: unknown verb "${clipText(verb)}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(usage(verb));
    return 0;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n\n${usage(verb)}`);
      return 2;
    }
    // Mistakes in the user's files, and outcomes they can act on, are reported, not traced.
    if (err instanceof CsvError || err instanceof ModelFileError || err instanceof RecipeError || err instanceof CliError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  },
);
