/**
 * The autoregressive baseline's gap to the entropy floor, over seeds: the
 * issue asks for it within 0.05 nats on moons and 8gaussians. Each run is
 * `compare`'s own code path (the CLI's `compare` verb calls compareModels too),
 * so the figure is the one the CLI prints: batch 512, cosine-decayed lr,
 * exact test NLL on 50,000 fresh points.
 *
 *   npx tsx tests/bench/autoregressive.ts [--steps 5000] [--datasets moons,8gaussians] [--seeds 0,1,2] [--component gaussian] [--lr …]
 *
 * Progress on stderr; one JSON document on stdout with every run and, per
 * dataset, the median gap and its spread (min, max) over the seeds.
 */
import '../../src/core/node-gradients';
import { chooseBackend, NODE_ORDER } from '../../src/core/backend';
import { toySource } from '../../src/core/data/source';
import { TOY_DATASETS, isToyName } from '../../src/core/data/toy';
import type { MixtureComponent } from '../../src/core/models/mixture-density';
import { compareModels } from '../../src/core/train/compare';
import { benchOptions, list, positive } from './bench-options';

const options = benchOptions({ steps: '5000', datasets: 'moons,8gaussians', seeds: '0,1,2', component: 'gaussian', lr: '' });
const steps = positive('steps', options.steps);
const datasets = list(options.datasets);
const seeds = list(options.seeds).map(Number);
const component = options.component as MixtureComponent;
const lr = options.lr === '' ? undefined : positive('lr', options.lr);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function main() {
  const backend = await chooseBackend(NODE_ORDER);
  const runs = [];
  const summary: Record<string, { medianGap: number; minGap: number; maxGap: number }> = {};
  for (const name of datasets) {
    if (!isToyName(name)) throw new Error(`unknown dataset ${name}`);
    const gaps: number[] = [];
    for (const seed of seeds) {
      const report = await compareModels({
        source: () => toySource(name, seed),
        families: ['autoregressive'],
        autoregressive: { component },
        lr: lr === undefined ? undefined : { autoregressive: lr },
        steps,
        seed,
        // One curve point: the figure is the final score, and scoring costs time.
        evalEvery: steps,
      });
      const m = report.models[0];
      const gap = m.testNll - TOY_DATASETS[name].entropy;
      gaps.push(gap);
      runs.push({ dataset: name, seed, testNll: m.testNll, testNllSe: m.testNllSe, gap, gridJs: m.gridJs, stepsPerSec: m.stepsPerSec });
      process.stderr.write(`${name} seed ${seed}: test NLL ${m.testNll.toFixed(4)} ± ${m.testNllSe.toFixed(4)}, gap ${gap.toFixed(4)}, ${m.stepsPerSec.toFixed(1)} steps/s\n`);
    }
    summary[name] = { medianGap: median(gaps), minGap: Math.min(...gaps), maxGap: Math.max(...gaps) };
    process.stderr.write(`${name}: median gap ${summary[name].medianGap.toFixed(4)} (${summary[name].minGap.toFixed(4)} … ${summary[name].maxGap.toFixed(4)})\n`);
  }
  process.stdout.write(`${JSON.stringify({ backend: backend.name, steps, seeds, component, lr: lr ?? 'compare default', summary, runs }, null, 2)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
