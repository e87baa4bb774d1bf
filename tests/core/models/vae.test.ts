import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toySource } from '../../../src/core/data/source';
import { TOY_DATASETS } from '../../../src/core/data/toy';
import { createVae, type Vae } from '../../../src/core/models/vae';
import { Trainer } from '../../../src/core/train/trainer';

const MOONS_FLOOR = TOY_DATASETS.moons.entropy;
const STEPS = 400;

/** Mean over points of a per-point tensor function of [n, 2] points. */
function meanOf(f: (x: tf.Tensor2D) => tf.Tensor1D, points: Float32Array): number {
  return tf.tidy(() => tf.mean(f(tf.tensor2d(points, [points.length / 2, 2]))).dataSync()[0]);
}

/**
 * −log p(x) by brute-force quadrature over a 2-D latent: p(x) = ∫ p(x|z) N(z; 0, I) dz
 * on a fine grid. Independent of the encoder, so it checks −ELBO and IWAE from outside.
 */
function quadratureNll(vae: Vae, points: Float32Array, half = 5, cells = 200): number[] {
  const dz = (2 * half) / cells;
  const grid = new Float32Array(2 * cells * cells);
  for (let i = 0; i < cells; i++)
    for (let j = 0; j < cells; j++) grid.set([-half + (i + 0.5) * dz, -half + (j + 0.5) * dz], 2 * (i * cells + j));
  const out: number[] = [];
  for (let p = 0; p < points.length / 2; p++) {
    out.push(
      tf.tidy(() => {
        const z = tf.tensor2d(grid, [cells * cells, 2]);
        const x = tf.tile(tf.tensor2d(points.subarray(2 * p, 2 * p + 2), [1, 2]), [cells * cells, 1]) as tf.Tensor2D;
        const logPrior = tf.sub(tf.mul(tf.sum(tf.square(z), 1), -0.5), Math.log(2 * Math.PI));
        const logJoint = tf.add(vae.decoderLogLik(x, z), logPrior);
        return -(tf.logSumExp(logJoint).dataSync()[0] + 2 * Math.log(dz));
      }),
    );
  }
  return out;
}

