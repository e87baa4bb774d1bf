/**
 * The quality table: every toy density × the default realnvp, glow and planar recipes, trained
 * with the CLI's defaults (batch 512, peak lr 5e-3 cosine-decayed, seed 0) for N steps, test
 * NLL on 50,000 fresh points against the entropy floor. Runs the real CLI, one
 * process per cell, and keeps finished cells in tests/bench/results/quality.json so
 * an interrupted run resumes. Prints the table on stderr and JSON on stdout.
 * Usage: npm run --silent bench:quality [-- --steps 5000] [-- --only moons,rings]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOY_NAMES } from '../../src/core/data/toy';

const ROOT = join(import.meta.dirname, '..', '..');
const OUT_DIR = join(ROOT, 'tests', 'bench', 'results');
const args = process.argv.slice(2);
const argValue = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const STEPS = Number(argValue('steps') ?? 5000);
const ONLY = argValue('only')?.split(',');
const MODELS = (argValue('models') ?? 'realnvp,glow,planar').split(',');
/** The targets: how close to the floor the default RealNVP and Glow should get. */
const MARGINS: Record<string, number> = { moons: 0.02, '8gaussians': 0.05, pinwheel: 0.05, checkerboard: 0.1, '2spirals': 0.15, rings: 0.3 };

const resultsPath = join(OUT_DIR, `quality-${STEPS}.json`);
mkdirSync(OUT_DIR, { recursive: true });
const results: Record<string, Record<string, unknown>> = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};

// Model-major, so the recipes the issue sets targets for finish first.
for (const model of MODELS) {
  for (const dataset of TOY_NAMES.filter((d) => !ONLY || ONLY.includes(d))) {
    const key = `${model}/${dataset}`;
    if (results[key]) continue;
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'src', 'cli.ts'), 'train', '--model', model, '--dataset', dataset, '--steps', String(STEPS), '--seed', '0', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      process.stderr.write(`${key} failed: ${r.stderr}\n`);
      continue;
    }
    const { testNll, testNllSe, entropyFloor, gapToFloor, stepsPerSec, rollbacks } = JSON.parse(r.stdout);
    results[key] = { model, dataset, steps: STEPS, testNll, testNllSe, entropyFloor, gapToFloor, stepsPerSec, rollbacks, target: MARGINS[dataset] ?? null };
    writeFileSync(resultsPath, JSON.stringify(results, null, 2));
    process.stderr.write(`${key.padEnd(22)} NLL ${testNll.toFixed(4)} ± ${testNllSe.toFixed(4)}  floor ${entropyFloor.toFixed(4)}  gap ${gapToFloor.toFixed(4)}  ${stepsPerSec.toFixed(1)} steps/s\n`);
  }
}
process.stdout.write(`${JSON.stringify(Object.values(results), null, 2)}\n`);
