import { describe, expect, it } from 'vitest';
import { fitKde } from '../../../src/core/metrics/kde';
import { createRng } from '../../../src/core/util/rng';

const LOG_2PI = Math.log(2 * Math.PI);

/** Samples of N(0, Σ) with Σ = [[1, 0.5], [0.5, 0.5]] (correlated, unequal variances), via its Cholesky factor. */
const SIGMA_DET = 1 * 0.5 - 0.5 * 0.5;
function correlatedGaussian(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    out[2 * i] = a;
    out[2 * i + 1] = 0.5 * a + 0.5 * rng.normal();
  }
  return out;
}

function meanNll(logProb: Float64Array): number {
  return -logProb.reduce((s, v) => s + v, 0) / logProb.length;
}

describe('kernel density estimate', () => {
  it('scores fresh points of a known 2-D Gaussian within 0.02 nats of the analytic NLL', async () => {
    const kde = await fitKde(correlatedGaussian(10_000, 1), correlatedGaussian(2000, 2));
    const n = 5000;
    const test = correlatedGaussian(n, 3);
    const kdeNll = meanNll(kde.logProb(test));
    // The true NLL on the same points, so the comparison is free of test-set noise.
    let exact = 0;
    for (let i = 0; i < n; i++) {
      const a = test[2 * i];
      const b = (test[2 * i + 1] - 0.5 * a) / 0.5;
      exact += (0.5 * (a * a + b * b) + LOG_2PI + 0.5 * Math.log(SIGMA_DET)) / n;
    }
    // Smoothing only blurs, so the KDE sits above the truth, but by < 0.02 nats.
    expect(kdeNll).toBeGreaterThan(exact);
    expect(kdeNll - exact).toBeLessThan(0.02);
    // And those points' exact NLL is the analytic 1 + ln 2π + ½ ln det Σ within 3 standard errors (sd of −log p is 1).
    const analytic = 1 + LOG_2PI + 0.5 * Math.log(SIGMA_DET);
    expect(Math.abs(exact - analytic)).toBeLessThan(3 / Math.sqrt(n));
    // Silverman's rule for this Σ and M is ≈ 0.2; likelihood cross-validation picks something of that order.
    expect(kde.bandwidth).toBeGreaterThan(0.08);
    expect(kde.bandwidth).toBeLessThan(0.3);
  });

  it('is one Gaussian bump per sample, normalised by every sample including non-finite ones', async () => {
    const h = 0.3;
    const kde = await fitKde(new Float32Array([1, 2, Number.NaN, 0]), new Float32Array([0, 0, 1, 1]), { bandwidth: h });
    expect(kde.sampleCount).toBe(2);
    // Near the sample, and far away (where the cut-off search falls back to the exact sum).
    const points = new Float32Array([1.1, 2.2, 40, -30]);
    const lp = kde.logProb(points);
    const expected = (x: number, y: number) => -((x - 1) ** 2 + (y - 2) ** 2) / (2 * h * h) - Math.log(2) - LOG_2PI - 2 * Math.log(h);
    expect(lp[0]).toBeCloseTo(expected(Math.fround(1.1), Math.fround(2.2)), 10);
    expect(lp[1]).toBeCloseTo(expected(40, -30), 6);
  });

  it('agrees with the untruncated sum at every point of a clustered sample', async () => {
    const rng = createRng(5);
    const samples = new Float32Array(2 * 3000);
    for (let i = 0; i < 3000; i++) {
      // Three tight clusters far apart: sparse gaps, dense cells.
      const c = i % 3;
      samples[2 * i] = 4 * c + 0.1 * rng.normal();
      samples[2 * i + 1] = (c === 1 ? 3 : 0) + 0.1 * rng.normal();
    }
    const points = new Float32Array(2 * 200);
    for (let i = 0; i < 400; i++) points[i] = 10 * rng.uniform() - 1;
    for (const h of [0.01, 0.05, 0.5]) {
      const lp = (await fitKde(samples, points, { bandwidth: h })).logProb(points);
      for (let i = 0; i < 200; i++) {
        let max = -Infinity;
        const terms: number[] = [];
        for (let j = 0; j < 3000; j++) {
          const t = -((samples[2 * j] - points[2 * i]) ** 2 + (samples[2 * j + 1] - points[2 * i + 1]) ** 2) / (2 * h * h);
          terms.push(t);
          max = Math.max(max, t);
        }
        const exact = max + Math.log(terms.reduce((s, t) => s + Math.exp(t - max), 0)) - Math.log(3000) - LOG_2PI - 2 * Math.log(h);
        expect(Math.abs(lp[i] - exact)).toBeLessThan(1e-6 * Math.max(1, Math.abs(exact)));
      }
    }
  });

  it('chooses a smaller bandwidth for more samples of the same density', async () => {
    const validation = correlatedGaussian(1000, 9);
    const few = await fitKde(correlatedGaussian(300, 7), validation);
    const many = await fitKde(correlatedGaussian(5000, 8), validation);
    expect(many.bandwidth).toBeLessThan(few.bandwidth);
    expect(many.validationLogLik).toBeGreaterThan(few.validationLogLik);
  });
});
