import { chooseBackend } from '../core/backend';
import { FLOW_TYPES, recipeFor, type FlowType } from '../core/flows/recipes';
import { FLOW_ALIASES, flowTypeNamed } from '../core/flows/registry';
import { compareModels } from '../core/train/compare';
import { parseOptions, type OptionSpec } from './args';
import { loadDataset, readPoints } from './data-arg';
import { pointsSource, toySource, type DataSource } from '../core/data/source';
import { isToyName } from '../core/data/toy';
import { CliError } from './errors';
import { formatTable, progress } from './output';

export const COMPARE_OPTIONS: readonly OptionSpec[] = [
  { name: 'dataset', kind: 'string', default: 'moons', help: 'toy density name or path to a CSV of points' },
  { name: 'flow', kind: 'string', choices: [...FLOW_TYPES, ...Object.keys(FLOW_ALIASES)], default: 'realnvp', help: 'flow type (nsf = spline)' },
  { name: 'steps', kind: 'int', min: 1, max: 10_000_000, default: 5000, help: 'training steps per model' },
  { name: 'seed', kind: 'int', min: 0, max: 2 ** 31 - 1, default: 0, help: 'seed for weights, batches and test data' },
  { name: 'backend', kind: 'string', choices: ['wasm', 'cpu'], default: 'wasm', help: 'tfjs backend' },
  { name: 'json', kind: 'flag', help: 'print one JSON object instead of a table' },
];

/** Flow vs VAE vs GAN vs autoregressive on the same data stream and test set, every figure labelled with its kind. */
export async function compareCommand(argv: readonly string[]): Promise<void> {
  const o = parseOptions(argv, COMPARE_OPTIONS);
  const seed = o.seed as number;
  const backend = (await chooseBackend([o.backend as 'wasm' | 'cpu'])).name;
  const dataset = o.dataset as string;
  const report = await compareModels({
    source: await sourceFactory(dataset, seed),
    flow: recipeFor(flowTypeNamed(o.flow as string) as FlowType),
    steps: o.steps as number,
    seed,
    onProgress: o.json ? undefined : (p) => progress(`${p.family}: step ${p.step}/${p.steps}  test NLL ${p.point.testNll.toFixed(4)}`),
  });
  // A figure that is not a number is a failed run, not a result (JSON would print null).
  const failed = report.models.filter((m) => !Number.isFinite(m.testNll)).map((m) => m.family);
  if (failed.length > 0) {
    if (!o.json) progress('');
    throw new CliError(`training failed: the test NLL of ${failed.join(', ')} is not finite; try data rescaled towards unit size`);
  }
  if (o.json) {
    process.stdout.write(`${JSON.stringify({ ...report, backend })}\n`);
    return;
  }
  progress('');
  const floor = report.entropyFloor;
  process.stdout.write(
    formatTable(
      ['model', 'kind', 'test NLL', 'gap to floor', '−ELBO', 'IWAE', 'grid KL', 'grid JS', 'steps/s'],
      report.models.map((m) => [
        m.family,
        m.kind,
        m.testNll.toFixed(4),
        floor === null ? 'n/a' : (m.testNll - floor).toFixed(4),
        m.negElbo?.toFixed(4) ?? '',
        m.iwae?.toFixed(4) ?? '',
        m.gridKl.toFixed(4),
        m.gridJs.toFixed(4),
        m.stepsPerSec.toFixed(1),
      ]),
    ) + `\nentropy floor: ${floor === null ? 'n/a (user data)' : floor.toFixed(4)}; exact = flow and autoregressive log-likelihood, bound = VAE (IWAE-k headline, −ELBO beside it), estimate = GAN kernel density\n`,
  );
}

/**
 * Each model gets its own stream from the same seed, so all three see identical
 * batches. The file (if any) is read and checked once, up front.
 */
async function sourceFactory(dataset: string, seed: number): Promise<() => DataSource> {
  if (isToyName(dataset)) return () => toySource(dataset, seed);
  const first = await loadDataset(dataset, seed);
  const points = await readPoints(dataset);
  return () => pointsSource(points, seed, first.label);
}
