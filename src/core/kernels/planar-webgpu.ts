import * as tf from '@tensorflow/tfjs-core';
import { splitOnWebgpu } from './split-webgpu';
import { bindingsWgsl, runRawProgram } from './webgpu-dispatch';
import { ordered, type KernelArgs, wgslWorkgroupSum } from './webgpu-kernel';

/**
 * A planar layer's closed-form direction (planar.ts) as WGSL on webgpu, from
 * the raw variables w [1,2], u [1,2], b [1]: the derived û, m, 1 + m are
 * recomputed in every invocation (a handful of flops), so the layer is one
 * dispatch forward and, backward, one single-workgroup dispatch plus one that
 * splits the packed parameter gradient; the plain path is ~8 tfjs ops for the
 * derived values and ~10 for the batch, each a dispatch, and twice that back.
 * (The host kernels in planar-kernels.ts take the derived values as inputs,
 * as tfjs ops are cheap on the host; here the derivation moves inside.)
 *
 *   wu = w·u,  1 + m = softplus(wu),  m = (1 + m) − 1,
 *   û = u + ((m − wu)/‖w‖²)·w
 *   per row v: a = v·w + b, t = tanh a, y = v + t·û, logDet = log((1 + m) − m·t²)
 * Backward: the batch part as in planar-kernels.ts, summed over the batch by
 * a tree in workgroup memory (dw_a, db, dû, dm, d(1 + m)), then through the
 * derivation by lane 0, with c = (m − wu)/‖w‖²:
 *   dc = dû·w,  du = dû + dwu·w,  dm ← dm + dc/‖w‖²,
 *   dwu = (d(1 + m) + dm)·σ(wu) − dc/‖w‖²,
 *   dw = dw_a + c·dû + dwu·u − 2·dc·(m − wu)/‖w‖⁴·w.
 */
export const PLANAR_WEBGPU_FORWARD = 'FlowPlaygroundPlanarWebgpu';
export const PLANAR_WEBGPU_BACKWARD = 'FlowPlaygroundPlanarWebgpuBackward';
export const PLANAR_WEBGPU_SOLVED = 'FlowPlaygroundPlanarWebgpuSolved';

const WORKGROUP = 64;
const LANES = 256;

/**
 * The planar maths in WGSL, shared with the whole-stack kernels
 * (planar-stack-webgpu.ts, density-webgpu.ts): the derived values from the raw
 * variables, one row forward, one row back into the seven batch sums, and the
 * parameter gradients from those sums (the derivation above).
 */
export const PLANAR_WGSL = `
fn softplus(x : f32) -> f32 { return max(x, 0.0) + log(1.0 + exp(-abs(x))); }
fn tanhSafe(x : f32) -> f32 {
  let e = exp(-2.0 * abs(x));
  let t = (1.0 - e) / (1.0 + e);
  return select(-t, t, x >= 0.0);
}
struct Derived { w : vec2<f32>, u : vec2<f32>, b : f32, wu : f32, wSq : f32, m : f32, onePlusM : f32, c : f32, uHat : vec2<f32> }
fn derivedFrom(w : vec2<f32>, uu : vec2<f32>, b : f32) -> Derived {
  var d : Derived;
  d.w = w;
  d.u = uu;
  d.b = b;
  d.wu = dot(d.u, d.w);
  d.wSq = dot(d.w, d.w);
  d.onePlusM = softplus(d.wu);
  d.m = d.onePlusM - 1.0;
  d.c = (d.m - d.wu) / d.wSq;
  d.uHat = d.u + d.c * d.w;
  return d;
}
// One row forward: (y.x, y.y, logDet, t).
fn planarRow(d : Derived, v : vec2<f32>) -> vec4<f32> {
  let t = tanhSafe(dot(v, d.w) + d.b);
  return vec4<f32>(v + t * d.uHat, log(d.onePlusM - d.m * t * t), t);
}
// One row back from dy = g, dlogDet = l: returns dv; adds the row's terms to the sums
// [dw_a (2), db, dû (2), dm, d(1 + m)].
fn planarRowBack(d : Derived, v : vec2<f32>, g : vec2<f32>, l : f32, s : ptr<function, array<f32, 7>>) -> vec2<f32> {
  let t = tanhSafe(dot(v, d.w) + d.b);
  let q = d.onePlusM - d.m * t * t;
  let dt = dot(g, d.uHat) - l * 2.0 * d.m * t / q;
  let da = dt * (1.0 - t * t);
  (*s)[0] += da * v.x;
  (*s)[1] += da * v.y;
  (*s)[2] += da;
  (*s)[3] += g.x * t;
  (*s)[4] += g.y * t;
  (*s)[5] -= l * t * t / q;
  (*s)[6] += l / q;
  return g + da * d.w;
}
// The batch sums through the derivation: [dw₀, dw₁, du₀, du₁, db].
fn planarParamGrads(d : Derived, dwA : vec2<f32>, db : f32, dUHat : vec2<f32>, dmRows : f32, dOnePlusM : f32) -> array<f32, 5> {
  let dc = dot(dUHat, d.w);
  let dm = dmRows + dc / d.wSq;
  let sigma = 1.0 / (1.0 + exp(-d.wu));
  let dwu = (dOnePlusM + dm) * sigma - dc / d.wSq;
  let dU = dUHat + dwu * d.w;
  let dW = dwA + d.c * dUHat + dwu * d.u - 2.0 * dc * (d.m - d.wu) / (d.wSq * d.wSq) * d.w;
  return array<f32, 5>(dW.x, dW.y, dU.x, dU.y, db);
}`;

