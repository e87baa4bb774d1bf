import { SCORE_CONSTANTS, type DensityModel, type Figure, type LikelihoodKind, type ModelFamily } from '../models/density-model';
import { readAndDispose } from '../util/read-back';
import { createRng } from '../util/rng';
import { evaluateFigures } from './evaluate';
import { gridDivergence } from './grid-divergence';

/**
 * The CLI's scorer: each model's own figures (model.scorer) through the one
 * chunked evaluator the page also uses (evaluate.ts), with SCORE_CONSTANTS, so
 * every NLL in a comparison is measured on the same points and says what it is:
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
  /** Importance samples per point for the VAE's IWAE figure (default SCORE_CONSTANTS). */
  iwaeK?: number;
  /** Model samples the GAN's KDE is built from (default SCORE_CONSTANTS). */
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
  /** Every figure of the model on the test points, headline first, each with its kind and label. */
  figures: Figure[];
  /** The headline's importance samples, when it is an IWAE figure. */
  iwaeK?: number;
  /** −ELBO on the test points, when the model has one (kind 'bound'). */
  negElbo?: number;
  /** A likelihood-free model's KDE that produced its figure. */
  kde?: { bandwidth: number; samples: number; validationNll: number };
  /** KL(test ‖ model samples) on the shared grid, nats. */
  gridKl: number;
  /** Jensen–Shannon divergence on the same grid, nats (≤ ln 2). */
  gridJs: number;
}

export async function scoreModel(model: DensityModel, data: ScoreData, options: ScoreOptions): Promise<ModelScore> {
  const rng = createRng(options.seed);
  const gridSamples = options.gridSamples ?? data.test.length / 2;
  const grid = gridSamples > 0 ? gridDivergence(data.test, await sampleData(model, gridSamples, rng.seed())) : { kl: NaN, js: NaN };
  const scorer = await model.scorer({
    iwaeK: options.iwaeK ?? SCORE_CONSTANTS.iwaeK,
    kdeSamples: options.kdeSamples ?? SCORE_CONSTANTS.kdeSamples,
    seed: rng.seed(),
    validation: data.validation,
  });
  const figures = await evaluateFigures(scorer, data.test);
  const byId = (id: string) => figures.find((f) => f.id === id);
  return { family: model.family, kind: figures[0].kind, testNll: figures[0].value, testNllSe: figures[0].se, figures, iwaeK: scorer.figures[0].k, negElbo: byId('neg-elbo')?.value, kde: scorer.kde, gridKl: grid.kl, gridJs: grid.js };
}

/** n model samples as a row-major Float32Array (read back asynchronously). */
export async function sampleData(model: DensityModel, n: number, seed: number): Promise<Float32Array> {
  return readAndDispose(model.sample(n, seed));
}
