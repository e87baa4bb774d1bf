import * as tf from '@tensorflow/tfjs-core';
import type { Bijector } from '../core/bijectors/bijector';
import { Coupling } from '../core/bijectors/coupling';
import { readAndDispose } from '../core/util/read-back';
import type { CrossSection } from './protocol';

/** Where the cross-section runs along the transformed coordinate: the base Gaussian's ±4σ. */
export const CROSS_SECTION_RANGE = 4;
const SAMPLES = 161;

/** What a layer that is not element-wise does instead, for the panel's sentence. */
const NOTES: Record<string, string> = {
  actnorm: 'Actnorm scales and shifts each coordinate by its own constants (y = x·e^s + b), the same for every point: a straight line per coordinate, with no kept coordinate to condition on.',
  'lu-linear': 'The LU 1×1 convolution multiplies every point by one invertible 2×2 matrix: it mixes the two coordinates (a rotation, stretch and shear of the whole plane), so no coordinate is kept fixed.',
  planar: 'A planar layer moves every point along one direction w by h(w·z + b): a fold across a line, not an element-wise map of one coordinate.',
  maf: 'A masked autoregressive layer maps each coordinate with parameters computed from the coordinates before it in its order, so both coordinates move (the first by constants): there is no kept coordinate to fix.',
  iaf: 'An inverse autoregressive layer maps each coordinate with parameters computed from the coordinates before it in its order, so both coordinates move (the first by constants): there is no kept coordinate to fix.',
};

/**
 * The transform's knots for this kept value, [x0, y0, x1, y1, …] (spline maps
 * only): θ depends on the kept coordinate alone, so one row gives them.
 */
async function knotsOf(layer: Coupling, dim: 0 | 1, kept: number): Promise<Float32Array | null> {
  const knots = layer.transform.knots;
  if (!knots) return null;
  const row = tf.tensor2d(dim === 0 ? [0, kept] : [kept, 0], [1, 2]);
  const [xs, ys] = await Promise.all(
    tf.tidy(() => {
      const k = knots.call(layer.transform, layer.theta(row));
      // [1, D, K+1]: the transformed coordinate's row.
      const pick = (t: tf.Tensor) => tf.reshape(tf.slice(t, [0, dim, 0], [1, 1, -1]), [-1]);
      return [pick(k.xs), pick(k.ys)];
    }).map((t) => readAndDispose(t)),
  );
  row.dispose();
  return Float32Array.from({ length: 2 * xs.length }, (_, i) => (i % 2 ? ys : xs)[i >> 1]);
}

/**
 * Layer `index` (1-based, latent side first, as the layer strip counts) of a
 * flow, read along a cross-section: points with the kept coordinate at `kept`
 * and the transformed one swept over ±CROSS_SECTION_RANGE go through the
 * layer's forward map, and the transformed coordinate of the output is τ.
 * Through the layer's own forward, so whatever element-wise transform the
 * coupling uses is drawn as it is.
 */
export async function readCrossSection(layers: readonly Bijector[], index: number, kept: number): Promise<CrossSection> {
  const layer = layers[index - 1];
  if (!layer) throw new Error(`there is no layer ${index} (the flow has ${layers.length})`);
  const base = { layer: index, kind: layer.kind, kept };
  if (!(layer instanceof Coupling)) {
    return { ...base, knots: null, transformDim: null, points: null, note: NOTES[layer.kind] ?? `This ${layer.kind} layer is not a coupling, so it has no map of one coordinate with the other kept.` };
  }
  const dim = layer.transformDim;
  const knots = await knotsOf(layer, dim, kept);
  // Past the outer knots too, where a spline turns into its identity tails.
  let range = CROSS_SECTION_RANGE;
  if (knots) for (let i = 0; i < knots.length; i += 2) range = Math.max(range, Math.abs(knots[i]) + 1);
  const xs = Float32Array.from({ length: SAMPLES }, (_, i) => -range + (2 * range * i) / (SAMPLES - 1));
  const input = new Float32Array(2 * SAMPLES);
  for (let i = 0; i < SAMPLES; i++) {
    input[2 * i + dim] = xs[i];
    input[2 * i + 1 - dim] = kept;
  }
  const ys = await readAndDispose(tf.tidy(() => tf.reshape(tf.slice(layer.forward(tf.tensor2d(input, [SAMPLES, 2])).y, [0, dim], [SAMPLES, 1]), [-1])));
  const points = new Float32Array(2 * SAMPLES);
  for (let i = 0; i < SAMPLES; i++) {
    points[2 * i] = xs[i];
    points[2 * i + 1] = ys[i];
  }
  return { ...base, knots, transformDim: dim, points, note: null };
}
