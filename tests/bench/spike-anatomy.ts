/**
 * Where a test-NLL spike comes from (issue 11, Glow on 2spirals): trains a flow
 * as steps-to-picture.ts does, scores the page's test set every --every steps,
 * and for the largest rise between two scorings splits the parameter change of
 * that window by layer kind and variable (coupling network, LU off-diagonal, LU
 * log-diagonal, actnorm log-scale, actnorm bias): the test NLL with only that
 * group moved (the rest at the window's start) says which group's update made
 * the spike. Also prints each group's update norm per window around the spike.
 * Usage: npx tsx tests/bench/spike-anatomy.ts --model glow --dataset 2spirals --seed 2
 *   [--layers 8 --hidden 64 --lr 5e-3 --max-steps 1500 --every 5 --spike-from 50]
 */
import '../../src/core/node-gradients';
import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { chooseBackend } from '../../src/core/backend';
import { toySource } from '../../src/core/data/source';
import type { ToyName } from '../../src/core/data/toy';
import { buildFlow, recipeFor } from '../../src/core/flows/recipes';
import { flowTypeNamed, presetSize } from '../../src/core/flows/registry';
import { evaluateFigures } from '../../src/core/metrics/evaluate';
import { TEST_POINTS } from '../../src/engine/data-plan';
import { cosineSchedule } from '../../src/core/train/stability';
import { Trainer } from '../../src/core/train/trainer';

const { values: o } = parseArgs({
  options: {
    model: { type: 'string', default: 'glow' },
    dataset: { type: 'string', default: '2spirals' },
    seed: { type: 'string', default: '0' },
    layers: { type: 'string' },
    hidden: { type: 'string' },
    lr: { type: 'string', default: '5e-3' },
    'max-steps': { type: 'string', default: '1500' },
    every: { type: 'string', default: '5' },
    'spike-from': { type: 'string', default: '50' },
  },
});

