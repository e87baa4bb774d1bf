import * as tf from '@tensorflow/tfjs-core';
import type { Bijector, BijectorResult } from './bijector';
import type { ElementwiseTransform } from './coupling';
import { constantLinear } from '../nn/fast-linear';
import type { Made } from '../nn/made';

/**
 * A masked autoregressive layer: every coordinate goes through the element-wise
 * transform τ (affine or spline), its parameters from a MADE conditioner that
 * sees only the coordinates before it:
 *   x_d = τ(z_d; θ_d),   θ_d = f(u_<d)
 * where u is the side the conditioner reads. The Jacobian is triangular in the
 * MADE's order, so log|det| = Σ_d log|τ'(z_d; θ_d)| either way.
 *
 * Which side the conditioner reads decides which direction is cheap (D the
 * number of coordinates):
 *   'maf' (Papamakarios et al. 2017): θ = f(x), the data side. The density
 *     direction x → z is one pass (all of x is known); sampling z → x is D
 *     passes, because x_d needs x_<d first.
 *   'iaf' (Kingma et al. 2016): θ = f(z), the latent side. Sampling is one pass;
 *     the density is D passes.
 * The slow direction repeats "θ = f(current guess); guess = τ^±1(input; θ)" D
 * times: after pass j the first j coordinates in the order are exact (the
 * first needs nothing, the j-th only the j−1 before it), so D passes give the
 * exact result, and autodiff through them gives its exact gradient.
 */
export type AutoregressiveSide = 'maf' | 'iaf';


export interface MaskedAutoregressiveOptions {
  side: AutoregressiveSide;
  made: Made;
  transform: ElementwiseTransform;
}

export class MaskedAutoregressive implements Bijector {
  readonly kind: AutoregressiveSide;
  readonly variables: readonly tf.Variable[];
  readonly made: Made;
  readonly transform: ElementwiseTransform;
  /** Conditioner passes per call in each direction: 1 one way, D the other. */
  readonly passes: { forward: number; inverse: number };
  /** For maps without a packed form: the MADE's columns of parameter p, [D·P, D] selectors. */
  private readonly pickParameter: ReturnType<typeof constantLinear>[];

  constructor(opts: MaskedAutoregressiveOptions) {
    this.kind = opts.side;
    this.made = opts.made;
    this.transform = opts.transform;
    this.variables = opts.made.variables;
    const D = opts.made.dims;
    this.passes = opts.side === 'maf' ? { forward: D, inverse: 1 } : { forward: 1, inverse: D };
    const P = opts.transform.paramsPerCoordinate;
    this.pickParameter = opts.transform.forwardPacked
      ? []
      : Array.from({ length: P }, (_, p) => constantLinear(Array.from({ length: D * P }, (_, j) => Array.from({ length: D }, (_, d) => (j === d * P + p ? 1 : 0)))));
  }

  /** z → x (sampling). */
  forward(z: tf.Tensor2D): BijectorResult {
    return tf.tidy(() => {
      const { y, logDet } = this.solve(z, 'forward');
      return { y, logDet };
    });
  }

  /** x → z (density). */
  inverse(x: tf.Tensor2D): BijectorResult {
    return tf.tidy(() => {
      const { y, logDet } = this.solve(x, 'inverse');
      return { y, logDet };
    });
  }

  /** θ for every coordinate from what the conditioner reads, as P tensors [batch, D] (the coupling contract's form). */
  theta(conditionerInput: tf.Tensor2D): tf.Tensor2D[] {
    const out = this.made.apply(conditionerInput);
    if (this.pickParameter.length > 0) return this.pickParameter.map((pick) => pick.apply(out));
    const P = this.transform.paramsPerCoordinate;
    return tf.unstack(tf.reshape(out, [-1, this.made.dims, P]), 2) as tf.Tensor2D[];
  }

  dispose(): void {
    this.made.dispose();
    this.transform.dispose?.();
    for (const pick of this.pickParameter) pick.dispose();
  }

  /**
   * Apply τ (forward) or τ⁻¹ (inverse) to `input`. The first pass conditions
   * on the input: exact when the conditioner reads this side, otherwise the
   * starting guess (output ≈ input) of the D passes that condition on the
   * output found so far.
   */
  private solve(input: tf.Tensor2D, direction: 'forward' | 'inverse'): BijectorResult {
    const { forwardPacked, inversePacked } = this.transform;
    const packedMap = direction === 'forward' ? forwardPacked : inversePacked;
    const step = (conditionerInput: tf.Tensor2D): { y: tf.Tensor2D; logAbsDet: tf.Tensor2D } => {
      if (packedMap) {
        // [batch, D·P] → [batch·D, P] beside x as [batch·D, 1]: one row per coordinate (see made.ts).
        const theta = tf.reshape(this.made.apply(conditionerInput), [-1, this.transform.paramsPerCoordinate]);
        const { y, logAbsDet } = packedMap.call(this.transform, tf.reshape(input, [-1, 1]), theta);
        return { y: tf.reshape(y, input.shape) as tf.Tensor2D, logAbsDet: tf.reshape(logAbsDet, input.shape) as tf.Tensor2D };
      }
      const theta = this.theta(conditionerInput);
      if (direction === 'forward') return this.transform.forward(input, theta);
      const { x, logAbsDet } = this.transform.inverse(input, theta);
      return { y: x, logAbsDet };
    };
    let result = step(input);
    for (let pass = 1; pass < this.passes[direction]; pass++) result = step(result.y);
    return { y: result.y, logDet: tf.sum(result.logAbsDet, 1) as tf.Tensor1D };
  }
}
