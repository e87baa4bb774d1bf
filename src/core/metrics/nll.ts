import * as tf from '@tensorflow/tfjs-core';
import { readAndDispose } from '../util/read-back';

export interface NllEstimate {
  /** Mean negative log-likelihood, nats per point. */
  mean: number;
  /** Standard error of that mean over the points. */
  se: number;
  count: number;
}

/**
 * Mean and standard error of −log p over many points, in chunks so a 50,000-point
 * test set never becomes one giant tensor. `logLik` may be exact (flow), a bound
 * (VAE ELBO) or an estimate: the caller labels it.
 */
export async function meanNll(
  logLik: (x: tf.Tensor2D) => tf.Tensor1D,
  points: Float32Array,
  chunk = 8192,
): Promise<NllEstimate> {
  const n = points.length / 2;
  if (!Number.isInteger(n) || n < 1) throw new Error('meanNll needs a non-empty [n, 2] point array');
  let sum = 0;
  let sumSq = 0;
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    const values = await readAndDispose(tf.tidy(() => logLik(tf.tensor2d(points.subarray(2 * start, 2 * (start + size)), [size, 2]))));
    for (let i = 0; i < values.length; i++) {
      sum -= values[i];
      sumSq += values[i] * values[i];
    }
  }
  const mean = sum / n;
  const variance = Math.max(sumSq / n - mean * mean, 0);
  return { mean, se: Math.sqrt(variance / n), count: n };
}
