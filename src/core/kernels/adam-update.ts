import type * as tf from '@tensorflow/tfjs-core';
import { registerHostKernel, runHostKernel } from './host-kernel';

/**
 * FlatAdam's whole update as one host kernel (cpu, wasm): on the plain path it
 * is ~35 ops plus, per variable, a reshape to flatten the parameters and a
 * slice + reshape to split them back (SplitV), ~150 ops for a RealNVP-8. Here
 * the flat gradient, the moments and every parameter go in, and the new
 * moments and parameters come out already in the variables' shapes.
 *
 * The maths is flat-adam.ts's, in the same order (doubles in between, float32
 * in and out):
 *   g ← g where finite, else 0;   gate ∈ {0, 1} (apply or skip)
 *   clip (if clipFactor > 0): n = ‖g‖, a = running average (0 = none yet),
 *     limit = a > 0 ? clipFactor·a : n,  s = min(1, limit / max(n, 1e-30)),
 *     a ← a + gate·(next − a) with next = a > 0 ? a + (n·s − a)(1 − decay) : n·s,  g ← s·g
 *   t ← t + gate,  α = lr·√(1 − β₂^max(t,1)) / (1 − β₁^max(t,1))
 *   m ← m + (g − m)·gate(1 − β₁),  v ← v + (g² − v)·gate(1 − β₂)
 *   θ ← θ − m·gate·α / (√v + ε)
 */
export const ADAM_UPDATE = 'FlowPlaygroundAdamUpdate';

export interface AdamUpdateAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 0 for no clipping. */
  clipFactor: number;
  normDecay: number;
}

registerHostKernel(ADAM_UPDATE, (inputs, attrs, shapes) => {
  const [grad, m0, v0, tIn, avgIn, gateIn, ...params] = inputs;
  const { lr, beta1, beta2, epsilon, clipFactor, normDecay } = attrs as unknown as AdamUpdateAttrs;
  const gate = gateIn[0];
  const n = grad.length;
  const g = new Float32Array(n);
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = grad[i];
    const finite = Number.isFinite(x) ? x : 0;
    g[i] = finite;
    sumSq += finite * finite;
  }
  let avg = avgIn[0];
  if (clipFactor > 0) {
    const norm = Math.fround(Math.sqrt(sumSq));
    const started = avg > 0;
    const limit = started ? avg * clipFactor : norm;
    const scale = Math.min(1, limit / Math.max(norm, 1e-30));
    const clipped = norm * scale;
    const next = started ? avg + (clipped - avg) * (1 - normDecay) : clipped;
    avg = avg + (next - avg) * gate;
    if (scale !== 1) for (let i = 0; i < n; i++) g[i] *= scale;
  }
  const t = tIn[0] + gate;
  const tSafe = Math.max(t, 1);
  const stepSize = (lr * Math.sqrt(1 - beta2 ** tSafe)) / (1 - beta1 ** tSafe);
  const m = new Float32Array(n);
  const v = new Float32Array(n);
  const c1 = gate * (1 - beta1);
  const c2 = gate * (1 - beta2);
  const step = gate * stepSize;
  const out: { shape: number[]; values: Float32Array }[] = [
    { shape: [n], values: m },
    { shape: [n], values: v },
    { shape: [], values: new Float32Array([t]) },
    { shape: [], values: new Float32Array([avg]) },
  ];
  let offset = 0;
  params.forEach((p, k) => {
    const next = new Float32Array(p.length);
    for (let j = 0; j < p.length; j++) {
      const i = offset + j;
      const gi = g[i];
      const mi = (m[i] = Math.fround(m0[i] + (gi - m0[i]) * c1));
      const vi = (v[i] = Math.fround(v0[i] + (gi * gi - v0[i]) * c2));
      // m, v rounded to float32 as stored, so the update sees what the next step will.
      next[j] = p[j] - (mi * step) / (Math.sqrt(vi) + epsilon);
    }
    offset += p.length;
    out.push({ shape: shapes[6 + k], values: next });
  });
  if (offset !== n) throw new Error(`${ADAM_UPDATE}: parameters hold ${offset} values, gradient ${n}`);
  return out;
});

/**
 * One Adam update on the host; returns [m, v, t, normAverage, ...parameters]
 * (each parameter shaped like its variable). `gate` is a float32 scalar 0/1.
 */
export function adamUpdate(
  grad: tf.Tensor1D,
  state: { m: tf.Tensor; v: tf.Tensor; t: tf.Tensor; normAverage: tf.Tensor; gate: tf.Tensor },
  params: readonly tf.Tensor[],
  attrs: AdamUpdateAttrs,
): tf.Tensor[] {
  const out = runHostKernel(ADAM_UPDATE, [grad, state.m, state.v, state.t, state.normAverage, state.gate, ...params], { ...attrs });
  return out;
}
