import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../util/rng';

/**
 * One-dimensional mixture densities, the conditionals of the autoregressive
 * baseline (autoregressive.ts). A mixture is K weights (as logits), K locations
 * and K log-scales, per row: tensors of shape [n, K], or [1, K] to share one
 * mixture across all rows.
 *
 * Two component shapes. A Gaussian has tails like the toy densities' noise; a
 * logistic (PixelCNN++'s choice) has heavier, exponential tails and a
 * log-density with no square in it, so a badly placed component still gets a
 * gradient that does not vanish or explode.
 */
export type MixtureComponent = 'gaussian' | 'logistic';
export const MIXTURE_COMPONENTS: readonly MixtureComponent[] = ['gaussian', 'logistic'];

export interface Mixture {
  logits: tf.Tensor2D;
  means: tf.Tensor2D;
  logScales: tf.Tensor2D;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log-scale ≥ LOG_SCALE_FLOOR smoothly (floor + softplus(raw − floor)), equal to
 * raw well above it. A component collapsing onto a few points of one batch would
 * otherwise send the loss to −∞; σ ≥ e^−7 ≈ 0.001 is far below any toy set's noise.
 */
export const LOG_SCALE_FLOOR = -7;

/** Split a network's [n, 3K] output into a mixture (weights, locations, floored log-scales). */
export function mixtureFromRaw(raw: tf.Tensor2D): Mixture {
  const [logits, means, rawScales] = tf.split(raw, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  return { logits, means, logScales: softFloor(rawScales) };
}

function softFloor(raw: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.softplus(tf.sub(raw, LOG_SCALE_FLOOR)), LOG_SCALE_FLOOR) as tf.Tensor2D;
}

/** The inverse of the floor for initial values: the raw value that floors to `logScale` (> floor). */
export function rawLogScale(logScale: number): number {
  const d = logScale - LOG_SCALE_FLOOR;
  // softplus⁻¹(d) = log(e^d − 1), written to stay finite for large d.
  return LOG_SCALE_FLOOR + d + Math.log(-Math.expm1(-d));
}

/** log p(x) per row under the row's mixture; x has shape [n]. */
export function mixtureLogProb(x: tf.Tensor1D, mixture: Mixture, component: MixtureComponent): tf.Tensor1D {
  return tf.tidy(() => {
    const { logits, means, logScales } = mixture;
    // z = (x − μ)/s for every component: [n, 1] against [n or 1, K].
    const z = tf.mul(tf.sub(tf.reshape(x, [-1, 1]), means), tf.exp(tf.neg(logScales)));
    // Gaussian: −½z² − log σ − ½ log 2π.  Logistic: −z − 2 softplus(−z) − log s.
    const shape =
      component === 'gaussian' ? tf.sub(tf.mul(tf.square(z), -0.5), HALF_LOG_2PI) : tf.sub(tf.neg(z), tf.mul(tf.softplus(tf.neg(z)), 2));
    const perComponent = tf.add(tf.sub(shape, logScales), tf.logSoftmax(logits));
    return tf.logSumExp(perComponent, 1) as tf.Tensor1D;
  });
}

/**
 * n draws, one per row of the mixture (or n from a shared [1, K] mixture),
 * reproducible from the seed: the component by the Gumbel-max trick (an argmax,
 * so no multinomial kernel is needed), then a draw from that component.
 */
export function mixtureSample(mixture: Mixture, n: number, seed: number, component: MixtureComponent): tf.Tensor1D {
  return tf.tidy(() => {
    const rng = createRng(seed);
    const k = mixture.logits.shape[1];
    // Away from 0 and 1 so both logs stay finite.
    const u = tf.randomUniform([n, k], 1e-7, 1 - 1e-7, 'float32', rng.seed());
    const gumbel = tf.neg(tf.log(tf.neg(tf.log(u))));
    // oneHot's dtype argument is ignored by the wasm kernel (float bits of int 1 come back): cast instead.
    const chosen = tf.cast(tf.oneHot(tf.argMax(tf.add(mixture.logits, gumbel), 1), k), 'float32');
    const pick = (t: tf.Tensor2D) => tf.sum(tf.mul(chosen, t), 1);
    const mean = pick(mixture.means);
    const scale = tf.exp(pick(mixture.logScales));
    // A standard draw of the component's shape: N(0, 1), or logistic by its inverse CDF log(v/(1−v)).
    const standard =
      component === 'gaussian'
        ? tf.randomNormal([n], 0, 1, 'float32', rng.seed())
        : tf.tidy(() => {
            const v = tf.randomUniform([n], 1e-7, 1 - 1e-7, 'float32', rng.seed());
            return tf.sub(tf.log(v), tf.log1p(tf.neg(v)));
          });
    return tf.add(mean, tf.mul(scale, standard)) as tf.Tensor1D;
  });
}
