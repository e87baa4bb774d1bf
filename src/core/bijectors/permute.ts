import * as tf from '@tensorflow/tfjs-core';
import type { Bijector, BijectorResult } from './bijector';

/** Swap the two coordinates: its own inverse, volume-preserving. 1 kernel per call. */
export class Permute implements Bijector {
  readonly kind = 'permute' as const;
  readonly variables: readonly tf.Variable[] = [];

  forward(z: tf.Tensor2D): BijectorResult {
    return swap(z);
  }

  inverse(x: tf.Tensor2D): BijectorResult {
    return swap(x);
  }

  dispose(): void {}
}

/** For two columns, reversing axis 1 is the swap in one op (a gather would need an index tensor). */
function swap(input: tf.Tensor2D): BijectorResult {
  return tf.tidy(() => ({ y: tf.reverse(input, 1), logDet: tf.zeros([input.shape[0]]) as tf.Tensor1D }));
}
