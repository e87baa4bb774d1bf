import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../../src/core/util/rng';

/**
 * Two interleaved half circles with Gaussian noise (sklearn's make_moons),
 * centred and scaled to roughly unit spread. Local to the tests so they do not
 * depend on the app's data module.
 */
export function moons(n: number, rng: Rng, noise = 0.1): tf.Tensor2D {
  const values = new Float32Array(2 * n);
  for (let k = 0; k < n; k++) {
    const upper = k % 2 === 0;
    const angle = Math.PI * rng.uniform();
    const x = upper ? Math.cos(angle) : 1 - Math.cos(angle);
    const y = upper ? Math.sin(angle) : 0.5 - Math.sin(angle);
    values[2 * k] = 1.2 * (x - 0.5 + noise * rng.normal());
    values[2 * k + 1] = 1.2 * (y - 0.25 + noise * rng.normal());
  }
  return tf.tensor2d(values, [n, 2]);
}
