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

const WORKGROUP = 64;
const LANES = 256;

const DERIVED = `
fn softplus(x : f32) -> f32 { return max(x, 0.0) + log(1.0 + exp(-abs(x))); }
fn tanhSafe(x : f32) -> f32 {
  let e = exp(-2.0 * abs(x));
  let t = (1.0 - e) / (1.0 + e);
  return select(-t, t, x >= 0.0);
}
struct Derived { w : vec2<f32>, u : vec2<f32>, b : f32, wu : f32, wSq : f32, m : f32, onePlusM : f32, c : f32, uHat : vec2<f32> }
fn derived() -> Derived {
  var d : Derived;
  d.w = vec2<f32>(W[0], W[1]);
  d.u = vec2<f32>(UU[0], UU[1]);
  d.b = B[0];
  d.wu = dot(d.u, d.w);
  d.wSq = dot(d.w, d.w);
  d.onePlusM = softplus(d.wu);
  d.m = d.onePlusM - 1.0;
  d.c = (d.m - d.wu) / d.wSq;
  d.uHat = d.u + d.c * d.w;
  return d;
}`;

const forwardCode = `${bindingsWgsl('batch : i32,', ['V', 'W', 'UU', 'B'], ['Y', 'LD'])}
${DERIVED}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let i = i32(gid.x);
  if (i >= u.batch) { return; }
  let d = derived();
  let v = vec2<f32>(V[2 * i], V[2 * i + 1]);
  let t = tanhSafe(dot(v, d.w) + d.b);
  let y = v + t * d.uHat;
  Y[2 * i] = y.x;
  Y[2 * i + 1] = y.y;
  LD[i] = log(d.onePlusM - d.m * t * t);
}`;

/** The sums over the batch, one row of workgroup memory each. */
const SUMS = ['dwA0', 'dwA1', 'db', 'dU0', 'dU1', 'dm', 'dOnePlusM'];

const backwardCode = `${bindingsWgsl('batch : i32,', ['DY', 'DL', 'V', 'W', 'UU', 'B'], ['DV', 'DP'])}
${DERIVED}
var<workgroup> partial : array<array<f32, ${LANES}>, ${SUMS.length}>;
@compute @workgroup_size(${LANES})
fn main(@builtin(local_invocation_index) lane : u32) {
  let d = derived();
  var s : array<f32, ${SUMS.length}>;
  for (var i = i32(lane); i < u.batch; i += ${LANES}) {
    let v = vec2<f32>(V[2 * i], V[2 * i + 1]);
    let g = vec2<f32>(DY[2 * i], DY[2 * i + 1]);
    let l = DL[i];
    let t = tanhSafe(dot(v, d.w) + d.b);
    let q = d.onePlusM - d.m * t * t;
    let dt = dot(g, d.uHat) - l * 2.0 * d.m * t / q;
    let da = dt * (1.0 - t * t);
    let dv = g + da * d.w;
    DV[2 * i] = dv.x;
    DV[2 * i + 1] = dv.y;
    s[0] += da * v.x;
    s[1] += da * v.y;
    s[2] += da;
    s[3] += g.x * t;
    s[4] += g.y * t;
    s[5] -= l * t * t / q;
    s[6] += l / q;
  }
  for (var k = 0; k < ${SUMS.length}; k++) { partial[k][lane] = s[k]; }
  ${wgslWorkgroupSum(LANES, SUMS.length)}
  if (lane == 0u) {
    let dwA = vec2<f32>(partial[0][0], partial[1][0]);
    let db = partial[2][0];
    let dUHat = vec2<f32>(partial[3][0], partial[4][0]);
    let dc = dot(dUHat, d.w);
    let dm = partial[5][0] + dc / d.wSq;
    let sigma = 1.0 / (1.0 + exp(-d.wu));
    let dwu = (partial[6][0] + dm) * sigma - dc / d.wSq;
    let dU = dUHat + dwu * d.w;
    let dW = dwA + d.c * dUHat + dwu * d.u - 2.0 * dc * (d.m - d.wu) / (d.wSq * d.wSq) * d.w;
    DP[0] = dW.x;
    DP[1] = dW.y;
    DP[2] = dU.x;
    DP[3] = dU.y;
    DP[4] = db;
  }
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
