import * as tf from '@tensorflow/tfjs-core';
import { MIN_LOG_SCALE, type Bijector, type BijectorResult, type DataInitializable } from './bijector';
import { actNormOnWebgpu } from '../kernels/actnorm-webgpu';
import { webgpuKernelsActive } from '../kernels/webgpu-kernel';
import type { HostLayerSpec } from '../kernels/flow-loss-kernel';

/**
 * A dimension whose std is at most this has no spread to standardise by (all
 * points equal in it, up to rounding): it is centred but keeps scale 1.
 */
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
   *
   * A dimension with no spread (degenerate data: identical points, or a line
   * parallel to an axis) keeps logScale 0 and is only centred. Standardising
   * it would need a scale of ~0, and flooring that at a tiny std (it used to be
   * 1e-6) starts the flow at float32's resolution limit, where the first Adam
   * step (each parameter moves by ~lr in data units) throws the points
   * thousands of stds off: losses of 10⁶ and, in Glow, non-finite steps. From
   * scale 1 the flow concentrates the mass at the optimiser's own pace.
   */
  initialize(x: tf.Tensor2D): void {
    tf.tidy(() => {
      // Moments of x − (first row): for identical points every difference is
      // exactly 0, so the variance is 0 rather than float32 noise in the mean.
      const first = tf.slice(x, [0, 0], [1, 2]);
      const { mean, variance } = tf.moments(tf.sub(x, first), 0);
      // log std = ½·log var (no sqrt op); the maximum only keeps log finite where `where` discards it.
      const logStd = tf.mul(tf.log(tf.maximum(variance, MIN_STD * MIN_STD)), 0.5);
      const hasSpread = tf.greater(variance, MIN_STD * MIN_STD);
      this.logScale.assign(tf.where(hasSpread, logStd, tf.zerosLike(logStd)) as tf.Tensor1D);
      this.bias.assign(tf.add(mean, tf.reshape(first, [2])) as tf.Tensor1D);
    });
    this.isInitialized = true;
  }

  markInitialized(): void {
    this.isInitialized = true;
  }

  /** 6 kernels: maximum, exp, mul, add; sum, add (tf.zeros allocates without a kernel). */
  forward(z: tf.Tensor2D): BijectorResult {
    // webgpu: the map and its log-det in one dispatch (kernels/actnorm-webgpu.ts).
    if (webgpuKernelsActive()) return tf.tidy(() => actNormOnWebgpu(z, this.logScale, this.bias, 1));
    return tf.tidy(() => {
      const logScale = this.flooredLogScale();
      const y = tf.add(tf.mul(z, tf.exp(logScale)), this.bias) as tf.Tensor2D;
      // zeros + scalar rather than broadcastTo/tile: tfjs's Tile gradient loops
      // over the batch with one slice+add per row.
      const logDet = tf.add(tf.zeros([z.shape[0]]), tf.sum(logScale)) as tf.Tensor1D;
      return { y, logDet };
    });
  }

  /** 6 kernels: maximum, sub, exp, div; sum, sub. Dividing by exp(s) saves the negation in exp(−s). */
  inverse(x: tf.Tensor2D): BijectorResult {
    if (webgpuKernelsActive()) return tf.tidy(() => actNormOnWebgpu(x, this.logScale, this.bias, -1));
    return tf.tidy(() => {
      const logScale = this.flooredLogScale();
      const y = tf.div(tf.sub(x, this.bias), tf.exp(logScale)) as tf.Tensor2D;
      const logDet = tf.sub(tf.zeros([x.shape[0]]), tf.sum(logScale)) as tf.Tensor1D;
      return { y, logDet };
    });
  }

  /** For the whole-flow loss kernel (kernels/flow-loss-kernel.ts, maths in kernels/linear-layers-host.ts). */
  hostLayer(): HostLayerSpec {
    return { kind: 'actnorm', floor: MIN_LOG_SCALE };
  }

  /** Degenerate data drives the log-scale down without limit: see MIN_LOG_SCALE. */
  private flooredLogScale(): tf.Tensor1D {
    return tf.maximum(this.logScale, MIN_LOG_SCALE);
  }

  dispose(): void {
    this.logScale.dispose();
    this.bias.dispose();
  }
}
