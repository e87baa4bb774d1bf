import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../util/rng';
import type { Activation } from './activations';
import { dense } from './fast-linear';
import type { Mlp } from './mlp';

/**
 * MADE (Germain et al. 2015): an MLP whose weights are masked so that the
 * outputs for coordinate d see only the coordinates before d in `order`. One
 * pass then gives every coordinate's parameters θ_d = f(x_<d) at once.
 *
 * Degrees: input coordinate i gets m(i) = its position in `order` (1…D); hidden
 * unit k gets m(k) = 1 + (k mod (D − 1)), cycling through 1…D − 1 so every
 * degree is represented. A weight from unit a to unit b is kept when
 *   hidden:  m(b) ≥ m(a)      output:  m(b) > m(a)
 * so every path from input i to an output of coordinate d has non-decreasing
 * degrees ending in a strict step: m(i) < m(d), i.e. i comes before d. (With
 * D = 2 every hidden unit has degree 1: the first coordinate's parameters are
 * the output bias alone, the second's a network of the first.)
 *
 * Output layout is coordinate-major: column d·P + p holds parameter p of
 * coordinate d, so reshaping the output [batch, D·P] to [batch·D, P] lines
 * θ up with the coordinates of x reshaped to [batch·D, 1] (the packed form
 * of the element-wise transforms) at no cost.
 */
export interface MadeOptions {
  /** Autoregressive order: order[j] is the coordinate that comes j-th. */
  order: readonly number[];
  hidden: readonly number[];
  paramsPerDim: number;
  activation?: Activation;
  /** Zero the last layer so θ starts at 0 (an identity layer). */
  zeroLast?: boolean;
  rng: Rng;
}

export interface Made extends Mlp {
  readonly dims: number;
  readonly order: readonly number[];
}

/** The degree of every unit of every layer, inputs first and outputs last. */
export function madeDegrees(order: readonly number[], hidden: readonly number[], paramsPerDim: number): number[][] {
  const D = order.length;
  const position = new Array<number>(D);
  order.forEach((coordinate, j) => (position[coordinate] = j + 1));
  const hiddenDegrees = hidden.map((width) => Array.from({ length: width }, (_, k) => 1 + (k % Math.max(1, D - 1))));
  const outputDegrees = Array.from({ length: paramsPerDim * D }, (_, column) => position[Math.floor(column / paramsPerDim)]);
  return [position, ...hiddenDegrees, outputDegrees];
}

/** The 0/1 masks, one per weight matrix, [fanIn, fanOut] each. */
export function madeMasks(order: readonly number[], hidden: readonly number[], paramsPerDim: number): number[][][] {
  const degrees = madeDegrees(order, hidden, paramsPerDim);
  return degrees.slice(1).map((to, i) => {
    const from = degrees[i];
    const isOutput = i === degrees.length - 2;
    return from.map((a) => to.map((b) => (isOutput ? b > a : b >= a) ? 1 : 0));
  });
}

export function createMade(opts: MadeOptions): Made {
  const D = opts.order.length;
  if (D < 2 || [...opts.order].sort().some((c, j) => c !== j)) throw new Error(`MADE order must be a permutation of 0…D−1 with D ≥ 2, got [${opts.order.join(', ')}]`);
  const activation = opts.activation ?? 'relu';
  const masksJs = madeMasks(opts.order, opts.hidden, opts.paramsPerDim);
  const weights: tf.Variable[] = [];
  const biases: tf.Variable[] = [];
  const masks: tf.Tensor2D[] = [];
  tf.tidy(() => {
    masksJs.forEach((mask, i) => {
      const [fanIn, fanOut] = [mask.length, mask[0].length];
      const last = i === masksJs.length - 1;
      // Glorot-uniform from the seeded stream, as createMlp, with masked entries stored as 0.
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const values = new Float32Array(fanIn * fanOut);
      if (!(last && opts.zeroLast)) {
        for (let k = 0; k < values.length; k++) values[k] = (2 * opts.rng.uniform() - 1) * limit * mask[Math.floor(k / fanOut)][k % fanOut];
      }
      weights.push(tf.variable(tf.tensor2d(values, [fanIn, fanOut]), true));
      biases.push(tf.variable(tf.zeros([fanOut]), true));
      masks.push(tf.keep(tf.tensor2d(mask)));
    });
  });

  return {
    dims: D,
    order: [...opts.order],
    apply(x) {
      let h = x;
      for (let i = 0; i < weights.length; i++) {
        const last = i === weights.length - 1;
        // Masking inside the step (not once at init): the gradient of W ⊙ M is dW ⊙ M, so masked weights never learn.
        h = dense(h, tf.mul(weights[i], masks[i]) as tf.Tensor2D, biases[i] as tf.Tensor1D, last ? 'linear' : activation);
      }
      return h;
    },
    variables: weights.flatMap((w, i) => [w, biases[i]]),
    dispose() {
      tf.dispose([...weights, ...biases, ...masks]);
    },
  };
}
