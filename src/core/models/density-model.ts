import type * as tf from '@tensorflow/tfjs-core';
import type { Kde } from '../metrics/kde';

/**
 * What a likelihood figure is. Only a flow's is exact; a VAE gives a bound
 * (−ELBO ≥ NLL) and the importance-weighted estimate; a GAN has no likelihood
 * and is scored with a kernel density estimate over its samples.
 */
export type LikelihoodKind = 'exact' | 'bound' | 'estimate';
export type ModelFamily = 'flow' | 'vae' | 'gan' | 'autoregressive';

/**
 * One thing to minimise and the variables it moves. A flow or VAE has one; the
 * GAN has two players, each with its own optimiser state.
 */
export interface Objective {
  readonly name: string;
  readonly variables: readonly tf.Variable[];
  /**
   * Scalar loss for a batch. `seed` feeds any noise the loss draws (VAE
   * reparameterisation, GAN generator noise) so a run is reproducible.
   */
  loss(batch: tf.Tensor2D, seed: number): tf.Scalar;
  /**
   * The same loss with its gradient for `variables` flattened in order, from
   * one fused kernel and no gradient tape, where the model has one for this
   * backend (a flow of affine or additive couplings, actnorms, LU and planar layers on
   * cpu/wasm: kernels/flow-loss-kernel.ts; RealNVP and Glow on webgpu:
   * kernels/flow-loss-webgpu.ts, which also hands over `params`, the variables
   * already packed flat in the same order, for the optimiser to update as is);
   * null or absent: the trainer takes `loss` under tf.variableGrads.
   */
  lossAndGradient?(batch: tf.Tensor2D, seed: number): { loss: tf.Scalar; gradient: tf.Tensor1D; params?: tf.Tensor1D } | null;
  /** Optimiser steps of this objective per trainer step (GAN discriminator steps). */
  readonly repeats?: number;
  /** Adam β1 for this objective; GANs customarily use 0.5. */
  readonly beta1?: number;
}

/** The interface the trainer, the metrics, the CLI and the worker use for every family. */
export interface DensityModel {
  readonly family: ModelFamily;
  /** The kind of the model's headline NLL figure. */
  readonly kind: LikelihoodKind;
  readonly objectives: readonly Objective[];
  /** Every variable in a stable order: what is saved, restored and rolled back. */
  readonly variables: readonly tf.Variable[];
  /**
   * Data-dependent initialisation before the first step (Glow's actnorm). The
   * trainer calls it with the first batch; models without it need nothing.
   */
  prepare?(batch: tf.Tensor2D): void;
  /** n points from the model, reproducible from the seed. */
  sample(n: number, seed: number): tf.Tensor2D;
  /**
   * Its figures and density as functions of points, evaluated chunk by chunk by
   * core/metrics/evaluate.ts for both the CLI and the page. Async: a
   * likelihood-free model first fits a kernel density to its samples.
   */
  scorer(context: ScoreContext): Promise<Scorer>;
  dispose(): void;
}

/**
 * The constants behind the figures, chosen once. The CLI (and every saved
 * comparison) scores with SCORE_CONSTANTS; the page's live figures, recomputed
 * every few seconds while training, use LIVE_CONSTANTS, and every figure and
 * density caption built from them carries its k in its label.
 */
export interface ScoreConstants {
  /** Importance samples per point of a VAE's IWAE (figure and density grid). */
  iwaeK: number;
  /** Model samples a likelihood-free model's kernel density is built from. */
  kdeSamples: number;
  /** Points the costly figures (IWAE, KDE) average over, the first ones of the set; all of them when absent. */
  costlyPoints?: number;
}
export const SCORE_CONSTANTS: Readonly<ScoreConstants> = { iwaeK: 256, kdeSamples: 10_000 };
export const LIVE_CONSTANTS: Readonly<ScoreConstants> = { iwaeK: 16, kdeSamples: 2000, costlyPoints: 2048 };

/** What a model needs to build its scorer. */
export interface ScoreContext extends ScoreConstants {
  /** Seeds every draw a figure makes (VAE noise, GAN samples), so two scorings of one model agree. */
  seed: number;
  /** Held-out points a kernel bandwidth is chosen on. */
  validation: Float32Array;
  /** How a kernel density is fitted (default: core's fitKde with its full bandwidth search). */
  fitKde?: (samples: Float32Array, validation: Float32Array) => Promise<Kde>;
}

/**
 * A per-point quantity on a chunk of rows [x0, y0, x1, y1, …]: log p(x) or its
 * bound or estimate, higher is better. A tensor (created and read back inside
 * the evaluator's tidy) or numbers computed off the tensor engine (a KDE).
 */
export type PointFn = (points: Float32Array) => tf.Tensor1D | ArrayLike<number>;

/** One figure a model can give on held-out points: the mean of −logLik over them. */
export interface FigureDef {
  /** Stable id for chart series: 'nll' | 'iwae' | 'neg-elbo' | 'kde' | 'reverse-kl'. */
  readonly id: string;
  /** What the page and the CLI print, with its constants ('IWAE k=16'). */
  readonly label: string;
  readonly kind: LikelihoodKind;
  /** IWAE's importance samples, when the figure has them. */
  readonly k?: number;
  readonly logLik: PointFn;
  /** Points per chunk: IWAE decodes k rows per point, a KDE sums over its samples synchronously. */
  readonly chunk: number;
  /** Average over only the first this many points (the costly figures on the page). */
  readonly maxPoints?: number;
}

/** A figure's value on a set of points. */
export interface Figure {
  id: string;
  label: string;
  kind: LikelihoodKind;
  /** Nats per point. */
  value: number;
  se: number;
  /** Held-out points it averages over. */
  count: number;
}

/** How a model is scored: its figures (headline first) and its log-density for the density map. */
export interface Scorer {
  readonly figures: readonly FigureDef[];
  /** `method` says how the density is computed, for the panel's caption ('IWAE, k = 16'). */
  readonly density: { readonly method: string; readonly logLik: PointFn; readonly chunk: number };
  /** A kernel-density scorer's fit, reported beside its figure. */
  readonly kde?: { bandwidth: number; samples: number; validationNll: number };
}
