import * as tf from '@tensorflow/tfjs-core';

export interface Box {
  min: [number, number];
  max: [number, number];
}

/**
 * ∫ exp(logProb) over a box by the midpoint rule on an n×n grid, evaluated in
 * chunks so the intermediate tensors of a deep flow stay a few tens of MB.
 */
export function integrateDensity(logProb: (x: tf.Tensor2D) => tf.Tensor1D, box: Box, n: number, chunkRows = 20_000): number {
  const dx = (box.max[0] - box.min[0]) / n;
  const dy = (box.max[1] - box.min[1]) / n;
  const points = new Float32Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const k = 2 * (i * n + j);
      points[k] = box.min[0] + (i + 0.5) * dx;
      points[k + 1] = box.min[1] + (j + 0.5) * dy;
    }
  }
  let total = 0;
  for (let start = 0; start < n * n; start += chunkRows) {
    const rows = Math.min(chunkRows, n * n - start);
    total += tf.tidy(() => {
      const chunk = tf.tensor2d(points.subarray(2 * start, 2 * (start + rows)), [rows, 2]);
      return tf.sum(tf.exp(logProb(chunk))).dataSync()[0];
    });
  }
  return total * dx * dy;
}

/** The box spanned by the samples, widened on every side by `margin` times its extent. */
export function boxAround(samples: tf.Tensor2D, margin: number): Box {
  const [lo, hi] = tf.tidy(() => [tf.min(samples, 0).arraySync() as number[], tf.max(samples, 0).arraySync() as number[]]);
  const pad = [0, 1].map((d) => margin * (hi[d] - lo[d]));
  return { min: [lo[0] - pad[0], lo[1] - pad[1]], max: [hi[0] + pad[0], hi[1] + pad[1]] };
}
