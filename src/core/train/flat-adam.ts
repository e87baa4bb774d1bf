import * as tf from '@tensorflow/tfjs-core';
import { adamUpdate, flattenOnHost } from '../kernels/adam-update';
import { adamUpdatePackedOnWebgpu } from '../kernels/adam-update-webgpu';
import { fusedKernelsActive } from '../kernels/fused-kernels';
import { hostKernelsActive } from '../kernels/host-kernel';
import { webgpuKernelsActive } from '../kernels/webgpu-kernel';

export interface AdamSettings {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /**
   * Clip the gradient's global L2 norm at this multiple of its running average
   * (an average of the clipped norms, so an outlier does not raise the limit for
   * the next one). Relative, not absolute: a flow's gradient norms differ by
   * orders of magnitude between recipes, datasets and stages of training, and a
   * fixed threshold is either never reached or always binding. No clip if absent.
   */
  clipFactor?: number;
}

/** How slowly the clip's running average of gradient norms follows them (about 50 steps). */
const NORM_AVERAGE_DECAY = 0.98;

/**
 * Adam over all of a model's variables at once, as one flat vector.
 *
 * tf.train.adam issues more than a dozen ops per variable, and a coupling flow
 * has dozens of variables, so the optimiser alone would cost hundreds of op
 * dispatches a step. Concatenating the gradients first makes the update a
 * fixed handful of ops whatever the model size.
 *
 * A step is applied only where `ok` is true (a scalar bool tensor computed on
 * the device), so a non-finite loss or gradient never reaches the weights and
 * no read-back is needed to decide. The step counter lives on the device for
 * the same reason: it counts applied steps only, so the bias correction
 * always matches the moments (a skipped step leaves m, v and t alike).
 */
export class FlatAdam {
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  private readonly sizes: number[];
  /** Applied (not skipped) updates since the start or the last reset. */
  private readonly t: tf.Variable;
  lr: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly clipFactor: number | undefined;
  /** Running average of the (clipped) gradient norm; 0 until the first applied step. */
  private readonly normAverage: tf.Variable;

