import * as tf from '@tensorflow/tfjs-core';

/**
 * Linear maps with hand-written gradients, because of how tfjs-wasm runs matMul:
 * the transposeA / transposeB variants that tfjs's own matMul gradient uses take
 * a slow fallback path, while transposing explicitly and calling the plain
 * kernel does not, and the backward pass of every dense layer is two such
 * products (figures: tests/bench/dense-backward.ts, README).
 */
export type DenseActivation = 'linear' | 'relu' | 'tanh' | 'elu' | 'leakyrelu';

const LEAK = 0.1;

function activate(z: tf.Tensor, activation: DenseActivation): tf.Tensor {
  switch (activation) {
    case 'relu':
      return tf.relu(z);
    case 'tanh':
      return tf.tanh(z);
    case 'elu':
      return tf.elu(z);
    case 'leakyrelu':
      return tf.leakyRelu(z, LEAK);
    default:
      return z;
  }
}

/** d activation / dz written in terms of the output y, so only y needs saving. */
function derivativeFromOutput(y: tf.Tensor, activation: DenseActivation): tf.Tensor | null {
  switch (activation) {
    case 'relu':
      return tf.step(y);
    case 'tanh':
      return tf.sub(1, tf.square(y));
    case 'elu':
      // y > 0: 1; otherwise y = e^z − 1, so dy/dz = y + 1.
      return tf.where(tf.greater(y, 0), tf.onesLike(y), tf.add(y, 1));
    case 'leakyrelu':
      return tf.where(tf.greater(y, 0), tf.onesLike(y), tf.fill(y.shape, LEAK));
    default:
      return null;
  }
}

/** A [1, n] row of ones per batch size, kept for the life of the page (a few KB). */
const onesRows = new Map<number, tf.Tensor2D>();
function onesRow(n: number): tf.Tensor2D {
  const cached = onesRows.get(n);
  if (cached) return cached;
  const row = tf.keep(tf.ones([1, n])) as tf.Tensor2D;
  onesRows.set(n, row);
  return row;
}

const denseOps = new Map<DenseActivation, (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor>();

/** act(x·W + b) for x [batch, in], W [in, out], b [out], with a fast backward pass. */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, activation: DenseActivation): tf.Tensor2D {
  let op = denseOps.get(activation);
  if (!op) {
    op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [input, weight, bias, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
      const y = activate(tf.add(tf.matMul(input, weight), bias), activation);
      save([input, weight, y]);
      return {
        value: y,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [xs, ws, ys] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
          const d = derivativeFromOutput(ys, activation);
          const dz = (d ? tf.mul(dy, d) : dy) as tf.Tensor2D;
          // The bias gradient as ones·dz: wasm sums only over the innermost axis, so
          // sum(dz, 0) would transpose the whole [batch, out] block first.
          const db = tf.reshape(tf.matMul(onesRow(dz.shape[0]), dz), [dz.shape[1]]);
          return [tf.matMul(dz, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dz), db];
        },
      };
    }) as (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor;
    denseOps.set(activation, op);
  }
  return op(x, w, b) as tf.Tensor2D;
}

/**
 * x·M for a constant matrix M (column selectors and scatters in couplings). Its
 * gradient is dy·Mᵀ with Mᵀ computed once, not per step.
 */
export function constantLinear(matrix: number[][]): { apply(x: tf.Tensor2D): tf.Tensor2D; dispose(): void } {
  const m = tf.tensor2d(matrix);
  const mT = tf.transpose(m);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor2D;
    return { value: tf.matMul(input, m), gradFunc: (dy: tf.Tensor) => [tf.matMul(dy as tf.Tensor2D, mT)] };
  }) as (x: tf.Tensor) => tf.Tensor;
  return {
    apply: (x) => op(x) as tf.Tensor2D,
    dispose: () => tf.dispose([m, mT]),
  };
}
