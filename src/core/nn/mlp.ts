import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../util/rng';
import type { Activation } from './activations';
import { hostKernelsActive, recordingGradients } from '../kernels/host-kernel';
import { mlpOnHost } from '../kernels/mlp-kernels';
import { dense } from './fast-linear';

/**
 * A small multilayer perceptron, the network factory used by couplings, the VAE
 * and the GAN. Layers go through `dense` (fast-linear.ts), whose hand-written
 * gradient avoids tfjs-wasm's slow transposed matMul kernels.
 */
export type { Activation } from './activations';

export interface MlpOptions {
  inputs: number;
  hidden: readonly number[];
  outputs: number;
  activation?: Activation;
  /** Zero the last layer so the network starts by outputting zeros (identity couplings). */
  zeroLast?: boolean;
  rng: Rng;
}

export interface Mlp {
  apply(x: tf.Tensor2D): tf.Tensor2D;
  /** The plain dense layers, for kernels that run the whole network themselves (absent for masked networks). */
  readonly dense?: { weights: readonly tf.Tensor2D[]; biases: readonly tf.Tensor1D[]; activation: Activation };
  readonly variables: readonly tf.Variable[];
  dispose(): void;
}

export function createMlp(opts: MlpOptions): Mlp {
  const activation = opts.activation ?? 'relu';
  const sizes = [opts.inputs, ...opts.hidden, opts.outputs];
  const weights: tf.Variable[] = [];
  const biases: tf.Variable[] = [];
  tf.tidy(() => {
    for (let i = 0; i < sizes.length - 1; i++) {
      const fanIn = sizes[i];
      const fanOut = sizes[i + 1];
      const last = i === sizes.length - 2;
      // Glorot-uniform, drawn from our seeded stream so runs are reproducible across backends.
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const values = new Float32Array(fanIn * fanOut);
      if (!(last && opts.zeroLast)) {
        for (let k = 0; k < values.length; k++) values[k] = (2 * opts.rng.uniform() - 1) * limit;
      }
      weights.push(tf.variable(tf.tensor2d(values, [fanIn, fanOut]), true));
      biases.push(tf.variable(tf.zeros([fanOut]), true));
    }
  });

  return {
    apply(x) {
      // cpu and wasm, while training: the whole network as one SIMD kernel each way (kernels/mlp-kernels.ts).
      if (hostKernelsActive() && recordingGradients()) return mlpOnHost(x, weights as tf.Tensor2D[], biases as tf.Tensor1D[], activation);
      let h = x;
      for (let i = 0; i < weights.length; i++) {
        const last = i === weights.length - 1;
        h = dense(h, weights[i] as tf.Tensor2D, biases[i] as tf.Tensor1D, last ? 'linear' : activation);
      }
      return h;
    },
    dense: { weights: weights as tf.Tensor2D[], biases: biases as tf.Tensor1D[], activation },
    variables: interleave(weights, biases),
    dispose() {
      for (const v of weights) v.dispose();
      for (const v of biases) v.dispose();
    },
  };
}

function interleave<T>(a: T[], b: T[]): T[] {
  return a.flatMap((x, i) => [x, b[i]]);
}
