import * as tf from '@tensorflow/tfjs-core';
import type { ElementwiseTransform } from '../coupling';

/**
 * The affine map of RealNVP and Glow couplings, θ = (raw, t):
 *   forward  y = x·exp(s) + t,    log|dy/dx| = s
 *   inverse  x = (y − t)·exp(−s), log|dx/dy| = −s
 * with s a soft bound of raw into (−below, above): s = B·tanh(raw/B), B =
 * above where raw ≥ 0 and below where raw < 0 (slope 1 at 0 from both sides;
 * a hard clip would stop the gradient). θ = 0 is the identity.
 */
export const DEFAULT_LOG_SCALE_BOUND = 3;

/** The range of the forward (latent→data) log-scale s: −below < s < above. */
export interface LogScaleBounds {
  /** How far the coupling may shrink latent→data, i.e. stretch data→latent (e^below at most). */
  readonly below: number;
  /** How far it may stretch latent→data, i.e. shrink data→latent. */
  readonly above: number;
}

export function affineTransform(bounds: number | LogScaleBounds = DEFAULT_LOG_SCALE_BOUND): ElementwiseTransform & { readonly logScaleBounds: LogScaleBounds } {
  const logScaleBounds = typeof bounds === 'number' ? { below: bounds, above: bounds } : bounds;
  const { below, above } = logScaleBounds;
  if (!(below > 0) || !(above > 0)) throw new Error(`log-scale bounds must be positive, got below ${below}, above ${above}`);
  const bounded = (raw: tf.Tensor2D, B: number) => tf.mul(tf.tanh(tf.mul(raw, 1 / B)), B) as tf.Tensor2D;
  /**
   * Both directions in one body: direction −1 negates the log-scale, so the
   * inverse's −s comes out of the same multiply that applies it.
   */
  const apply = (input: tf.Tensor2D, [raw, shift]: readonly tf.Tensor2D[], direction: 1 | -1) => {
    const signedLogScale = (
      below === above
        ? tf.mul(tf.tanh(tf.mul(raw, 1 / above)), direction * above)
        : tf.mul(tf.where(tf.greaterEqual(raw, 0), bounded(raw, above), bounded(raw, below)), direction)
    ) as tf.Tensor2D;
    const scale = tf.exp(signedLogScale);
    const out = direction === 1 ? tf.add(tf.mul(input, scale), shift) : tf.mul(tf.sub(input, shift), scale);
    return { out: out as tf.Tensor2D, logAbsDet: signedLogScale };
  };
  return {
    couplingKind: 'affine-coupling',
    paramsPerCoordinate: 2,
    logScaleBounds,
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