/** The sums over the batch, one row of workgroup memory each (planarRowBack's order). */
export const PLANAR_SUMS = 7;

const DERIVED = `${PLANAR_WGSL}
fn derived() -> Derived { return derivedFrom(vec2<f32>(W[0], W[1]), vec2<f32>(UU[0], UU[1]), B[0]); }`;

const forwardCode = `${bindingsWgsl('batch : i32,', ['V', 'W', 'UU', 'B'], ['Y', 'LD'])}
${DERIVED}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let i = i32(gid.x);
  if (i >= u.batch) { return; }
  let r = planarRow(derived(), vec2<f32>(V[2 * i], V[2 * i + 1]));
  Y[2 * i] = r.x;
  Y[2 * i + 1] = r.y;
  LD[i] = r.z;
}`;

const backwardCode = `${bindingsWgsl('batch : i32,', ['DY', 'DL', 'V', 'W', 'UU', 'B'], ['DV', 'DP'])}
${DERIVED}
var<workgroup> partial : array<array<f32, ${LANES}>, ${PLANAR_SUMS}>;
@compute @workgroup_size(${LANES})
fn main(@builtin(local_invocation_index) lane : u32) {
  let d = derived();
  var s : array<f32, ${PLANAR_SUMS}>;
  for (var i = i32(lane); i < u.batch; i += ${LANES}) {
    let dv = planarRowBack(d, vec2<f32>(V[2 * i], V[2 * i + 1]), vec2<f32>(DY[2 * i], DY[2 * i + 1]), DL[i], &s);
    DV[2 * i] = dv.x;
    DV[2 * i + 1] = dv.y;
  }
  for (var k = 0; k < ${PLANAR_SUMS}; k++) { partial[k][lane] = s[k]; }
  ${wgslWorkgroupSum(LANES, PLANAR_SUMS)}
  if (lane == 0u) {
    let p = planarParamGrads(d, vec2<f32>(partial[0][0], partial[1][0]), partial[2][0], vec2<f32>(partial[3][0], partial[4][0]), partial[5][0], partial[6][0]);
    for (var k = 0; k < 5; k++) { DP[k] = p[k]; }
  }
}`;

/**
 * The other direction, v = f⁻¹(y), forward-only (no tape: sampling, the morph's
 * frames, a density in energy mode), as planar.ts solves it with ~150 tfjs ops:
 * c = w·y + b, the root of g(a) = a + m·tanh(a) − c bracketed in [c − |m|, c + |m|],
 * HALVINGS steps a ← a − |m|·2⁻⁽ᵏ⁺¹⁾·sign g(a) from c, two Newton steps
 * a ← a − g(a)/((1 + m) − m·tanh²a), then v = y − û·tanh a and
 * logDet = −log((1 + m) − m·tanh²a). One invocation per row.
 */
const solvedCode = (halvings: number) => `${bindingsWgsl('batch : i32,', ['V', 'W', 'UU', 'B'], ['Y', 'LD'])}
${DERIVED}
fn newton(d : Derived, a : f32, c : f32) -> f32 {
  let t = tanhSafe(a);
  return a - (a + d.m * t - c) / (d.onePlusM - d.m * t * t);
}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let i = i32(gid.x);
  if (i >= u.batch) { return; }
  let d = derived();
  let y = vec2<f32>(V[2 * i], V[2 * i + 1]);
  let c = dot(y, d.w) + d.b;
  var a = c;
  var step = abs(d.m);
  for (var k = 0; k < ${halvings}; k++) {
    step = step * 0.5;
    a -= step * sign(a + d.m * tanhSafe(a) - c);
  }
  let t = tanhSafe(newton(d, newton(d, a, c), c));
  let v = y - t * d.uHat;
  Y[2 * i] = v.x;
  Y[2 * i + 1] = v.y;
  LD[i] = -log(d.onePlusM - d.m * t * t);
}`;

