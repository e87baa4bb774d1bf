import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { constantLinear, dense, type DenseActivation } from '../../../src/core/nn/fast-linear';

/*
 * The hand-written backward passes against tfjs's own autodiff of the same
 * maths, on random inputs with a random upstream gradient (loss = Σ y ⊙ r, so
 * every output entry gets its own weight). Float32 on both sides: agreement to
 * 1e-5 relative (1e-6 absolute near zero) is far tighter than any wrong formula
 * allows (a missing transpose or activation derivative is off by O(1)).
 */

const ACTIVATIONS: DenseActivation[] = ['linear', 'relu', 'tanh', 'elu', 'leakyrelu'];

function reference(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, activation: DenseActivation): tf.Tensor {
  const z = tf.add(tf.matMul(x, w), b);
  if (activation === 'relu') return tf.relu(z);
  if (activation === 'tanh') return tf.tanh(z);
  if (activation === 'elu') return tf.elu(z);
  if (activation === 'leakyrelu') return tf.leakyRelu(z, 0.1);
  return z;
}

/** Largest |a − b| / (1e-6/1e-5 + |b|) over all entries: ≤ 1 means within tolerance. */
async function worstRatio(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  expect(a.shape).toEqual(b.shape);
  const [got, want] = [await a.data(), await b.data()];
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / (1e-6 + 1e-5 * Math.abs(want[i])));
  return worst;
}

describe('dense: hand-written gradients equal tfjs autodiff', () => {
  it.each(ACTIVATIONS)('%s: value and the gradients for x, W and b', async (activation) => {
    const seed = ACTIVATIONS.indexOf(activation) + 1;
    const [batch, nIn, nOut] = [37, 5, 11];
    const x = tf.randomNormal([batch, nIn], 0, 1, 'float32', seed) as tf.Tensor2D;
    const w = tf.randomNormal([nIn, nOut], 0, 0.7, 'float32', seed + 10) as tf.Tensor2D;
    const b = tf.randomNormal([nOut], 0, 0.5, 'float32', seed + 20) as tf.Tensor1D;
    const r = tf.randomNormal([batch, nOut], 0, 1, 'float32', seed + 30);
    const lossOf = (f: typeof reference) => (xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) =>
      tf.sum(tf.mul(f(xs as tf.Tensor2D, ws as tf.Tensor2D, bs as tf.Tensor1D, activation), r)) as tf.Scalar;

    const ours = tf.grads(lossOf(dense))([x, w, b]);
    const theirs = tf.grads(lossOf(reference))([x, w, b]);
    const value = dense(x, w, b, activation);
    const expected = reference(x, w, b, activation);

    expect(await worstRatio(value, expected), 'value').toBeLessThanOrEqual(1);
    for (const [i, name] of ['x', 'W', 'b'].entries()) {
      expect(await worstRatio(ours[i], theirs[i]), `d/d${name}`).toBeLessThanOrEqual(1);
      // A gradient of all zeros would agree with a broken reference too: this one is not.
      expect(tf.max(tf.abs(theirs[i])).dataSync()[0], `d/d${name} is not trivially zero`).toBeGreaterThan(1e-3);
    }
    tf.dispose([x, w, b, r, value, expected, ...ours, ...theirs]);
  });

  it('leaves no tensors behind across forward and backward passes', () => {
    const x = tf.randomNormal([8, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
    const w = tf.variable(tf.randomNormal([3, 4], 0, 1, 'float32', 2) as tf.Tensor2D);
    const b = tf.variable(tf.zeros([4]) as tf.Tensor1D);
    const step = () => tf.tidy(() => tf.variableGrads(() => tf.sum(dense(x, w as tf.Variable<tf.Rank.R2>, b as tf.Variable<tf.Rank.R1>, 'tanh')) as tf.Scalar));
    tf.dispose(step().grads); // the first pass caches its row of ones
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const { value, grads } = step();
      tf.dispose([value, ...Object.values(grads)]);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w, b]);
  });
});

describe('constantLinear', () => {
  it('x·M and its gradient dy·Mᵀ equal tfjs autodiff of matMul', async () => {
    const rows = [
      [0.5, -1, 2],
      [3, 0, -0.25],
    ];
    const map = constantLinear(rows);
    const m = tf.tensor2d(rows);
    const x = tf.randomNormal([9, 2], 0, 1, 'float32', 7) as tf.Tensor2D;
    const r = tf.randomNormal([9, 3], 0, 1, 'float32', 8);
    const ours = tf.grad((xs: tf.Tensor) => tf.sum(tf.mul(map.apply(xs as tf.Tensor2D), r)))(x);
    const theirs = tf.grad((xs: tf.Tensor) => tf.sum(tf.mul(tf.matMul(xs as tf.Tensor2D, m), r)))(x);
    const value = map.apply(x);
    const expected = tf.matMul(x, m);
    expect(await worstRatio(value, expected)).toBeLessThanOrEqual(1);
    expect(await worstRatio(ours, theirs)).toBeLessThanOrEqual(1);
    map.dispose();
    tf.dispose([m, x, r, ours, theirs, value, expected]);
  });
});
