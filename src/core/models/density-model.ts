import type * as tf from '@tensorflow/tfjs-core';

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
  /** Optimiser steps of this objective per trainer step (GAN discriminator steps). */
  readonly repeats?: number;
  /** Adam β1 for this objective; GANs customarily use 0.5. */
  readonly beta1?: number;
}

/** The interface the trainer, the metrics and the app use for all three families. */
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
  dispose(): void;
}
