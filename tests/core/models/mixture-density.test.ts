import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  LOG_SCALE_FLOOR,
  MIXTURE_COMPONENTS,
  mixtureFromRaw,
  mixtureLogProb,
  mixtureSample,
  rawLogScale,
  type Mixture,
  type MixtureComponent,
} from '../../../src/core/models/mixture-density';

/** The component densities written out in plain JS, independently of the tensor code. */
const PDF: Record<MixtureComponent, (x: number, mean: number, scale: number) => number> = {
  gaussian: (x, m, s) => Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI)),
  logistic: (x, m, s) => {
    const e = Math.exp(-(x - m) / s);
    return e / (s * (1 + e) ** 2);
  },
};

/** A lopsided three-component mixture shared by every row: weights 0.2, 0.5, 0.3. */
const WEIGHTS = [0.2, 0.5, 0.3];
const MEANS = [-2, 0.5, 1.5];
const SCALES = [0.3, 0.8, 0.2];

function sharedMixture(): Mixture {
  return {
    logits: tf.tensor2d([WEIGHTS.map(Math.log)]),
    means: tf.tensor2d([MEANS]),
    logScales: tf.tensor2d([SCALES.map(Math.log)]),
  };
}

function mixturePdf(component: MixtureComponent, x: number): number {
  return WEIGHTS.reduce((sum, w, k) => sum + w * PDF[component](x, MEANS[k], SCALES[k]), 0);
}

describe.each(MIXTURE_COMPONENTS)('a %s mixture', (component) => {
  it('has the log-density of the weighted sum of its components, far into the tails too', () => {
    const xs = [-6, -2.1, -0.4, 0.5, 1.49, 2.2, 7];
    const got = tf.tidy(() => Array.from(mixtureLogProb(tf.tensor1d(xs), sharedMixture(), component).dataSync()));
    xs.forEach((x, i) => expect(got[i]).toBeCloseTo(Math.log(mixturePdf(component, x)), 4));
  });

  it('gives each row its own mixture when the parameters have one row per point', () => {
    const got = tf.tidy(() => {
      const mixture = { logits: tf.zeros([2, 1]) as tf.Tensor2D, means: tf.tensor2d([[0], [3]]), logScales: tf.tensor2d([[0], [Math.log(2)]]) };
      return Array.from(mixtureLogProb(tf.tensor1d([1, 1]), mixture, component).dataSync());
    });
    expect(got[0]).toBeCloseTo(Math.log(PDF[component](1, 0, 1)), 5);
    expect(got[1]).toBeCloseTo(Math.log(PDF[component](1, 3, 2)), 5);
  });

  it('draws samples whose histogram matches the density (χ² over 40 bins), reproducibly from the seed', () => {
    const n = 100_000;
    const samples = tf.tidy(() => mixtureSample(sharedMixture(), n, 17, component).dataSync());
    const again = tf.tidy(() => mixtureSample(sharedMixture(), 1000, 17, component).dataSync());
    const other = tf.tidy(() => mixtureSample(sharedMixture(), 1000, 18, component).dataSync());
    expect(Array.from(again)).toEqual(Array.from(samples.subarray(0, 1000)));
    expect(Array.from(other)).not.toEqual(Array.from(again));
    // Bins of 0.2 over [−4, 4]; expected counts by a 50-point midpoint rule in each bin.
    const bins = 40;
    const lo = -4;
    const width = 0.2;
    const counts = new Array<number>(bins).fill(0);
    for (const v of samples) {
      const b = Math.floor((v - lo) / width);
      if (b >= 0 && b < bins) counts[b] += 1;
    }
    let chi2 = 0;
    let dof = 0;
    for (let b = 0; b < bins; b++) {
      let mass = 0;
      for (let j = 0; j < 50; j++) mass += mixturePdf(component, lo + (b + (j + 0.5) / 50) * width) * (width / 50);
      const expected = n * mass;
      if (expected < 5) continue;
      chi2 += (counts[b] - expected) ** 2 / expected;
      dof += 1;
    }
    // χ²/dof has mean 1 and sd √(2/dof) ≈ 0.24 here; a wrong scale, weight or
    // shape in the sampler gives hundreds. 2 is about 4 sd above the mean.
    expect(dof).toBeGreaterThan(25);
    expect(chi2 / dof).toBeLessThan(2);
  });
});

describe('the log-scale floor', () => {
  it('leaves ordinary log-scales alone and keeps collapsing ones above the floor', () => {
    const got = tf.tidy(() => Array.from(mixtureFromRaw(tf.tensor2d([[0, 0, 1, 1, -1, -30]])).logScales.dataSync()));
    expect(got[0]).toBeCloseTo(-1, 2);
    expect(got[1]).toBeGreaterThanOrEqual(LOG_SCALE_FLOOR);
  });

  it('rawLogScale is its inverse', () => {
    for (const s of [-6.5, -3, 0, 2]) {
      const got = tf.tidy(() => mixtureFromRaw(tf.tensor2d([[0, 0, rawLogScale(s)]])).logScales.dataSync()[0]);
      expect(got).toBeCloseTo(s, 4);
    }
  });
});
