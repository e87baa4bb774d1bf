import * as tf from '@tensorflow/tfjs-core';
import { readAndDispose } from '../util/read-back';
import type { Figure, PointFn, Scorer } from '../models/density-model';

/**
 * The one chunked evaluator: the CLI's scorer and the worker's read-backs both
 * evaluate a model's per-point functions here, so the page and the CLI print
 * the same figure for the same model, points and constants.
 */

export interface NllEstimate {
  /** Mean negative log-likelihood, nats per point. */
  mean: number;
  /** Standard error of that mean over the points. */
  se: number;
  count: number;
}

/**
 * Called between chunks; the worker gives its event loop a turn there so a long
 * read-back never delays a Pause by more than one chunk.
 */
export type BetweenChunks = () => Promise<void>;

/** A tensor function of [n, 2] rows as a PointFn (its input tensor is freed by the evaluator's tidy). */
export function onRows(fn: (x: tf.Tensor2D) => tf.Tensor1D): PointFn {
  return (points) => fn(tf.tensor2d(points, [points.length / 2, 2]));
}

/** fn at every row of `points`, chunk by chunk, so a 50,000-point set never becomes one giant tensor. */
export async function perPoint(fn: PointFn, points: Float32Array, chunk: number, between?: BetweenChunks): Promise<Float32Array> {
  const n = points.length / 2;
  const out = new Float32Array(n);
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    // A KDE answers with numbers; a model with a tensor, created and read back here.
    const result: { values: ArrayLike<number> } = { values: [] };
    const t = tf.tidy(() => {
      const r = fn(points.subarray(2 * start, 2 * (start + size)));
      if (r instanceof tf.Tensor) return r;
      result.values = r;
      return undefined;
    });
    // A rejected read (a lost GPU) must not leak the chunk's tensor.
    if (t) result.values = await readAndDispose(t);
    out.set(result.values, start);
    await between?.();
  }
  return out;
}

/** Mean and standard error of −log p from per-point log-likelihoods. */
export function summarise(logLik: ArrayLike<number>): NllEstimate {
  const n = logLik.length;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    sum -= logLik[i];
    sumSq += logLik[i] * logLik[i];
  }
  const mean = sum / n;
  return { mean, se: Math.sqrt(Math.max(sumSq / n - mean * mean, 0) / n), count: n };
}

/**
 * Mean and standard error of −logLik over many points. `logLik` may be exact
 * (flow), a bound (VAE ELBO) or an estimate: the caller labels it.
 */
export async function meanNll(logLik: (x: tf.Tensor2D) => tf.Tensor1D, points: Float32Array, chunk = 8192): Promise<NllEstimate> {
  const n = points.length / 2;
  if (!Number.isInteger(n) || n < 1) throw new Error('meanNll needs a non-empty [n, 2] point array');
  return summarise(await perPoint(onRows(logLik), points, chunk));
}

/** Every figure of a scorer on `points`, headline first, each labelled with its kind and constants. */
export async function evaluateFigures(scorer: Scorer, points: Float32Array, between?: BetweenChunks): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const def of scorer.figures) {
    const subset = def.maxPoints === undefined ? points : points.subarray(0, 2 * def.maxPoints);
    const { mean, se, count } = summarise(await perPoint(def.logLik, subset, def.chunk, between));
    figures.push({ id: def.id, label: def.label, kind: def.kind, value: mean, se, count });
  }
  return figures;
}