describe('VAE', () => {
  let vae: Vae;
  const source = toySource('moons', 11, { testSize: 2000, validationSize: 500 });
  let initialIwae: number;
  let trainedAt: { negElbo: number; iwae: number };
  let tensorsBefore: number;
  let tensorsAfter: number;

  beforeAll(async () => {
    vae = createVae({ seed: 3, hidden: 64, depth: 2, latent: 2, activation: 'tanh' });
    initialIwae = -meanOf((x) => vae.iwaeLogLik(x, 64, 1), source.test);
    const trainer = new Trainer(vae, source, { lr: 3e-3, batch: 256, seed: 5 });
    trainer.trainStep();
    await trainer.read();
    tensorsBefore = tf.memory().numTensors;
    for (let s = 1; s < STEPS; s++) trainer.trainStep();
    const status = await trainer.read();
    tensorsAfter = tf.memory().numTensors;
    expect(status.skippedSteps).toBe(0);
    trainer.dispose();
    trainedAt = {
      negElbo: meanOf((x) => vae.negElbo(x, 2), source.test),
      iwae: -meanOf((x) => vae.iwaeLogLik(x, 64, 2), source.test),
    };
  });

  afterAll(() => vae.dispose());

  it('leaks no tensors across training steps through the Trainer', () => {
    expect(tensorsAfter).toBe(tensorsBefore);
  });

  it(`improves its IWAE-64 NLL on moons by more than 0.6 nats in ${STEPS} steps and stays above the entropy floor`, () => {
    // Measured: 3.87 → 2.99 (seed 3, tanh, 400 steps, batch 256, lr 3e-3).
    expect(initialIwae - trainedAt.iwae).toBeGreaterThan(0.6);
    expect(trainedAt.iwae).toBeGreaterThan(MOONS_FLOOR);
    expect(trainedAt.negElbo).toBeGreaterThan(MOONS_FLOOR);
    expect(trainedAt.iwae).toBeLessThan(3.3);
  });

  it('IWAE is never worse than −ELBO and does not get worse as k grows', () => {
    expect(trainedAt.iwae).toBeLessThanOrEqual(trainedAt.negElbo);
    const iwaeNll = (k: number) => -meanOf((x) => vae.iwaeLogLik(x, k, 7), source.test);
    const [k1, k8, k64] = [iwaeNll(1), iwaeNll(8), iwaeNll(64)];
    // k = 1 is a one-sample ELBO: the same expectation as −ELBO, within noise.
    expect(Math.abs(k1 - trainedAt.negElbo)).toBeLessThan(0.03);
    // Non-increasing in k, within noise (2,000 points: a few hundredths).
    expect(k8).toBeLessThanOrEqual(k1 + 0.01);
    expect(k64).toBeLessThanOrEqual(k8 + 0.01);
    expect(k64).toBeLessThan(k1);
  });

  it('bounds the true NLL from above, and IWAE with many samples converges to it (quadrature over z)', () => {
    const n = 6;
    const points = source.test.subarray(0, 2 * n);
    const truth = quadratureNll(vae, points);
    const draws = 256;
    // −ELBO is a one-draw estimate: average many draws and compare its expectation.
    const negElbo = tf.tidy(() => {
      const x = tf.tensor2d(points, [n, 2]);
      const all = tf.stack(Array.from({ length: draws }, (_, s) => vae.negElbo(x, 100 + s)));
      const gap = tf.sub(all, tf.tensor1d(truth));
      return { mean: tf.mean(gap).dataSync()[0], sd: tf.sqrt(tf.moments(gap).variance).dataSync()[0] };
    });
    // k = 32,768 over 6 points is 4 chunks of at most 65,536 decoder rows: this also checks how chunks combine.
    const iwae = tf.tidy(() => Array.from(tf.neg(vae.iwaeLogLik(tf.tensor2d(points, [n, 2]), 32_768, 9)).dataSync()));
    // The ELBO gap is small here (q fits well), so allow the estimate's noise: 4 standard errors.
    expect(negElbo.mean).toBeGreaterThan((-4 * negElbo.sd) / Math.sqrt(n * draws));
    for (let i = 0; i < n; i++) expect(Math.abs(iwae[i] - truth[i])).toBeLessThan(0.02);
  });

  it('samples reproducibly from the seed, in the data’s neighbourhood', () => {
    const a = vae.sample(500, 4);
    const b = vae.sample(500, 4);
    const c = vae.sample(500, 5);
    expect(a.shape).toEqual([500, 2]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(c.dataSync()));
    // Moons live in about [−3, 3] × [−2, 2]; a trained VAE's samples mostly do too.
    const inside = Array.from(a.dataSync()).filter((v) => Math.abs(v) < 3.5).length;
    expect(inside / 1000).toBeGreaterThan(0.97);
    tf.dispose([a, b, c]);
  });

  it('can share one free decoder log-variance instead (one extra variable, the same for every z)', () => {
    const shared = createVae({ seed: 1, hidden: 8, decoderVariance: 'shared' });
    const perPoint = createVae({ seed: 1, hidden: 8 });
    expect(shared.variables).toHaveLength(perPoint.variables.length + 1);
    // With the decoder mean zeroed, log p(x|z) depends on z only through the variance.
    const decoderBias = shared.variables[shared.variables.length - 2];
    const decoderWeights = shared.variables[shared.variables.length - 3];
    tf.tidy(() => {
      decoderWeights.assign(tf.zerosLike(decoderWeights));
      decoderBias.assign(tf.zerosLike(decoderBias));
      const x = tf.tensor2d([0.3, -0.2, 0.3, -0.2], [2, 2]);
      const ll = shared.decoderLogLik(x, tf.tensor2d([0, 0, 3, -3], [2, 2])).dataSync();
      expect(ll[0]).toBeCloseTo(ll[1], 6);
      // log N(x; 0, I) at the initial log-variance 0.
      expect(ll[0]).toBeCloseTo(-0.5 * (0.09 + 0.04) - Math.log(2 * Math.PI), 3);
    });
    shared.dispose();
    perPoint.dispose();
  });

  it('rejects nonsensical sizes', () => {
    expect(() => createVae({ seed: 1, latent: 0 })).toThrow(/latent/);
    expect(() => createVae({ seed: 1, hidden: 2.5 })).toThrow(/hidden/);
  });
});
