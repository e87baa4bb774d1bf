import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { FlatAdam } from '../../../src/core/train/flat-adam';
import { referenceAdam } from '../helpers/reference-adam';

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

  it('follows tf.train.adam step for step on a small network with random data (several variables and shapes)', async () => {
    // Two copies of the same parameters, each trained on its own gradients of
    // the same loss: differences compound over the steps, so agreement at the
    // end checks the moments, the bias correction and the flatten/split order.
    const shapes: number[][] = [[3, 5], [5], [5, 2], [2]];
    const init = shapes.map((shape, i) => tf.randomNormal(shape, 0, 0.8, 'float32', 40 + i));
    const copy = (tag: string) => tf.tidy(() => init.map((t, i) => tf.variable(t.clone(), true, `${tag}-${i}`)));
    const ours = copy('flat');
    const theirs = copy('tf');
    const x = tf.randomNormal([64, 3], 0, 1, 'float32', 50);
    const y = tf.randomNormal([64, 2], 0, 1, 'float32', 51);
    const loss = ([w1, b1, w2, b2]: tf.Variable[]) => () =>
      tf.mean(tf.square(tf.sub(tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, w1), b1)), w2), b2), y))) as tf.Scalar;

    // Epsilon given: tf.train.adam's default is the backend's (1e-7 in float32), FlatAdam's 1e-8.
    const settings = { lr: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-8 };
    const flat = new FlatAdam(ours, settings);
    const reference = tf.train.adam(settings.lr, settings.beta1, settings.beta2, settings.epsilon);
    const losses: number[] = [];
    for (let step = 0; step < 12; step++) {
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(loss(ours), ours);
        losses.push(value.dataSync()[0]);
        flat.apply(flat.flatten(grads), tf.scalar(true, 'bool'));
      });
      tf.tidy(() => {
        const { grads } = tf.variableGrads(loss(theirs), theirs);
        reference.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
      });
    }
    expect(losses[11], 'the steps did something').toBeLessThan(0.8 * losses[0]);
    expect(await flat.appliedSteps()).toBe(12);
    for (let i = 0; i < shapes.length; i++) {
      const [got, want] = [await ours[i].data(), await theirs[i].data()];
      const moved = Math.max(...Array.from(want, (w, j) => Math.abs(w - init[i].dataSync()[j])));
      expect(moved, `variable ${i} moved`).toBeGreaterThan(0.05);
      // Float32 rounding of two equivalent update formulas over 12 steps: measured ≤ 1.2e-6.
      for (let j = 0; j < want.length; j++) expect(Math.abs(got[j] - want[j]), `variable ${i}[${j}]`).toBeLessThan(1e-5);
    }
    flat.dispose();
    reference.dispose();
    tf.dispose([...init, ...ours, ...theirs, x, y]);
  });
});
