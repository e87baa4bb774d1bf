import * as tf from '@tensorflow/tfjs-core';
import { yieldToEventLoop } from './yield';

/** Longest stretch of read-back work between two turns of the event loop. */
const WORK_MS_BETWEEN_YIELDS = 20;

/**
 * A per-point function of many points, evaluated chunk by chunk with the event
 * loop given a turn whenever a stretch of work passes WORK_MS_BETWEEN_YIELDS,
 * so a long read-back never delays a Pause by more than one chunk.
 */
export async function perPointChunked(
  fn: (x: tf.Tensor2D) => tf.Tensor1D,
  points: Float32Array,
  chunk: number,
): Promise<Float32Array> {
  const n = points.length / 2;
  const out = new Float32Array(n);
  let since = performance.now();
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    const values = tf.tidy(() => fn(tf.tensor2d(points.subarray(2 * start, 2 * (start + size)), [size, 2])));
    // A rejected read (a lost GPU) must not leak the chunk's tensor.
    try {
      out.set(await values.data(), start);
    } finally {
      values.dispose();
    }
    if (performance.now() - since > WORK_MS_BETWEEN_YIELDS) {
      await yieldToEventLoop();
      since = performance.now();
    }
  }
  return out;
}
