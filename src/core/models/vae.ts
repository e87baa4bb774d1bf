import * as tf from '@tensorflow/tfjs-core';
import { iwaeLogLik } from '../metrics/iwae';
import { createMlp, type Activation, type Mlp } from '../nn/mlp';
import { createRng } from '../util/rng';
import { onRows } from '../metrics/evaluate';
import type { DensityModel, Objective, ScoreContext, Scorer } from './density-model';
import { requireIntegerIn, requireNetworkSize } from './option-checks';

const LOG_2PI = Math.log(2 * Math.PI);
const DATA_DIM = 2;

export interface VaeOptions {
  /** Size of z. 2 matches the data, so the decoder can be a near-bijection. */
  latent?: number;
  hidden?: number;
  /** Hidden layers in each of the encoder and decoder. */
  depth?: number;
  activation?: Activation;
  /**
   * How p(x|z)'s variance is learned: 'per-point', an output of the decoder for
   * each z, or 'shared', one free log-variance per data coordinate.
   */
  decoderVariance?: DecoderVariance;
  seed: number;
}

export type DecoderVariance = 'per-point' | 'shared';

export const VAE_DEFAULTS = { latent: 2, hidden: 128, depth: 2, activation: 'tanh' as Activation, decoderVariance: 'per-point' as DecoderVariance };

/** The tensors one encode → reparameterise → decode pass produces, shared by −ELBO and IWAE. */
export interface Posterior {
  mean: tf.Tensor2D;
  logVar: tf.Tensor2D;
}

/**
 * A VAE over 2-D points: diagonal-Gaussian encoder q(z|x), standard normal prior
 * p(z), and a Gaussian decoder p(x|z) whose per-coordinate log-variance is an
 * output of the decoder network.
 *
 * Decoder variance. A fixed variance makes the "likelihood" a squared error
 * with an arbitrary scale, so its NLL means nothing; it must be learned. Of the
 * two ways, a variance the decoder outputs for each z trained clearly better
 * than one shared free log-variance per coordinate (moons, IWAE-256: 2.80 vs
 * 3.10 after 750 steps with tanh; 2.98 vs 3.19 after 1,000 with relu; the
 * shared model leaves one latent unused): one σ for the whole
 * plane has to cover both a moon's thin noise and the gap between the moons,
 * where the decoder is unsure, so it stays wide and the model stays blurry. The
 * log-variance is floored softly so a decoder that grows overconfident on one
 * batch cannot send the loss to −∞.
 *
 * Defaults (tanh, 2 × 128, latent 2; with lr 3e-3 and cosine decay in
 * train/compare.ts). With relu every setting tried (depth 3, latent 4, lr 3e-3,
 * KL warm-up, encoder variance initialised small) stalled in the same place as
 * the plain PyTorch baseline (−ELBO ≈ 2.97 on moons, one latent used, the x
 * coordinate left to the decoder's noise); tanh's smooth decoder uses both
 * latents and keeps improving, reaching IWAE-256 2.64 at 5,000 steps (floor
 * 2.39). Tanh is not fused into the matMul, so a step costs a few more ops.
 */
export class Vae implements DensityModel {
  readonly family = 'vae' as const;
  readonly kind = 'bound' as const;
  readonly objectives: readonly Objective[];
  readonly variables: readonly tf.Variable[];
  readonly latent: number;

  constructor(
    private readonly encoder: Mlp,
    private readonly decoder: Mlp,
    latent: number,
    /** The free log-variance when the decoder variance is 'shared'; null when the decoder outputs it. */
    private readonly sharedLogVar: tf.Variable | null = null,
  ) {
    this.latent = latent;
    this.variables = [...encoder.variables, ...decoder.variables, ...(sharedLogVar ? [sharedLogVar] : [])];
    this.objectives = [
      {
        name: 'neg-elbo',
        variables: this.variables,
        loss: (batch, seed) => tf.mean(this.negElbo(batch, seed)) as tf.Scalar,
      },
    ];
  }

