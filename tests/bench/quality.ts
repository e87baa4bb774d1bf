/**
 * The quality table over seeds: every recipe × every toy density × each seed, trained
 * with the CLI's defaults (batch 512, peak lr 5e-3 cosine-decayed, warm-up and clip
 * from core/train/stability.ts) for N steps, test NLL on 50,000 fresh points against
 * the entropy floor. Reports the median gap over seeds and its spread [min–max].
 * Runs the real CLI, one process per cell, one at a time, and keeps finished cells in
 * tests/bench/results/quality-<steps>.json so an interrupted run resumes where it stopped.
 * Prints progress and the table on stderr, JSON ({ cells, summaries }) on stdout.
 * Usage: npm run --silent bench:quality [-- --steps 5000] [--seeds 0,1,2]
 *          [--models realnvp,glow] [--only moons,rings]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TOY_NAMES } from '../../src/core/data/toy';
import { FLOW_TYPES } from '../../src/core/flows/recipes';
import { cellKey, formatSummaryTable, summarise, type QualityCell } from './quality-summary';

const ROOT = join(import.meta.dirname, '..', '..');
const OUT_DIR = join(ROOT, 'tests', 'bench', 'results');
const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '5000' },
    seeds: { type: 'string', default: '0,1,2' },
    models: { type: 'string', default: FLOW_TYPES.join(',') },
    only: { type: 'string' },
  },
});
const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
const STEPS = Number(values.steps);
const SEEDS = list(values.seeds!).map(Number);
const MODELS = list(values.models!);
const DATASETS = values.only ? list(values.only) : [...TOY_NAMES];
if (!Number.isInteger(STEPS) || STEPS < 1) throw new Error(`--steps must be a positive whole number, got ${values.steps}`);
if (SEEDS.some((s) => !Number.isInteger(s) || s < 0)) throw new Error(`--seeds must be whole numbers ≥ 0, got ${values.seeds}`);
for (const m of MODELS) if (!(FLOW_TYPES as readonly string[]).includes(m)) throw new Error(`--models: unknown recipe ${m} (one of ${FLOW_TYPES.join(', ')})`);
for (const d of DATASETS) if (!(TOY_NAMES as readonly string[]).includes(d)) throw new Error(`--only: unknown toy density ${d} (one of ${TOY_NAMES.join(', ')})`);

const resultsPath = join(OUT_DIR, `quality-${STEPS}.json`);
mkdirSync(OUT_DIR, { recursive: true });
const stored: unknown = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
// Files written by the single-seed version keyed cells "model/dataset"; only per-seed keys are kept.
const results: Record<string, QualityCell> = Object.fromEntries(
  Object.entries(stored as Record<string, QualityCell>).filter(([k, c]) => typeof c?.seed === 'number' && k === cellKey(c.model, c.dataset, c.seed)),
);

// Model-major, seed-minor: a recipe's cells finish before the next recipe starts, and a
// dataset has all its seeds before the next, so an interrupted run still gives medians.
for (const model of MODELS) {
  for (const dataset of DATASETS) {
    for (const seed of SEEDS) {
      const key = cellKey(model, dataset, seed);
      if (results[key]) continue;
      const args = [join(ROOT, 'src', 'cli.ts'), 'train', '--model', model, '--dataset', dataset, '--steps', String(STEPS), '--seed', String(seed), '--json'];
      const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), args, { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) {
        process.stderr.write(`${key} failed: ${r.stderr}\n`);
        continue;
      }
      const { testNll, testNllSe, entropyFloor, gapToFloor, stepsPerSec, rollbacks } = JSON.parse(r.stdout);
      results[key] = { model, dataset, seed, steps: STEPS, testNll, testNllSe, entropyFloor, gapToFloor, stepsPerSec, rollbacks };
      writeFileSync(resultsPath, JSON.stringify(results, null, 2));
      process.stderr.write(`${key.padEnd(28)} NLL ${testNll.toFixed(4)} ± ${testNllSe.toFixed(4)}  floor ${entropyFloor.toFixed(4)}  gap ${gapToFloor.toFixed(4)}  ${stepsPerSec.toFixed(1)} steps/s\n`);
    }
  }
}

const cells = Object.values(results).filter((c) => MODELS.includes(c.model) && DATASETS.includes(c.dataset) && SEEDS.includes(c.seed));
const summaries = summarise(cells);
process.stderr.write(`\n${STEPS} steps, seeds ${SEEDS.join(',')}: median gap to the entropy floor [min–max over seeds]\n${formatSummaryTable(summaries)}`);
process.stdout.write(`${JSON.stringify({ steps: STEPS, seeds: SEEDS, summaries, cells }, null, 2)}\n`);