async function main(): Promise<void> {
  await chooseBackend(['wasm']);
  const type = flowTypeNamed(o.model!)!;
  const size = presetSize(type, null);
  const recipe = recipeFor(type, { layers: Number(o.layers ?? size.layers), hidden: Number(o.hidden ?? size.hidden), depth: size.depth });
  const seed = Number(o.seed);
  const source = toySource(o.dataset as ToyName, seed, { testSize: TEST_POINTS });
  const flow = buildFlow(recipe, seed);
  const maxSteps = Number(o['max-steps']);
  const trainer = new Trainer(flow, source, { lr: Number(o.lr), batch: size.batch, seed, schedule: cosineSchedule(maxSteps) });
  const scorer = await flow.scorer();
  const every = Number(o.every);

  // Name every variable by its layer kind and its place in the layer.
  const groupOf: string[] = [];
  for (const layer of flow.layers) {
    layer.variables.forEach((_, i) => {
      if (layer.kind === 'lu-linear') groupOf.push(i === 0 ? 'lu-offdiag' : 'lu-logdiag');
      else if (layer.kind === 'actnorm') groupOf.push(i === 0 ? 'actnorm-logscale' : 'actnorm-bias');
      else groupOf.push(i === layer.variables.length - 2 ? `${layer.kind}-out-w` : i === layer.variables.length - 1 ? `${layer.kind}-out-b` : `${layer.kind}-net`);
    });
  }
  const groups = [...new Set(groupOf)];
  const vars = flow.variables;
  const snapshot = () => vars.map((v) => v.dataSync().slice() as Float32Array);
  const restore = (s: Float32Array[]) => tf.tidy(() => vars.forEach((v, i) => v.assign(tf.tensor(s[i], v.shape))));
  const testGap = async () => (await evaluateFigures(scorer, source.test))[0].value - source.entropy!;

  const history: { step: number; gap: number; params: Float32Array[] }[] = [];
  let best: { rise: number; at: number } = { rise: -Infinity, at: -1 };
  let runningMin = Infinity;
  while (trainer.step < maxSteps) {
    for (let i = 0; i < every; i++) trainer.trainStep();
    await trainer.read();
    const gap = await testGap();
    history.push({ step: trainer.step, gap, params: snapshot() });
    if (history.length > 1 && trainer.step >= Number(o['spike-from'])) {
      const rise = gap - history[history.length - 2].gap;
      if (rise > best.rise) best = { rise, at: history.length - 1 };
    }
    if (trainer.step >= Number(o['spike-from'])) runningMin = Math.min(runningMin, gap);
  }
  const end = snapshot();
  const b = history[best.at];
  const a = history[best.at - 1];
  process.stdout.write(`${o.model} ${o.dataset} seed ${seed}: largest rise in ${every} steps ${best.rise.toFixed(4)} at steps ${a.step}→${b.step} (gap ${a.gap.toFixed(4)} → ${b.gap.toFixed(4)})\n`);
  // Attribution: only group g moved from a to b, everything else at a.
  for (const g of groups) {
    restore(a.params.map((p, i) => (groupOf[i] === g ? b.params[i] : p)));
    const only = await testGap();
    restore(b.params.map((p, i) => (groupOf[i] === g ? a.params[i] : p)));
    const allBut = await testGap();
    process.stdout.write(`  ${g.padEnd(22)} only it moved: ${(only - a.gap).toFixed(4)}   all but it moved: ${(allBut - a.gap).toFixed(4)}\n`);
  }
  // Update norms per group for the windows around the spike.
  const norm = (x: Float32Array[], y: Float32Array[], g: string) =>
    Math.sqrt(x.reduce((acc, p, i) => (groupOf[i] !== g ? acc : acc + p.reduce((s, v, j) => s + (v - y[i][j]) ** 2, 0)), 0));
  process.stdout.write(`  update norms per window (${groups.join(', ')})\n`);
  for (let k = Math.max(1, best.at - 4); k <= Math.min(history.length - 1, best.at + 2); k++) {
    const row = groups.map((g) => norm(history[k].params, history[k - 1].params, g).toExponential(2)).join('  ');
    process.stdout.write(`  ${String(history[k].step).padStart(5)} gap ${history[k].gap.toFixed(4)}  ${row}\n`);
  }
  // The worst test points at the spike, traced data→latent layer by layer.
  restore(b.params);
  const test = source.test;
  const perPoint = (await flow.logProb(tf.tensor2d(test, [test.length / 2, 2])).data()) as Float32Array;
  const worst = [...perPoint.keys()].sort((i, j) => perPoint[i] - perPoint[j]).slice(0, 3);
  process.stdout.write(`  test points with log p < −20 at the spike: ${perPoint.filter((v) => v < -20).length} of ${perPoint.length}\n`);
  for (const i of worst) {
    process.stdout.write(`  point ${i} (${test[2 * i].toFixed(3)}, ${test[2 * i + 1].toFixed(3)}) log p ${perPoint[i].toExponential(3)}; data→latent:\n`);
    let y = tf.tensor2d([test[2 * i], test[2 * i + 1]], [1, 2]);
    for (let k = flow.layers.length - 1; k >= 0; k--) {
      const r = flow.layers[k].inverse(y);
      const [y0, y1] = r.y.dataSync();
      process.stdout.write(`    ${String(k).padStart(3)} ${flow.layers[k].kind.padEnd(16)} → (${y0.toExponential(3)}, ${y1.toExponential(3)})  logdet ${r.logDet.dataSync()[0].toFixed(3)}\n`);
      y = r.y;
    }
  }
  // Where each scale-bearing parameter stands at the spike.
  const show = (g: string, s: Float32Array[]) => s.flatMap((p, i) => (groupOf[i] === g ? [...p].map((v) => v.toFixed(3)) : [])).join(' ');
  for (const g of ['actnorm-logscale', 'lu-logdiag', 'lu-offdiag']) if (groups.includes(g)) process.stdout.write(`  ${g} at ${b.step}: ${show(g, b.params)}\n`);
  process.stdout.write(`  curve: ${history.filter((_, i) => i % 10 === 9).map((h) => `${h.step}:${h.gap.toFixed(3)}`).join(' ')}\n`);
  restore(end);
  trainer.dispose();
  flow.dispose();
}

void main();
