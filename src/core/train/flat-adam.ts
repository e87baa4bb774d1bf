import * as tf from '@tensorflow/tfjs-core';

export interface AdamSettings {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * Adam over all of a model's variables at once, as one flat vector.
 *
 * tf.train.adam issues ~17 ops per variable; a RealNVP-8 has 48 variables, so
 * the optimiser alone would cost ~800 op dispatches a step. Concatenating the
 * gradients first makes the update ~15 ops whatever the model size.
 *
 * A step is applied only where `ok` is true (a scalar bool tensor computed on
 * the device), so a non-finite loss or gradient never reaches the weights and
 * no read-back is needed to decide.
 */
export class FlatAdam {
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  private readonly sizes: number[];
  private t = 0;
  lr: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;

  constructor(
    private readonly variables: readonly tf.Variable[],
    settings: AdamSettings,
  ) {
    this.lr = settings.lr;
    this.beta1 = settings.beta1 ?? 0.9;
    this.beta2 = settings.beta2 ?? 0.999;
    this.epsilon = settings.epsilon ?? 1e-8;
    this.sizes = variables.map((v) => v.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    [this.m, this.v] = tf.tidy(() => [tf.variable(tf.zeros([total]), false), tf.variable(tf.zeros([total]), false)]);
  }

  /** Flatten a gradient map (from tf.variableGrads) in this optimiser's variable order. */
  flatten(grads: tf.NamedTensorMap): tf.Tensor1D {
    return tf.concat(this.variables.map((v) => tf.reshape(grads[v.name], [-1]))) as tf.Tensor1D;
  }

  /** One Adam update from a flat gradient, skipped where `ok` is false. Call inside tf.tidy. */
  apply(flatGrad: tf.Tensor1D, ok: tf.Scalar): void {
    this.t += 1;
    const { beta1: b1, beta2: b2 } = this;
    // Bias corrections are plain numbers: folding them into the step size saves two ops.
    const stepSize = (this.lr * Math.sqrt(1 - b2 ** this.t)) / (1 - b1 ** this.t);
    // A 0/1 gate multiplied in rather than tf.where(ok, …): where broadcasts its
    // scalar condition with a Tile over every parameter, which dominated the
    // update on wasm. Non-finite entries are zeroed first (same-shape where, no
    // Tile) so that 0·NaN cannot leak in; a zero gate then leaves m, v and the
    // parameters exactly as they were.
    const gate = tf.cast(ok, 'float32');
    const g = tf.where(tf.isFinite(flatGrad), flatGrad, tf.zerosLike(flatGrad));
    const m = tf.add(this.m, tf.mul(tf.sub(g, this.m), tf.mul(gate, 1 - b1)));
    const v = tf.add(this.v, tf.mul(tf.sub(tf.square(g), this.v), tf.mul(gate, 1 - b2)));
    const update = tf.div(tf.mul(m, tf.mul(gate, stepSize)), tf.add(tf.sqrt(v), this.epsilon));
    const params = tf.concat(this.variables.map((p) => tf.reshape(p, [-1])));
    this.m.assign(m);
    this.v.assign(v);
    assignFlat(this.variables, tf.sub(params, update) as tf.Tensor1D, this.sizes);
  }

  /** Forget the moment estimates (after a rollback, they belong to the bad trajectory). */
  reset(): void {
    tf.tidy(() => {
      this.m.assign(tf.zerosLike(this.m));
      this.v.assign(tf.zerosLike(this.v));
    });
    this.t = 0;
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
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
