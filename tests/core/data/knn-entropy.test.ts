import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/util/rng';
import { knnEntropy, kthNeighbourLogDistances } from './knn-entropy';

/** The estimator the toy-data tests lean on must itself be right. */
describe('knn entropy helper', () => {
  it('finds the same k-th neighbour distances as a brute-force search', () => {
    const rng = createRng(5);
    // Clumped and spread points together, so buckets hold very different counts.
    const pts = new Float32Array(2 * 1000);
    for (let i = 0; i < pts.length; i++) pts[i] = i % 4 < 2 ? 0.05 * rng.normal() : 6 * rng.uniform() - 3;
    for (const k of [1, 3]) {
      const fast = kthNeighbourLogDistances(pts, k);
      for (let i = 0; i < 1000; i++) {
        const d: number[] = [];
        for (let j = 0; j < 1000; j++) if (j !== i) d.push(Math.hypot(pts[2 * i] - pts[2 * j], pts[2 * i + 1] - pts[2 * j + 1]));
        d.sort((a, b) => a - b);
        expect(fast[i]).toBeCloseTo(Math.log(d[k - 1]), 10);
      }
    }
  });

  it('recovers the entropy of a Gaussian and of a uniform square', () => {
    const rng = createRng(6);
    const n = 20_000;
    const gauss = new Float32Array(2 * n).map(() => 0.7 * rng.normal());
    const square = new Float32Array(2 * n).map(() => 3 * rng.uniform());
    // H(N(0, σ²I₂)) = 1 + ln(2πσ²);  H(U[0,3]²) = ln 9.
    expect(Math.abs(knnEntropy(gauss, 2) - (1 + Math.log(2 * Math.PI * 0.49)))).toBeLessThan(0.03);
    expect(Math.abs(knnEntropy(square, 2) - Math.log(9))).toBeLessThan(0.03);
  });
});
