import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { FlatAdam } from '../../../src/core/train/flat-adam';

/** Textbook Adam in float64 over the steps that were applied, t counting only those. */
function referenceAdam(x0: number[], grads: number[][], lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-8): number[] {
  const x = [...x0];
  const m = x.map(() => 0);
  const v = x.map(() => 0);
  grads.forEach((g, k) => {
    const t = k + 1;
    for (let i = 0; i < x.length; i++) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] ** 2;
      x[i] -= (lr * (m[i] / (1 - b1 ** t))) / (Math.sqrt(v[i] / (1 - b2 ** t)) + eps);
    }
  });
  return x;
}

function run(steps: { grad: number[]; ok: boolean }[], lr = 0.1) {
  const x = tf.tidy(() => tf.variable(tf.tensor1d([1, -2]), true));
  const adam = new FlatAdam([x], { lr });
  for (const s of steps) tf.tidy(() => adam.apply(tf.tensor1d(s.grad), tf.scalar(s.ok, 'bool')));
  return { x, adam };
}

describe('FlatAdam', () => {
  it('a skipped step does not advance the step counter: bias correction matches the updates applied', async () => {
    const g1 = [0.5, -1];
    const g2 = [2, 0.25];
    const { x, adam } = run([
      { grad: g1, ok: true },
      { grad: [Number.NaN, 3], ok: false },
      { grad: [7, 7], ok: false },
      { grad: g2, ok: true },
    ]);
    expect(await adam.appliedSteps()).toBe(2);
    const expected = referenceAdam([1, -2], [g1, g2], 0.1);
    const got = Array.from(await x.data());
    // With the counter at 4 (skips counted) the second update would be ~15 % smaller.
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    adam.dispose();
    x.dispose();
  });

  it('a first step that is skipped leaves everything as it was, and the next applied step is t = 1', async () => {
    const { x, adam } = run([{ grad: [Number.NaN, Number.NaN], ok: false }]);
    expect(Array.from(await x.data())).toEqual([1, -2]);
    expect(await adam.appliedSteps()).toBe(0);
    tf.tidy(() => adam.apply(tf.tensor1d([0.5, -1]), tf.scalar(true, 'bool')));
    const expected = referenceAdam([1, -2], [[0.5, -1]], 0.1);
    Array.from(await x.data()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    adam.dispose();
    x.dispose();
  });

  it('reset restarts the counter; no tensors are left behind per step', async () => {
    const { x, adam } = run([{ grad: [1, 1], ok: true }]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.tidy(() => adam.apply(tf.tensor1d([1, 1]), tf.scalar(i % 2 === 0, 'bool')));
    expect(tf.memory().numTensors).toBe(before);
    expect(await adam.appliedSteps()).toBe(4);
    adam.reset();
    expect(await adam.appliedSteps()).toBe(0);
    adam.dispose();
    x.dispose();
  });
});
