import * as tf from '@tensorflow/tfjs-core';

/**
 * log|det J| per sample of a map on [batch, 2] points, by autodiff. Rows of the
 * batch are independent, so the gradient of Σ_batch y[:, i] with respect to the
 * input holds row i of every sample's 2×2 Jacobian: two tf.grad calls in all.
 */
export function autodiffLogAbsDet(map: (x: tf.Tensor2D) => tf.Tensor2D, x: tf.Tensor2D): number[] {
  const [row0, row1] = [0, 1].map((i) =>
    tf.tidy(() => {
      const column = (input: tf.Tensor) => tf.sum(tf.slice(map(input as tf.Tensor2D), [0, i], [-1, 1]));
      return tf.grad(column)(x).arraySync() as number[][];
    }),
  );
  return row0.map((r0, k) => Math.log(Math.abs(r0[0] * row1[k][1] - r0[1] * row1[k][0])));
}
