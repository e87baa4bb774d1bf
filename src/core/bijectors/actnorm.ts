import * as tf from '@tensorflow/tfjs';
import type { Bijector, BijectorResult, DataInitializable } from './bijector';

/** Floor on the std so degenerate data (all points equal in a dimension) gives a finite log-scale. */
const MIN_STD = 1e-6;

/**
 * Activation normalisation (Glow): a per-dimension affine map
 *   forward x = z·exp(logScale) + bias,  inverse z = (x − bias)·exp(−logScale),
 * log|det| = ±Σ logScale for every sample. Until `initialize` (or loading
 * weights) it is the identity.
 */
export class ActNorm implements Bijector, DataInitializable {
  readonly kind = 'actnorm' as const;
  readonly variables: readonly tf.Variable[];
  private readonly logScale: tf.Variable<tf.Rank.R1>;
  private readonly bias: tf.Variable<tf.Rank.R1>;
  private isInitialized = false;

  constructor() {
    [this.logScale, this.bias] = tf.tidy(() => [tf.variable(tf.zeros([2]), true), tf.variable(tf.zeros([2]), true)]);
    this.variables = [this.logScale, this.bias];
  }

  get initialized(): boolean {
    return this.isInitialized;
  }

  /**
   * Set bias = mean and logScale = log std of `x` (the input of `inverse`), so
   * the inverse maps this batch to zero mean and unit variance per dimension.
   */
  initialize(x: tf.Tensor2D): void {
    tf.tidy(() => {
      const { mean, variance } = tf.moments(x, 0);
      // log std = ½·log var, with the floor applied to the variance (no sqrt op).
      this.logScale.assign(tf.mul(tf.log(tf.maximum(variance, MIN_STD * MIN_STD)), 0.5) as tf.Tensor1D);
      this.bias.assign(mean as tf.Tensor1D);
    });
    this.isInitialized = true;
  }

  markInitialized(): void {
    this.isInitialized = true;
  }

  /** 5 kernels: exp, mul, add; sum, add (tf.zeros allocates without a kernel). */
  forward(z: tf.Tensor2D): BijectorResult {
    return tf.tidy(() => {
      const y = tf.add(tf.mul(z, tf.exp(this.logScale)), this.bias) as tf.Tensor2D;
      // zeros + scalar rather than broadcastTo/tile: tfjs's Tile gradient loops
      // over the batch with one slice+add per row.
      const logDet = tf.add(tf.zeros([z.shape[0]]), tf.sum(this.logScale)) as tf.Tensor1D;
      return { y, logDet };
    });
  }

  /** 5 kernels: sub, exp, div; sum, sub. Dividing by exp(s) saves the negation in exp(−s). */
  inverse(x: tf.Tensor2D): BijectorResult {
    return tf.tidy(() => {
      const y = tf.div(tf.sub(x, this.bias), tf.exp(this.logScale)) as tf.Tensor2D;
      const logDet = tf.sub(tf.zeros([x.shape[0]]), tf.sum(this.logScale)) as tf.Tensor1D;
      return { y, logDet };
    });
  }

  dispose(): void {
    this.logScale.dispose();
    this.bias.dispose();
  }
}