  encode(x: tf.Tensor2D): Posterior {
    return tf.tidy(() => {
      const [mean, logVar] = tf.split(this.encoder.apply(x), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      return { mean, logVar };
    });
  }

  /**
   * log p(x|z) per row, with x and z rows paired. Callers that pair one x with
   * many z (IWAE) tile x first; the decoder runs once over all rows.
   */
  decoderLogLik(x: tf.Tensor2D, z: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const { mean, logVar } = this.decode(z);
      // −½ Σ_d [(x−μ)²·e^{−log σ²} + log σ² + log 2π]
      const scaled = tf.mul(tf.squaredDifference(x, mean), tf.exp(tf.neg(logVar)));
      return tf.sub(tf.mul(tf.sum(tf.add(scaled, logVar), 1), -0.5), DATA_DIM * 0.5 * LOG_2PI) as tf.Tensor1D;
    });
  }

  /**
   * −ELBO per point: −log p(x|z) at one reparameterised z ~ q(z|x), plus
   * KL(q(z|x) ‖ N(0, I)) in closed form. An unbiased one-sample estimate of a
   * quantity that is ≥ −log p(x).
   */
  negElbo(x: tf.Tensor2D, seed = 0): tf.Tensor1D {
    return tf.tidy(() => {
      const { mean, logVar } = this.encode(x);
      const eps = tf.randomNormal(mean.shape, 0, 1, 'float32', seed);
      const z = tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor2D;
      // KL(N(μ, σ²) ‖ N(0, 1)) = ½ Σ_j (μ² + σ² − log σ² − 1)
      const kl = tf.sub(tf.mul(tf.sum(tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), logVar), 1), 0.5), 0.5 * this.latent);
      return tf.sub(kl, this.decoderLogLik(x, z)) as tf.Tensor1D;
    });
  }

  /** Importance-weighted log-likelihood estimate per point; see metrics/iwae.ts. */
  iwaeLogLik(x: tf.Tensor2D, k: number, seed = 0): tf.Tensor1D {
    return iwaeLogLik(this, x, k, seed);
  }

  /**
   * IWAE-k headline with −ELBO beside it, both bounds; the density map is the
   * same IWAE-k, so the caption and the figure name one k. IWAE's noise depends
   * on a point's place in its chunk, so the chunk is part of the figure.
   */
  async scorer({ iwaeK, costlyPoints, seed }: ScoreContext): Promise<Scorer> {
    const iwae = onRows((x) => this.iwaeLogLik(x, iwaeK, seed));
    return {
      figures: [
        { id: 'iwae', label: `IWAE k=${iwaeK}`, kind: 'bound', k: iwaeK, logLik: iwae, chunk: 256, maxPoints: costlyPoints },
        { id: 'neg-elbo', label: '−ELBO', kind: 'bound', logLik: onRows((x) => tf.neg(this.negElbo(x, seed + 1))), chunk: 1024 },
      ],
      density: { method: `IWAE, k = ${iwaeK}`, logLik: iwae, chunk: 512 },
    };
  }

  sample(n: number, seed: number): tf.Tensor2D {
    return tf.tidy(() => {
      const rng = createRng(seed);
      const z = tf.randomNormal([n, this.latent], 0, 1, 'float32', rng.seed()) as tf.Tensor2D;
      const { mean, logVar } = this.decode(z);
      const eps = tf.randomNormal([n, DATA_DIM], 0, 1, 'float32', rng.seed());
      return tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor2D;
    });
  }

  private decode(z: tf.Tensor2D): { mean: tf.Tensor2D; logVar: tf.Tensor2D } {
    const out = this.decoder.apply(z);
    // A shared log-variance stays [1, 2] and broadcasts over the rows.
    if (this.sharedLogVar) return { mean: out, logVar: softFloor(this.sharedLogVar as tf.Tensor2D) };
    const [mean, raw] = tf.split(out, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return { mean, logVar: softFloor(raw) };
  }

  dispose(): void {
    this.encoder.dispose();
    this.decoder.dispose();
    this.sharedLogVar?.dispose();
  }
}

/**
 * log σ² ≥ LOG_VAR_FLOOR smoothly: floor + softplus(raw − floor). Equal to raw
 * well above the floor (σ ≥ 0.01 in data units is far below any toy set's noise),
 * so it only ever acts on a decoder that is diverging.
 */
const LOG_VAR_FLOOR = -9;
function softFloor(raw: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.softplus(tf.sub(raw, LOG_VAR_FLOOR)), LOG_VAR_FLOOR) as tf.Tensor2D;
}

export function createVae(options: VaeOptions): Vae {
  const { latent, hidden, depth, activation, decoderVariance } = { ...VAE_DEFAULTS, ...options };
  requireIntegerIn('latent', latent, 1, 64);
  requireNetworkSize(hidden, depth);
  const rng = createRng(options.seed);
  const layers = Array.from({ length: depth }, () => hidden);
  const encoder = createMlp({ inputs: DATA_DIM, hidden: layers, outputs: 2 * latent, activation, rng });
  const shared = decoderVariance === 'shared';
  const decoder = createMlp({ inputs: latent, hidden: layers, outputs: shared ? DATA_DIM : 2 * DATA_DIM, activation, rng });
  const sharedLogVar = shared ? tf.tidy(() => tf.variable(tf.zeros([1, DATA_DIM]), true)) : null;
  return new Vae(encoder, decoder, latent, sharedLogVar);
}
