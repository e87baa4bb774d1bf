import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { toySource } from '../../../src/core/data/source';
import { buildFlow, recipeFor } from '../../../src/core/flows/recipes';
import { FlatAdam } from '../../../src/core/train/flat-adam';
import { cosineSchedule, warmupFactor } from '../../../src/core/train/stability';
import { Trainer } from '../../../src/core/train/trainer';
import { referenceAdam } from '../helpers/reference-adam';

const norm = (g: number[]) => Math.hypot(...g);
const scaled = (g: number[], to: number) => g.map((x) => (x * to) / norm(g));

function adamRun(grads: number[][], clipFactor?: number) {
  const x = tf.tidy(() => tf.variable(tf.tensor1d([1, -2]), true));
  const adam = new FlatAdam([x], { lr: 0.1, clipFactor });
  for (const g of grads) tf.tidy(() => adam.apply(tf.tensor1d(g), tf.scalar(true, 'bool')));
  return { x, adam };
}

describe('learning-rate warm-up', () => {
  it('ramps linearly from 1/steps to 1 and then stays at 1', () => {
    const w = warmupFactor(200);
    expect(w(1)).toBeCloseTo(1 / 200, 12);
    expect(w(100)).toBeCloseTo(0.5, 12);
    expect(w(200)).toBe(1);
    expect(w(5000)).toBe(1);
    expect(warmupFactor(0)(1)).toBe(1);
  });

  it('the trainer applies it on top of the schedule: the first steps move the weights less', async () => {
    // Same gradients for the first step either way (same seed, same weights): the update scales with the lr.
    const firstUpdate = async (warmupSteps: number) => {
      const flow = buildFlow(recipeFor('realnvp', { layers: 2, hidden: 8 }), 1);
      const trainer = new Trainer(flow, toySource('moons', 1), { lr: 1e-2, batch: 64, seed: 1, warmupSteps, schedule: cosineSchedule(1000) });
      // The last layer's bias: the zero-initialised last layer is where the first gradient lands.
      const last = flow.variables[flow.variables.length - 1];
      const before = Array.from(await last.data());
      trainer.trainStep();
      const after = Array.from(await last.data());
      trainer.dispose();
      flow.dispose();
      return Math.hypot(...after.map((v, i) => v - before[i]));
    };
    const full = await firstUpdate(0);
    const ramped = await firstUpdate(100);
    expect(full).toBeGreaterThan(0);
    // Adam's first step is lr·sign(g) per weight, so the ratio is the warm-up factor 1/100.
    expect(ramped / full).toBeCloseTo(1 / 100, 3);
  });
});

describe('gradient-norm clipping relative to the running average', () => {
  it('passes ordinary gradients untouched: plain Adam', async () => {
    const grads = [[0.5, -1], [0.6, -0.9], [0.4, -1.1]];
    const { x, adam } = adamRun(grads, 2);
    const expected = referenceAdam([1, -2], grads, 0.1);
    Array.from(await x.data()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    expect(await adam.averageGradientNorm()).toBeGreaterThan(1);
    adam.dispose();
    x.dispose();
  });

  it('scales an outlier back to clipFactor × the running norm, direction kept', async () => {
    const steady = [0.6, -0.8]; // norm 1
    const spike = [300, 400]; // norm 500, another direction
    const { x, adam } = adamRun([steady, steady, steady, spike], 2);
    // The average of three norm-1 gradients is 1, so the spike enters Adam as norm 2.
    const expected = referenceAdam([1, -2], [steady, steady, steady, scaled(spike, 2)], 0.1);
    Array.from(await x.data()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    // The clipped norm (2), not the spike's (500), enters the running average: 1 + 0.02·(2 − 1).
    expect(await adam.averageGradientNorm()).toBeCloseTo(1.02, 4);
    adam.dispose();
    x.dispose();
  });

  it('an outlier no longer stalls the steps after it (unclipped, Adam divides by its square for ~1,000 steps)', async () => {
    const steady = [0.6, -0.8];
    const spike = [300, 400];
    const lastStep = async (clipFactor?: number) => {
      // 20 ordinary steps after it: its share of m has decayed (0.9²⁰), its share of v has not (0.999²⁰).
      const { x, adam } = adamRun([steady, steady, steady, spike, ...Array(20).fill(steady)], clipFactor);
      const before = Array.from(await x.data());
      tf.tidy(() => adam.apply(tf.tensor1d(steady), tf.scalar(true, 'bool')));
      const after = Array.from(await x.data());
      adam.dispose();
      x.dispose();
      return Math.hypot(after[0] - before[0], after[1] - before[1]);
    };
    const { x, adam } = adamRun(Array(24).fill(steady));
    const before = Array.from(await x.data());
    tf.tidy(() => adam.apply(tf.tensor1d(steady), tf.scalar(true, 'bool')));
    const after = Array.from(await x.data());
    const normal = Math.hypot(after[0] - before[0], after[1] - before[1]);
    adam.dispose();
    x.dispose();
    const clipped = await lastStep(2);
    const unclipped = await lastStep();
    console.info(`step 20 after an outlier, against a step without one: ${(unclipped / normal).toFixed(3)} (no clip), ${(clipped / normal).toFixed(3)} (clip ×2)`);
    expect(unclipped).toBeLessThan(0.2 * normal);
    expect(clipped).toBeGreaterThan(0.8 * normal);
  });

  it('reset forgets the average (the first step after it sets it again), and nothing leaks per step', async () => {
    const { x, adam } = adamRun([[3, 4]], 2);
    expect(await adam.averageGradientNorm()).toBeCloseTo(5, 5);
    adam.reset();
    expect(await adam.averageGradientNorm()).toBe(0);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.tidy(() => adam.apply(tf.tensor1d([0.3, 0.4]), tf.scalar(true, 'bool')));
    expect(tf.memory().numTensors).toBe(before);
    expect(await adam.averageGradientNorm()).toBeCloseTo(0.5, 5);
    expect(() => new FlatAdam([x], { lr: 0.1, clipFactor: 0.5 })).toThrow(/clipFactor must be at least 1/);
    adam.dispose();
    x.dispose();
  });
});
