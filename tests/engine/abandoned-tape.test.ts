import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { freeAbandonedTape } from '../../src/engine/abandoned-tape';

describe('freeAbandonedTape', () => {
  it('frees the backward-pass copies a gradient computation that threw left behind', () => {
    const w = tf.variable(tf.ones([4, 4]));
    const x = tf.ones([8, 4]);
    const before = tf.memory().numTensors;
    expect(freeAbandonedTape(), 'nothing abandoned to begin with').toBe(0);
    expect(() =>
      tf.tidy(() =>
        tf.variableGrads(() => {
          const h = tf.tanh(tf.matMul(x, w));
          tf.exp(h); // kernels that save their inputs or outputs for backprop
          throw new Error('a kernel failed mid-step');
        }),
      ),
    ).toThrow('a kernel failed mid-step');
    const leaked = tf.memory().numTensors - before;
    expect(leaked, 'tfjs keeps the saved tensors of a failed forward pass').toBeGreaterThan(0);
    expect(freeAbandonedTape()).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
    // And nothing is left to free after a clean gradient computation.
    tf.tidy(() => {
      tf.variableGrads(() => tf.sum(tf.matMul(x, w)) as tf.Scalar);
    });
    expect(freeAbandonedTape()).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
    x.dispose();
  });
});
