/**
 * Steps to a good picture, load-independently (issue #8): trains a flow
 * headless with the page's test set (TEST_POINTS of the same seed's test
 * stream) and records, per seed, the first step at which the test NLL is
 * within the margin of the entropy floor (moons 0.05, checkerboard 0.10, as
 * bench:picture), the largest rise of the test NLL above its running minimum
 * from --spike-from (300) on (a spike), and the gap at the end. Steps do not
 * depend on the machine's load; steps/s from flow-speed.ts converts them to
 * seconds. Glow's issue-11 check is `--model glow --preset default --lr 5e-3
 * --schedule cosine --datasets 2spirals --max-steps 1500 --eval-every 50 --spike-from 50`. Use it to choose page defaults over seeds, not one run.
 *
 * Prints a table on stderr and one JSON object on stdout.
 * Usage: npx tsx tests/bench/steps-to-picture.ts --model realnvp --preset live
 *   [--layers L --hidden H --batch B --lr 3e-3 --schedule live|constant|cosine --decay-from N --floor F]
 *   [--datasets moons,checkerboard --seeds 0,1,2 --max-steps 6000 --eval-every 100 --stop-at-margin]
 */
import '../../src/core/node-gradients';
import { parseArgs } from 'node:util';
import { chooseBackend } from '../../src/core/backend';
import { toySource } from '../../src/core/data/source';
import type { ToyName } from '../../src/core/data/toy';
import { buildFlow, recipeFor } from '../../src/core/flows/recipes';
import { flowTypeNamed, presetSize, type FlowType } from '../../src/core/flows/registry';
import { evaluateFigures } from '../../src/core/metrics/evaluate';
import { TEST_POINTS } from '../../src/engine/data-plan';
import { constantSchedule, cosineSchedule, inverseSqrtSchedule, LIVE_DECAY_FROM, LIVE_LR_FLOOR } from '../../src/core/train/stability';
import { Trainer } from '../../src/core/train/trainer';

const { values: o } = parseArgs({
  options: {
    model: { type: 'string', default: 'realnvp' },
    preset: { type: 'string', default: 'live' },
    layers: { type: 'string' },
    hidden: { type: 'string' },
    batch: { type: 'string' },
    lr: { type: 'string', default: '3e-3' },
    schedule: { type: 'string', default: 'live' },
    'decay-from': { type: 'string', default: String(LIVE_DECAY_FROM) },
    floor: { type: 'string', default: String(LIVE_LR_FLOOR) },
    datasets: { type: 'string', default: 'moons,checkerboard' },
    seeds: { type: 'string', default: '0,1,2' },
    'max-steps': { type: 'string', default: '6000' },
    'eval-every': { type: 'string', default: '100' },
    /** Rises before this step are the flow leaving its initialisation, not spikes. */
    'spike-from': { type: 'string', default: '300' },
    /** Stop a run once it is within the margin (steps to margin only; spikes and final gap then cover less). */
    'stop-at-margin': { type: 'boolean', default: false },
  },
});

const MARGINS: Partial<Record<ToyName, number>> = { moons: 0.05, checkerboard: 0.1, '2spirals': 0.15, rings: 0.3, '8gaussians': 0.05, pinwheel: 0.05 };

interface Run {
  dataset: string;
  seed: number;
  stepsToMargin: number | null;
  largestSpike: number;
  finalGap: number;
  curve: [number, number][];
}

async function runOne(type: FlowType, dataset: ToyName, seed: number): Promise<Run> {
  const size = presetSize(type, o.preset === 'default' ? null : o.preset!);
  const recipe = recipeFor(type, { layers: Number(o.layers ?? size.layers), hidden: Number(o.hidden ?? size.hidden), depth: size.depth });
  const source = toySource(dataset, seed, { testSize: TEST_POINTS });
  const flow = buildFlow(recipe, seed);
  const schedule =
    o.schedule === 'constant' ? constantSchedule : o.schedule === 'cosine' ? cosineSchedule(Number(o['max-steps'])) : inverseSqrtSchedule(Number(o['decay-from']), Number(o.floor));
  const trainer = new Trainer(flow, source, { lr: Number(o.lr), batch: Number(o.batch ?? size.batch), seed, schedule });
  const scorer = await flow.scorer();
  const margin = MARGINS[dataset] ?? 0.05;
  const maxSteps = Number(o['max-steps']);
  const every = Number(o['eval-every']);
  const curve: [number, number][] = [];
  let stepsToMargin: number | null = null;
  let runningMin = Number.POSITIVE_INFINITY;
  let largestSpike = 0;
  try {
    while (trainer.step < maxSteps) {
      for (let i = 0; i < every; i++) trainer.trainStep();
      await trainer.read();
      const gap = (await evaluateFigures(scorer, source.test))[0].value - source.entropy!;
      curve.push([trainer.step, Number(gap.toFixed(4))]);
      if (trainer.step >= Number(o['spike-from'])) largestSpike = Math.max(largestSpike, gap - runningMin);
      runningMin = Math.min(runningMin, gap);
      if (stepsToMargin === null && gap <= margin) stepsToMargin = trainer.step;
      if (stepsToMargin !== null && o['stop-at-margin']) break;
    }
  } finally {
    trainer.dispose();
    flow.dispose();
  }
  return { dataset, seed, stepsToMargin, largestSpike: Number(largestSpike.toFixed(4)), finalGap: curve[curve.length - 1][1], curve };
}

async function main(): Promise<void> {
  await chooseBackend(['wasm']);
  const type = flowTypeNamed(o.model!);
  if (!type) throw new Error(`unknown model ${o.model}`);
  const runs: Run[] = [];
  for (const dataset of o.datasets!.split(',') as ToyName[]) {
    for (const seed of o.seeds!.split(',').map(Number)) {
      const r = await runOne(type, dataset, seed);
      runs.push(r);
      process.stderr.write(`${type} ${dataset} seed ${seed}: steps to margin ${r.stepsToMargin ?? '—'}, largest spike ${r.largestSpike}, final gap ${r.finalGap}\n`);
    }
  }
  process.stdout.write(`${JSON.stringify({ options: o, runs })}\n`);
}

void main();
