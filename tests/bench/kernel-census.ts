/**
 * Which tfjs kernels one training step dispatches, by name and count, for
 * RealNVP-8, Glow-8 and planar-32 (batch 512, MLP 64×2) on wasm: the list to
 * read when pushing kernels per step down (bench:core gives only the total).
 * Usage: npx tsx tests/bench/kernel-census.ts
 */
import '../../src/core/node-gradients';
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend } from '../../src/core/backend';
import { toySource } from '../../src/core/data/source';
import { buildFlow, recipeFor, type FlowType } from '../../src/core/flows/recipes';
import { Trainer } from '../../src/core/train/trainer';
await chooseBackend(['wasm']);
for (const [type, layers] of [['realnvp', 8], ['glow', 8], ['planar', 32]] as [FlowType, number][]) {
  const flow = buildFlow(recipeFor(type, { layers, hidden: 64, depth: 2 }), 0);
  const trainer = new Trainer(flow, toySource('moons', 0), { lr: 1e-3, batch: 512, seed: 0 });
  for (let i = 0; i < 5; i++) trainer.trainStep();
  await trainer.read();
  const profile = await tf.profile(() => trainer.trainStep());
  const counts = new Map<string, number>();
  for (const k of profile.kernels) counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
  console.log(type, profile.kernels.length, [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}:${n}`).join(' '));
}
