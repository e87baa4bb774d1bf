import * as tf from '@tensorflow/tfjs-core';
import type { Bijector, BijectorResult } from './bijector';

/**
 * A sequence of bijectors. `layers[0]` sits next to the latent Gaussian and the
 * last layer next to the data, so `forward` applies them in array order and
 * `inverse` in reverse. The morph panel walks the same order.
 */
export class Chain implements Bijector {
  readonly kind = 'chain' as const;
  readonly variables: readonly tf.Variable[];

  constructor(readonly layers: readonly Bijector[]) {
    this.variables = layers.flatMap((l) => l.variables);
  }

  forward(z: tf.Tensor2D): BijectorResult {
    return tf.tidy(() => {
      const { y, logDet } = this.forwardUntidied(z);
      return { y, logDet };
    });
  }

  inverse(x: tf.Tensor2D): BijectorResult {
    return tf.tidy(() => {
      const { y, logDet } = this.inverseUntidied(x);
      return { y, logDet };
    });
  }

  private forwardUntidied(z: tf.Tensor2D): BijectorResult {
    let y = z;
    const logDets: tf.Tensor1D[] = [];
    for (const layer of this.layers) {
      const r = layer.forward(y);
      y = r.y;
      logDets.push(r.logDet);
    }
    return { y, logDet: sumLogDets(logDets, z.shape[0]) };
  }

  private inverseUntidied(x: tf.Tensor2D): BijectorResult {
    let y = x;
    const logDets: tf.Tensor1D[] = [];
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const r = this.layers[i].inverse(y);
      y = r.y;
      logDets.push(r.logDet);
    }
    return { y, logDet: sumLogDets(logDets, x.shape[0]) };
  }

  /** Points after each layer in the forward direction: trace[0] = z, trace[K] = x. */
  forwardTrace(z: tf.Tensor2D): tf.Tensor2D[] {
    // The tidy frees each layer's log-det; the returned points survive it.
    return tf.tidy(() => {
      const trace = [z];
      let y = z;
      for (const layer of this.layers) {
        y = layer.forward(y).y;
        trace.push(y);
      }
      return trace;
    });
  }

  dispose(): void {
    for (const l of this.layers) l.dispose();
  }
}

/**
 * addN in groups instead of K−1 adds (each op costs dispatch time on CPU
 * backends). Groups of at most 6: tfjs 4.22's WebGPU addN returns stale data
 * for 8 or more inputs.
 */
const ADDN_GROUP = 6;
function sumLogDets(logDets: tf.Tensor1D[], batch: number): tf.Tensor1D {
  if (logDets.length === 0) return tf.zeros([batch]);
  let terms = logDets;
  while (terms.length > 1) {
    const next: tf.Tensor1D[] = [];
    for (let i = 0; i < terms.length; i += ADDN_GROUP) {
      const group = terms.slice(i, i + ADDN_GROUP);
      next.push(group.length === 1 ? group[0] : tf.addN(group));
    }
    terms = next;
  }
  return terms[0];
}
