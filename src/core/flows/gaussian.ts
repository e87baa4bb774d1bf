import * as tf from '@tensorflow/tfjs-core';

const LOG_2PI = Math.log(2 * Math.PI);

/** log N(z; 0, I) per row of a [batch, 2] tensor. */
export function standardNormalLogProb(z: tf.Tensor2D): tf.Tensor1D {
  const d = z.shape[1];
  // −½‖z‖² − (d/2)·log 2π, as one square-sum and one fused scale-and-shift.
  return tf.sub(tf.mul(tf.sum(tf.square(z), 1), -0.5), (d / 2) * LOG_2PI) as tf.Tensor1D;
}
