import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../../src/core/util/rng';

/**
 * Overwrite every variable with N(0, scale²) draws from the seeded stream.
 * Fresh couplings are the identity, so a contract checked at initial values
 * would miss most of the maths.
 */
export function randomizeVariables(variables: readonly tf.Variable[], rng: Rng, scale: number): void {
  for (const v of variables) {
    const values = Float32Array.from({ length: v.size }, () => scale * rng.normal());
    const value = tf.tensor(values, v.shape);
    v.assign(value);
    // assign() shares the data; the tensor object itself is ours to release.
    value.dispose();
  }
}

/** Random normal points [n, 2] from the seeded stream, optionally scaled and shifted per column. */
export function randomPoints(n: number, rng: Rng, scale: [number, number] = [1, 1], shift: [number, number] = [0, 0]): tf.Tensor2D {
  const values = new Float32Array(2 * n);
  for (let k = 0; k < n; k++) {
    values[2 * k] = shift[0] + scale[0] * rng.normal();
    values[2 * k + 1] = shift[1] + scale[1] * rng.normal();
  }
  return tf.tensor2d(values, [n, 2]);
}
