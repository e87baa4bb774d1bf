import { describe, expect, it } from 'vitest';
import { gridDivergence, gridFor, histogram, histogramDivergence, SMOOTHING } from '../../../src/core/metrics/grid-divergence';
import { createRng } from '../../../src/core/util/rng';

function gaussian(n: number, seed: number, cx = 0, cy = 0): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = cx + rng.normal();
    out[2 * i + 1] = cy + rng.normal();
  }
  return out;
}

describe('grid divergence', () => {
  it('is exactly 0 for identical histograms, even from different sample counts', () => {
    const a = gaussian(5000, 1);
    // Every point twice: twice the count, the same normalised histogram.
    const doubled = new Float32Array(2 * a.length);
    doubled.set(a);
    doubled.set(a, a.length);
    expect(gridDivergence(a, a)).toEqual({ kl: 0, js: 0 });
    expect(gridDivergence(a, doubled).kl).toBeCloseTo(0, 12);
    expect(gridDivergence(a, doubled).js).toBeCloseTo(0, 12);
  });

  it('is positive between different distributions and grows with their distance', () => {
    const data = gaussian(20_000, 1);
    const same = gridDivergence(data, gaussian(20_000, 2));
    const near = gridDivergence(data, gaussian(20_000, 3, 0.5, 0));
    const far = gridDivergence(data, gaussian(20_000, 4, 2, 0));
    // Two samples of one distribution differ bin by bin: the finite-sample floor.
    expect(same.kl).toBeGreaterThan(0);
    expect(same.kl).toBeLessThan(0.2);
    expect(same.js).toBeLessThan(0.03);
    // Unit Gaussians shifted by 0.5: KL = ½·0.5² = 0.125 above that floor, give or take.
    expect(near.kl - same.kl).toBeGreaterThan(0.08);
    expect(near.kl - same.kl).toBeLessThan(0.2);
    expect(near.js).toBeGreaterThan(same.js + 0.01);
    expect(far.kl).toBeGreaterThan(near.kl + 1);
    expect(far.js).toBeGreaterThan(near.js + 0.1);
  });

  it('keeps JS at or below ln 2 and KL finite when the supports are disjoint', () => {
    const data = gaussian(2000, 4);
    const elsewhere = gaussian(2000, 5, 1000, 1000); // all in the overflow bin
    const d = gridDivergence(data, elsewhere);
    expect(d.js).toBeLessThanOrEqual(Math.LN2);
    expect(d.js).toBeGreaterThan(0.99 * Math.LN2);
    expect(Number.isFinite(d.kl)).toBe(true);
    // Data on bins the model never reaches: KL = ln(B/ε) − H(data histogram),
    // between ln(1/ε) (data spread over every bin) and ln(B/ε) (all in one).
    expect(d.kl).toBeGreaterThan(Math.log(1 / SMOOTHING));
    expect(d.kl).toBeLessThan(Math.log((64 * 64 + 1) / SMOOTHING));
  });

  it('counts model samples outside the padded box (and non-finite ones) in the overflow bin', () => {
    const data = new Float32Array([0, 0, 1, 1]);
    const grid = gridFor(data, 4, 0.1);
    expect(grid.x0).toBeCloseTo(-0.1, 6);
    expect(grid.dx).toBeCloseTo(1.2 / 4, 6);
    const h = histogram(new Float32Array([0, 0, 5, 5, Number.NaN, 0, 1, 1]), grid);
    expect(h).toHaveLength(17);
    expect(h[16]).toBe(0.5);
    expect(h[0]).toBe(0.25);
    expect(h[15]).toBe(0.25);
  });

  it('rejects histograms over different bins', () => {
    expect(() => histogramDivergence(new Float64Array(3), new Float64Array(4))).toThrow(/differ in length/);
  });
});
