import * as tf from '@tensorflow/tfjs-core';
import type { ElementwiseTransform } from '../coupling';

/**
 * The affine map of RealNVP and Glow couplings, θ = (raw, t):
 *   forward  y = x·exp(s) + t,    log|dy/dx| = s
 *   inverse  x = (y − t)·exp(−s), log|dx/dy| = −s
 * with s = bound·tanh(raw/bound): a soft bound on the log-scale (a hard clip
 * would stop the gradient). θ = 0 is the identity.
 */
export const DEFAULT_LOG_SCALE_BOUND = 3;

export function affineTransform(logScaleBound = DEFAULT_LOG_SCALE_BOUND): ElementwiseTransform & { readonly logScaleBound: number } {
  if (!(logScaleBound > 0)) throw new Error(`logScaleBound must be positive, got ${logScaleBound}`);
  /**
   * Both directions in one body: direction −1 negates the bound, so the
   * inverse's log-scale −s comes out of the same multiply that applies it.
   */
  const apply = (input: tf.Tensor2D, [raw, shift]: readonly tf.Tensor2D[], direction: 1 | -1) => {
    const signedLogScale = tf.mul(tf.tanh(tf.mul(raw, 1 / logScaleBound)), direction * logScaleBound) as tf.Tensor2D;
    const scale = tf.exp(signedLogScale);
    const out = direction === 1 ? tf.add(tf.mul(input, scale), shift) : tf.mul(tf.sub(input, shift), scale);
    return { out: out as tf.Tensor2D, logAbsDet: signedLogScale };
  };
  return {
    couplingKind: 'affine-coupling',
    paramsPerCoordinate: 2,
    logScaleBound,
    forward(x, theta) {
      const { out, logAbsDet } = apply(x, theta, 1);
      return { y: out, logAbsDet };
    },
    inverse(y, theta) {
      const { out, logAbsDet } = apply(y, theta, -1);
      return { x: out, logAbsDet };
    },
  };
}