tf.registerKernel({
  kernelName: PLANAR_WEBGPU_FORWARD,
  backendName: 'webgpu',
  kernelFunc: (({ inputs, backend }: KernelArgs) => {
    const [v, w, u, b] = ordered(inputs);
    const batch = v.shape[0];
    return runRawProgram(backend, {
      key: 'flowPlaygroundPlanarForward',
      code: forwardCode,
      inputs: [v, w, u, b],
      outputShapes: [[batch, 2], [batch]],
      uniforms: [{ type: 'int32', value: batch }],
      workgroups: [Math.ceil(batch / WORKGROUP), 1, 1],
    });
  }) as never,
});

tf.registerKernel({
  kernelName: PLANAR_WEBGPU_BACKWARD,
  backendName: 'webgpu',
  kernelFunc: (({ inputs, backend }: KernelArgs) => {
    const [dy, dl, v, w, u, b] = ordered(inputs);
    const batch = v.shape[0];
    const [dv, dp] = runRawProgram(backend, {
      key: 'flowPlaygroundPlanarBackward',
      code: backwardCode,
      inputs: [dy, dl, v, w, u, b],
      outputShapes: [[batch, 2], [5]],
      uniforms: [{ type: 'int32', value: batch }],
      workgroups: [1, 1, 1],
    });
    const grads = splitOnWebgpu(backend, dp, [w.shape, u.shape, b.shape]);
    (backend as { disposeData(id: tf.DataId): boolean }).disposeData(dp.dataId);
    return [dv, ...grads];
  }) as never,
});

tf.registerGradient({
  kernelName: PLANAR_WEBGPU_FORWARD,
  inputsToSave: ['0', '1', '2', '3'],
  gradFunc: (dys, saved) => {
    const [dy, dl] = dys as (tf.Tensor | null)[];
    const batch = saved[0].shape[0];
    const named: tf.NamedTensorMap = {};
    [dy ?? tf.zeros([batch, 2]), dl ?? tf.zeros([batch]), ...saved].forEach((t, i) => (named[String(i)] = t));
    const grads = tf.engine().runKernel(PLANAR_WEBGPU_BACKWARD, named) as tf.Tensor[];
    return Object.fromEntries(grads.map((g, i) => [String(i), () => g]));
  },
});

/** y = v + û·tanh(v·wᵀ + b) and log|det| from the raw variables, one dispatch (webgpu only). */
export function planarOnWebgpu(v: tf.Tensor2D, params: { w: tf.Tensor2D; u: tf.Tensor2D; b: tf.Tensor1D }): { y: tf.Tensor2D; logDet: tf.Tensor1D } {
  const [y, logDet] = tf.engine().runKernel(PLANAR_WEBGPU_FORWARD, { 0: v, 1: params.w, 2: params.u, 3: params.b } as unknown as tf.NamedTensorMap) as tf.Tensor[];
  return { y: y as tf.Tensor2D, logDet: logDet as tf.Tensor1D };
}

tf.registerKernel({
  kernelName: PLANAR_WEBGPU_SOLVED,
  backendName: 'webgpu',
  kernelFunc: (({ inputs, backend, attrs }: KernelArgs) => {
    const [y, w, u, b] = ordered(inputs);
    const batch = y.shape[0];
    const halvings = attrs!.halvings as number;
    return runRawProgram(backend, {
      key: `flowPlaygroundPlanarSolved/${halvings}`,
      code: solvedCode(halvings),
      inputs: [y, w, u, b],
      outputShapes: [[batch, 2], [batch]],
      uniforms: [{ type: 'int32', value: batch }],
      workgroups: [Math.ceil(batch / WORKGROUP), 1, 1],
    });
  }) as never,
});

/** v = f⁻¹(y) by bisection and Newton, and its log|det|, one dispatch (webgpu, no gradient). */
export function planarSolvedOnWebgpu(y: tf.Tensor2D, params: { w: tf.Tensor2D; u: tf.Tensor2D; b: tf.Tensor1D }, halvings: number): { y: tf.Tensor2D; logDet: tf.Tensor1D } {
  const [v, logDet] = tf.engine().runKernel(PLANAR_WEBGPU_SOLVED, { 0: y, 1: params.w, 2: params.u, 3: params.b } as unknown as tf.NamedTensorMap, { halvings }) as tf.Tensor[];
  return { y: v as tf.Tensor2D, logDet: logDet as tf.Tensor1D };
}
