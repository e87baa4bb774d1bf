import type * as tf from '@tensorflow/tfjs-core';
import { registerHostKernel, runHostKernel, type HostOutput } from './host-kernel';
import { simdArena } from './mlp-kernels';

/**
 * FlatAdam's whole update as one host kernel (cpu, wasm): on the plain path it
 * is ~35 ops plus, per variable, a reshape to flatten the parameters and a
 * slice + reshape to split them back (SplitV), ~150 ops for a RealNVP-8. Here
 * the flat gradient, the moments and every parameter go in, and the new
 * moments and parameters come out already in the variables' shapes.
 *
 * The maths is flat-adam.ts's, in the same order: the scalars (norm, clip,
 * bias correction) in doubles, the per-value update in float32 SIMD
 * (finiteSquares and adamUpdate in assembly/mlp-simd.ts), as tfjs computes it:
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
  const total = params.reduce((sum, p) => sum + p.length, 0);
  if (total !== n) throw new Error(`${ADAM_UPDATE}: parameters hold ${total} values, gradient ${n}`);
  // The flat vectors in SIMD memory (assembly/mlp-simd.ts does the per-value work), the parameters laid end to end.
  const mem = simdArena();
  const g = mem.put(grad);
  const m = mem.put(m0);
  const v = mem.put(v0);
  const theta = mem.alloc(n);
  const thetaView = mem.view(theta, n);
  let offset = 0;
  for (const p of params) {
    thetaView.set(p, offset);
    offset += p.length;
  }
  const sumSq = mem.fns.finiteSquares(g, n);
  let avg = avgIn[0];
  let scale = 1;
  if (clipFactor > 0) {
    const norm = Math.fround(Math.sqrt(sumSq));
    const started = avg > 0;
    const limit = started ? avg * clipFactor : norm;
    scale = Math.min(1, limit / Math.max(norm, 1e-30));
    const clipped = norm * scale;
    const next = started ? avg + (clipped - avg) * (1 - normDecay) : clipped;
    avg = avg + (next - avg) * gate;
  }
  const t = tIn[0] + gate;
  const tSafe = Math.max(t, 1);
  const stepSize = (lr * Math.sqrt(1 - beta2 ** tSafe)) / (1 - beta1 ** tSafe);
  mem.fns.adamUpdate(g, m, v, theta, n, scale, gate * (1 - beta1), gate * (1 - beta2), gate * stepSize, epsilon);
  const out: HostOutput[] = [
    mem.output([n], m),
    mem.output([n], v),
    { shape: [], values: new Float32Array([t]) },
    { shape: [], values: new Float32Array([avg]) },
  ];
  offset = 0;
  params.forEach((p, k) => {
    out.push(mem.output(shapes[6 + k], theta + 4 * offset));
    offset += p.length;
  });
  return out;
});

/** The gradients, in order, as one flat vector: one kernel instead of a reshape each and a concat. */
export const FLATTEN = 'FlowPlaygroundFlatten';

registerHostKernel(FLATTEN, (inputs) => {
  const flat = new Float32Array(inputs.reduce((n, a) => n + a.length, 0));
  let offset = 0;
  for (const a of inputs) {
    flat.set(a, offset);
    offset += a.length;
  }
  return [{ shape: [flat.length], values: flat }];
});

export function flattenOnHost(tensors: readonly tf.Tensor[]): tf.Tensor1D {
  return runHostKernel(FLATTEN, tensors)[0] as tf.Tensor1D;
}

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
