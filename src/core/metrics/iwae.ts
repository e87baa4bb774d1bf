import * as tf from '@tensorflow/tfjs-core';

/** What the IWAE estimate needs from a VAE (kept structural so this file does not import the model). */
export interface LatentVariableModel {
  readonly latent: number;
  encode(x: tf.Tensor2D): { mean: tf.Tensor2D; logVar: tf.Tensor2D };
  decoderLogLik(x: tf.Tensor2D, z: tf.Tensor2D): tf.Tensor1D;
}

/**
 * Rows (point × sample pairs) decoded at once. Bounds the memory of one chunk
 * to a few MB per hidden unit column whatever n and k are: 50,000 points ×
 * k = 1,000 would otherwise be 5·10⁷ rows through the decoder.
 */
const MAX_ROWS_PER_CHUNK = 1 << 16;

/**
 * Importance-weighted log-likelihood (Burda et al. 2016) per point:
 *   log p̂_k(x) = logsumexp_i [log p(x|z_i) + log p(z_i) − log q(z_i|x)] − log k,  z_i ~ q(z|x).
 * E[log p̂_k(x)] ≤ log p(x) for every k and rises towards it as k grows; k = 1
 * is the ELBO. The k samples are drawn in chunks and combined with a second
 * logsumexp, so memory does not grow with k.
 */
export function iwaeLogLik(model: LatentVariableModel, x: tf.Tensor2D, k: number, seed = 0): tf.Tensor1D {
  if (!Number.isInteger(k) || k < 1) throw new Error(`IWAE needs a positive integer k, got ${k}`);
  return tf.tidy(() => {
    const n = x.shape[0];
    const { mean, logVar } = model.encode(x);
    const std = tf.exp(tf.mul(logVar, 0.5));
    // log p(z) − log q(z|x) with z = μ + σε: the log 2π terms cancel and
    // ‖z‖² needs z, ε² needs ε, so only −½Σ(z² − ε² − log σ²) remains.
    const sumLogVar = tf.sum(logVar, 1);
    const perChunk = Math.max(1, Math.min(k, Math.floor(MAX_ROWS_PER_CHUNK / n)));
    const chunkSums: tf.Tensor1D[] = [];
    for (let done = 0, c = 0; done < k; done += perChunk, c++) {
      const kc = Math.min(perChunk, k - done);
      chunkSums.push(
        tf.tidy(() => {
          const eps = tf.randomNormal([kc, n, model.latent], 0, 1, 'float32', seed + c);
          const z = tf.add(mean, tf.mul(std, eps)); // [kc, n, L]
          const priorOverPosterior = tf.mul(tf.sub(tf.sum(tf.sub(tf.square(z), tf.square(eps)), 2), sumLogVar), -0.5);
          const tiled = tf.reshape(tf.tile(tf.expandDims(x, 0), [kc, 1, 1]), [kc * n, x.shape[1]]) as tf.Tensor2D;
          const logLik = tf.reshape(model.decoderLogLik(tiled, tf.reshape(z, [kc * n, model.latent]) as tf.Tensor2D), [kc, n]);
          return tf.logSumExp(tf.add(logLik, priorOverPosterior), 0) as tf.Tensor1D;
        }),
      );
    }
    const total = chunkSums.length === 1 ? chunkSums[0] : (tf.logSumExp(tf.stack(chunkSums), 0) as tf.Tensor1D);
    return tf.sub(total, Math.log(k)) as tf.Tensor1D;
  });
}
