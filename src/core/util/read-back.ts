import type * as tf from '@tensorflow/tfjs-core';

/**
 * Read a tensor back asynchronously and dispose it whether or not the read
 * succeeds: a read-back that rejects (a lost GPU device, a dead backend) must
 * not leak the tensor it was reading.
 */
export async function readAndDispose(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}
