import * as tf from '@tensorflow/tfjs-core';
import type { DensityModel, LikelihoodKind, ModelFamily } from '../models/density-model';
import { readAndDispose } from '../util/read-back';
import { createRng } from '../util/rng';
import { gridDivergence } from './grid-divergence';
import { fitKde } from './kde';
import { meanNll, type NllEstimate } from './nll';

/**
 * The one scorer for all three families, used by the CLI and the app, so every
 * NLL in a comparison is measured on the same points and says what it is:
 *
 * - flow: exact log p(x) summed over the chain → kind 'exact'.
 * - VAE: −ELBO and IWAE-k. Both are 'bound's: −ELBO ≥ NLL for every point, and
 *   the IWAE-k figure is an upper bound on the NLL *in expectation* (Jensen on
 *   the log of an unbiased estimate of p(x)) for every k, tighter as k grows.
 *   Each is computed from random draws, so a single figure can sit a standard
 *   error or so on either side of its expectation; averaged over 50,000 test
 *   points that noise is far below the gap between the two. The headline is
 *   IWAE-k, the tighter of the two.
 * - GAN: no likelihood at all. A Gaussian KDE over its samples gives an
 *   'estimate', biased upward by the smoothing (how much is measured by feeding
 *   the KDE real data; see bench/compare.ts) and not a bound in either direction.
 *
 * Every family also gets the grid KL/JS of its samples against the test points,
 * which needs no likelihood and so compares all three on equal terms.
 */
export interface ScoreData {
  test: Float32Array;
  validation: Float32Array;
}

export interface ScoreOptions {
  /** Importance samples per point for the VAE's IWAE figure. */
  iwaeK?: number;
  /** Model samples the GAN's KDE is built from. */
  kdeSamples?: number;
  /**
   * Model samples histogrammed for the grid divergences (default: as many as
   * test points); 0 skips them (NaN). Both sides need tens of thousands of
   * points or the histogram noise dominates (see grid-divergence.ts).
   */
  gridSamples?: number;
  seed: number;
}

export interface ModelScore {
  family: ModelFamily;
  /** The kind of `testNll`. */
  kind: LikelihoodKind;
  /** Headline test NLL, nats per point: exact (flow), IWAE-k (VAE), KDE (GAN). */
  testNll: number;
  testNllSe: number;
  /** VAE only: −ELBO on the test points (kind 'bound'). */
  negElbo?: NllEstimate;
  /** VAE only: IWAE-k NLL on the test points (kind 'bound', in expectation). */
  iwae?: NllEstimate & { k: number };
  /** GAN only: the KDE that produced its figure. */
  kde?: { bandwidth: number; samples: number; validationNll: number };
  /** KL(test ‖ model samples) on the shared grid, nats. */
  gridKl: number;
  /** Jensen–Shannon divergence on the same grid, nats (≤ ln 2). */
  gridJs: number;
}

/** Points per tensor chunk: IWAE multiplies each by up to k decoder rows, so keep it modest. */
const CHUNK = 4096;

export async function scoreModel(model: DensityModel, data: ScoreData, options: ScoreOptions): Promise<ModelScore> {
  const rng = createRng(options.seed);
  const iwaeK = options.iwaeK ?? 256;
  const kdeSamples = options.kdeSamples ?? 10_000;
  const gridSamples = options.gridSamples ?? data.test.length / 2;

  const grid = gridSamples > 0 ? gridDivergence(data.test, await sampleData(model, gridSamples, rng.seed())) : { kl: NaN, js: NaN };
  const common = { family: model.family, kind: model.kind, gridKl: grid.kl, gridJs: grid.js };

  if (isVae(model)) {
    const negElbo = await meanNll((x) => tf.neg(model.negElbo(x, rng.seed())) as tf.Tensor1D, data.test, CHUNK);
    const iwae = await meanNll((x) => model.iwaeLogLik(x, iwaeK, rng.seed()), data.test, CHUNK);
    return { ...common, testNll: iwae.mean, testNllSe: iwae.se, negElbo, iwae: { ...iwae, k: iwaeK } };
  }
  if (hasLogProb(model)) {
    const nll = await meanNll((x) => model.logProb(x), data.test);
    return { ...common, testNll: nll.mean, testNllSe: nll.se };
  }
  const kde = await fitKde(await sampleData(model, kdeSamples, rng.seed()), data.validation);
  const nll = summarise(kde.logProb(data.test));
  return {
    ...common,
    testNll: nll.mean,
    testNllSe: nll.se,
    kde: { bandwidth: kde.bandwidth, samples: kdeSamples, validationNll: -kde.validationLogLik },
  };
}

/** n model samples as a row-major Float32Array (read back asynchronously). */
export async function sampleData(model: DensityModel, n: number, seed: number): Promise<Float32Array> {
  return readAndDispose(model.sample(n, seed));
}

/** Mean and standard error of −log p from per-point log-likelihoods. */
export function summarise(logLik: ArrayLike<number>): NllEstimate {
  const n = logLik.length;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    sum -= logLik[i];
    sumSq += logLik[i] * logLik[i];
  }
  const mean = sum / n;
  return { mean, se: Math.sqrt(Math.max(sumSq / n - mean * mean, 0) / n), count: n };
}

interface VaeLike extends DensityModel {
  negElbo(x: tf.Tensor2D, seed: number): tf.Tensor1D;
  iwaeLogLik(x: tf.Tensor2D, k: number, seed: number): tf.Tensor1D;
}

function isVae(model: DensityModel): model is VaeLike {
  return model.family === 'vae' && typeof (model as Partial<VaeLike>).iwaeLogLik === 'function';
}

function hasLogProb(model: DensityModel): model is DensityModel & { logProb(x: tf.Tensor2D): tf.Tensor1D } {
  return model.kind === 'exact' && typeof (model as { logProb?: unknown }).logProb === 'function';
}