  constructor(
    private readonly variables: readonly tf.Variable[],
    settings: AdamSettings,
  ) {
    this.lr = settings.lr;
    this.beta1 = settings.beta1 ?? 0.9;
    this.beta2 = settings.beta2 ?? 0.999;
    this.epsilon = settings.epsilon ?? 1e-8;
    if (settings.clipFactor !== undefined && !(settings.clipFactor >= 1)) throw new Error(`clipFactor must be at least 1, got ${settings.clipFactor}`);
    this.clipFactor = settings.clipFactor;
    this.sizes = variables.map((v) => v.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    [this.m, this.v, this.t, this.normAverage] = tf.tidy(() => [
      tf.variable(tf.zeros([total]), false),
      tf.variable(tf.zeros([total]), false),
      tf.variable(tf.scalar(0), false),
      tf.variable(tf.scalar(0), false),
    ]);
  }

  /** Flatten a gradient map (from tf.variableGrads) in this optimiser's variable order. */
  flatten(grads: tf.NamedTensorMap): tf.Tensor1D {
    if (hostKernelsActive()) return flattenOnHost(this.variables.map((v) => grads[v.name]));
    return tf.concat(this.variables.map((v) => tf.reshape(grads[v.name], [-1]))) as tf.Tensor1D;
  }

  /** One Adam update from a flat gradient, skipped where `ok` is false. Call inside tf.tidy. */
  apply(flatGrad: tf.Tensor1D, ok: tf.Scalar): void {
    this.applyGated(flatGrad, tf.cast(ok, 'float32'));
  }

  /**
   * The same with the gate as a float32 0/1 scalar, and optionally the
   * parameters already packed flat in this optimiser's order (webgpu's
   * whole-flow loss hands them over: no concatenation here). Call inside tf.tidy.
   */
  applyGated(flatGrad: tf.Tensor1D, gate: tf.Tensor, packedParams?: tf.Tensor1D): void {
    const { beta1: b1, beta2: b2 } = this;
    if (fusedKernelsActive()) return this.applyFused(flatGrad, gate, packedParams);
    const t = tf.add(this.t, gate);
    // Bias corrections folded into one scalar step size (scalar ops, cheap at any
    // model size). At t = 0 (nothing applied yet, this step skipped) the
    // correction is 0/0: evaluate it at t ≥ 1, the gate zeroes the update anyway.
    const tSafe = tf.maximum(t, 1);
    const stepSize = tf.div(tf.mul(this.lr, tf.sqrt(tf.sub(1, tf.pow(b2, tSafe)))), tf.sub(1, tf.pow(b1, tSafe)));
    // A 0/1 gate multiplied in rather than tf.where(ok, …): where broadcasts its
    // scalar condition with a Tile over every parameter, which dominated the
    // update on wasm. Non-finite entries are zeroed first (same-shape where, no
    // Tile) so that 0·NaN cannot leak in; a zero gate then leaves m, v and the
    // parameters exactly as they were.
    const finite = tf.where(tf.isFinite(flatGrad), flatGrad, tf.zerosLike(flatGrad));
    const g = this.clipFactor === undefined ? finite : this.clipRelative(finite, gate);
    const m = tf.add(this.m, tf.mul(tf.sub(g, this.m), tf.mul(gate, 1 - b1)));
    const v = tf.add(this.v, tf.mul(tf.sub(tf.square(g), this.v), tf.mul(gate, 1 - b2)));
    const update = tf.div(tf.mul(m, tf.mul(gate, stepSize)), tf.add(tf.sqrt(v), this.epsilon));
    const params = tf.concat(this.variables.map((p) => tf.reshape(p, [-1])));
    this.m.assign(m);
    this.v.assign(v);
    this.t.assign(t);
    assignFlat(this.variables, tf.sub(params, update) as tf.Tensor1D, this.sizes);
  }

  /**
   * The same update as one host kernel on cpu and wasm (kernels/adam-update.ts):
   * no concatenation of the parameters, no SplitV to give them back; on webgpu
   * the same kernel name runs one WGSL dispatch (kernels/adam-update-webgpu.ts).
   */
  private applyFused(flatGrad: tf.Tensor1D, gate: tf.Tensor, packedParams?: tf.Tensor1D): void {
    const state = { m: this.m, v: this.v, t: this.t, normAverage: this.normAverage, gate };
    const attrs = { lr: this.lr, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, clipFactor: this.clipFactor ?? 0, normDecay: NORM_AVERAGE_DECAY };
    const [m, v, t, normAverage, ...params] =
      packedParams && webgpuKernelsActive() ? adamUpdatePackedOnWebgpu(flatGrad, state, packedParams, this.variables, attrs) : adamUpdate(flatGrad, state, this.variables, attrs);
    this.m.assign(m);
    this.v.assign(v);
    this.t.assign(t);
    this.normAverage.assign(normAverage);
    this.variables.forEach((variable, i) => variable.assign(params[i]));
  }

  /**
   * The gradient scaled down to clipFactor × the running average norm when
   * longer (the first applied step sets the average and is not clipped).
   * 9 scalar kernels besides the norm's 3; a skipped step leaves the average.
   */
  private clipRelative(g: tf.Tensor1D, gate: tf.Tensor): tf.Tensor1D {
    const norm = tf.sqrt(tf.sum(tf.square(g)));
    const started = tf.greater(this.normAverage, 0);
    const limit = tf.where(started, tf.mul(this.normAverage, this.clipFactor!), norm);
    const scale = tf.minimum(1, tf.div(limit, tf.maximum(norm, 1e-30)));
    const clippedNorm = tf.mul(norm, scale);
    const next = tf.where(started, tf.add(this.normAverage, tf.mul(tf.sub(clippedNorm, this.normAverage), 1 - NORM_AVERAGE_DECAY)), clippedNorm);
    this.normAverage.assign(tf.add(this.normAverage, tf.mul(tf.sub(next, this.normAverage), gate)));
    return tf.mul(g, scale);
  }

  /** The clip's running average of gradient norms (a read-back: for tests and diagnostics). */
  async averageGradientNorm(): Promise<number> {
    return (await this.normAverage.data())[0];
  }

  /** Forget the moment estimates (after a rollback, they belong to the bad trajectory). */
  reset(): void {
    tf.tidy(() => {
      this.normAverage.assign(tf.scalar(0));
      this.m.assign(tf.zerosLike(this.m));
      this.v.assign(tf.zerosLike(this.v));
      this.t.assign(tf.scalar(0));
    });
  }

  /** How many updates have been applied (a read-back: for tests and diagnostics, not the hot path). */
  async appliedSteps(): Promise<number> {
    return (await this.t.data())[0];
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
    this.t.dispose();
    this.normAverage.dispose();
  }
}

/** Split a flat vector back into the variables' shapes and assign it. Call inside tf.tidy. */
export function assignFlat(variables: readonly tf.Variable[], flat: tf.Tensor1D, sizes = variables.map((v) => v.size)): void {
  const parts = tf.split(flat, sizes);
  variables.forEach((v, i) => v.assign(tf.reshape(parts[i], v.shape)));
}

/** A copy of all variables as one flat tensor (the caller owns it). */
export function snapshotFlat(variables: readonly tf.Variable[]): tf.Tensor1D {
  return tf.tidy(() => tf.concat(variables.map((v) => tf.reshape(v, [-1]))) as tf.Tensor1D);
}
