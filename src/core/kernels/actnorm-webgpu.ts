import * as tf from '@tensorflow/tfjs-core';
import { MIN_LOG_SCALE } from '../bijectors/bijector';
import { splitOnWebgpu } from './split-webgpu';
import { runPackedBackward, runPackedForward } from './packed-layer-webgpu';
import { bindingsWgsl, runRawProgram } from './webgpu-dispatch';
import { ordered, type KernelArgs, wgslWorkgroupSum } from './webgpu-kernel';

/**
 * Actnorm (actnorm.ts) in WGSL on webgpu: one dispatch forward, one
 * single-workgroup dispatch plus a split backward, where the plain path is 6
 * tfjs ops forward and about twice that back, each a dispatch. With the
 * floored log-scale s = max(logScale, MIN_LOG_SCALE) and direction d:
 *   d = +1: y = v·eˢ + β,       logDet = Σₖ sₖ
 *   d = −1: y = (v − β)·e⁻ˢ,    logDet = −Σₖ sₖ
 * Backward from dy (rows) and dl, summed over the batch by a tree in
 * workgroup memory:
 *   dv = dy·e^(d·s),  dβ = Σ dy (d = +1) or −Σ dy·e⁻ˢ (d = −1),
 *   ds = Σ dy·∂y/∂s + d·Σ dl with ∂y/∂s = y − β (d = +1) or −y (d = −1),
 *   dlogScale = ds where logScale ≥ the floor, else 0 (tfjs's maximum passes
 *   the gradient to its first input on ties too).
 */
export const ACTNORM_WEBGPU = 'FlowPlaygroundActNormWebgpu';
export const ACTNORM_WEBGPU_BACKWARD = 'FlowPlaygroundActNormWebgpuBackward';

const WORKGROUP = 64;
const LANES = 256;
const FLOOR = `f32(${MIN_LOG_SCALE})`;

/**
 * Where the kernels find their numbers: the layer's own tensors (the tape's
 * kernels), or the flow's packed parameters P at u.pOff, [logScale (2) | bias (2)],
 * the gradient written in place into G at u.gOff and ∂loss/∂logDet = u.dl
 * (the whole-flow kernel, flow-loss-webgpu.ts).
 */
interface Source {
  forwardBindings: string;
  backwardBindings: string;
  s: (k: number) => string;
  b: (k: number) => string;
  /** The log-det written for sample i, given this layer's. */
  logDet: (own: string) => string;
  dl: string;
  grad: (k: number) => string;
}

const OWN: Source = {
  forwardBindings: bindingsWgsl('batch : i32,', ['V', 'S', 'B'], ['Y', 'LD']),
  backwardBindings: bindingsWgsl('batch : i32,', ['DY', 'DL', 'V', 'S', 'B'], ['DV', 'DP']),
  s: (k) => `S[${k}]`,
  b: (k) => `B[${k}]`,
  logDet: (own) => own,
  dl: 'DL[i]',
  grad: (k) => `DP[${k}]`,
};

const packedSource = (accumulate: boolean): Source => ({
  forwardBindings: bindingsWgsl('batch : i32, pOff : i32,', accumulate ? ['V', 'P', 'LDIN'] : ['V', 'P'], ['Y', 'LD']),
  backwardBindings: bindingsWgsl('batch : i32, pOff : i32, gOff : i32, dl : f32,', ['DY', 'V', 'P'], ['DV'], ['G']),
  s: (k) => `P[u.pOff + ${k}]`,
  b: (k) => `P[u.pOff + ${2 + k}]`,
  logDet: (own) => (accumulate ? `LDIN[i] + ${own}` : own),
  dl: 'u.dl',
  grad: (k) => `G[u.gOff + ${k}]`,
});

const forwardCode = (d: number, src: Source = OWN) => `${src.forwardBindings}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let i = i32(gid.x);
  if (i >= u.batch) { return; }
  let s = max(vec2<f32>(${src.s(0)}, ${src.s(1)}), vec2<f32>(${FLOOR}));
  let beta = vec2<f32>(${src.b(0)}, ${src.b(1)});
  let v = vec2<f32>(V[2 * i], V[2 * i + 1]);
  let y = ${d === 1 ? 'v * exp(s) + beta' : '(v - beta) / exp(s)'};
  Y[2 * i] = y.x;
  Y[2 * i + 1] = y.y;
  LD[i] = ${src.logDet(`f32(${d}) * (s.x + s.y)`)};
}`;

const backwardCode = (d: number, src: Source = OWN) => `${src.backwardBindings}
var<workgroup> partial : array<array<f32, ${LANES}>, 5>;
@compute @workgroup_size(${LANES})
fn main(@builtin(local_invocation_index) lane : u32) {
  let raw = vec2<f32>(${src.s(0)}, ${src.s(1)});
  let s = max(raw, vec2<f32>(${FLOOR}));
  let beta = vec2<f32>(${src.b(0)}, ${src.b(1)});
  let e = exp(f32(${d}) * s);
  var ds = vec2<f32>(0.0);
  var dBeta = vec2<f32>(0.0);
  var dl = 0.0;
  for (var i = i32(lane); i < u.batch; i += ${LANES}) {
    let v = vec2<f32>(V[2 * i], V[2 * i + 1]);
    let g = vec2<f32>(DY[2 * i], DY[2 * i + 1]);
    let dv = g * e;
    DV[2 * i] = dv.x;
    DV[2 * i + 1] = dv.y;
    ${d === 1 ? 'ds += g * v * e;\n    dBeta += g;' : 'ds -= g * (v - beta) * e;\n    dBeta -= g * e;'}
    dl += ${src.dl};
  }
  partial[0][lane] = ds.x;
  partial[1][lane] = ds.y;
  partial[2][lane] = dBeta.x;
  partial[3][lane] = dBeta.y;
  partial[4][lane] = dl;
  ${wgslWorkgroupSum(LANES, 5)}
  if (lane == 0u) {
    let total = vec2<f32>(partial[0][0], partial[1][0]) + f32(${d}) * partial[4][0];
    let passes = select(vec2<f32>(0.0), vec2<f32>(1.0), raw >= vec2<f32>(${FLOOR}));
    let dS = total * passes;
    ${src.grad(0)} = dS.x;
    ${src.grad(1)} = dS.y;
    ${src.grad(2)} = partial[2][0];
    ${src.grad(3)} = partial[3][0];
  }
}`;

tf.registerKernel({
  kernelName: ACTNORM_WEBGPU,
  backendName: 'webgpu',
  kernelFunc: (({ inputs, attrs, backend }: KernelArgs) => {
    const [v, s, b] = ordered(inputs);
    const d = (attrs as { direction: number }).direction;
    const batch = v.shape[0];
    return runRawProgram(backend, {
      key: `flowPlaygroundActNorm/${d}`,
      code: forwardCode(d),
      inputs: [v, s, b],
      outputShapes: [[batch, 2], [batch]],
      uniforms: [{ type: 'int32', value: batch }],
      workgroups: [Math.ceil(batch / WORKGROUP), 1, 1],
    });
  }) as never,
});

tf.registerKernel({
  kernelName: ACTNORM_WEBGPU_BACKWARD,
  backendName: 'webgpu',
  kernelFunc: (({ inputs, attrs, backend }: KernelArgs) => {
    const [dy, dl, v, s, b] = ordered(inputs);
    const d = (attrs as { direction: number }).direction;
    const batch = v.shape[0];
    const [dv, dp] = runRawProgram(backend, {
      key: `flowPlaygroundActNormBackward/${d}`,
      code: backwardCode(d),
      inputs: [dy, dl, v, s, b],
      outputShapes: [[batch, 2], [4]],
      uniforms: [{ type: 'int32', value: batch }],
      workgroups: [1, 1, 1],
    });
    const grads = splitOnWebgpu(backend, dp, [s.shape, b.shape]);
    (backend as { disposeData(id: tf.DataId): boolean }).disposeData(dp.dataId);
    return [dv, ...grads];
  }) as never,
});

tf.registerGradient({
  kernelName: ACTNORM_WEBGPU,
  inputsToSave: ['0', '1', '2'],
  gradFunc: (dys, saved, attrs) => {
    const [dy, dl] = dys as (tf.Tensor | null)[];
    const batch = saved[0].shape[0];
    const named: tf.NamedTensorMap = {};
    [dy ?? tf.zeros([batch, 2]), dl ?? tf.zeros([batch]), ...saved].forEach((t, i) => (named[String(i)] = t));
    const grads = tf.engine().runKernel(ACTNORM_WEBGPU_BACKWARD, named, attrs) as tf.Tensor[];
    return Object.fromEntries(grads.map((g, i) => [String(i), () => g]));
  },
});

/** Actnorm's map one way (+1 forward, −1 inverse) and its log-det in one dispatch (webgpu only). */
export function actNormOnWebgpu(v: tf.Tensor2D, logScale: tf.Tensor1D, bias: tf.Tensor1D, direction: 1 | -1): { y: tf.Tensor2D; logDet: tf.Tensor1D } {
  const [y, logDet] = tf.engine().runKernel(ACTNORM_WEBGPU, { 0: v, 1: logScale, 2: bias } as unknown as tf.NamedTensorMap, { direction }) as tf.Tensor[];
  return { y: y as tf.Tensor2D, logDet: logDet as tf.Tensor1D };
}

/**
 * Actnorm for the whole-flow kernel (flow-loss-webgpu.ts): its log-scale and
 * bias read from the flow's packed parameters at `pOff`, its log-det added to
 * `ldIn` when given. One dispatch; returns [y, logDet], owned by the caller.
 */
export function actNormForwardPacked(backend: unknown, direction: 1 | -1, v: tf.TensorInfo, theta: tf.TensorInfo, pOff: number, ldIn: tf.TensorInfo | null): tf.TensorInfo[] {
  const batch = v.shape[0];
  const accumulate = ldIn !== null;
  const key = `flowPlaygroundActNormPacked/${direction}/${accumulate}`;
  return runPackedForward(backend, { key, code: forwardCode(direction, packedSource(accumulate)), x: v, theta, ldIn, pOff, outputShapes: [[batch, 2], [batch]], workgroup: WORKGROUP });
}

/** Back through it from dy (∂loss/∂logDet = `dl` per sample), the 4 gradients written into `grad` at `gOff`; returns dv. */
export function actNormBackwardPacked(
  backend: unknown,
  direction: 1 | -1,
  saved: { dy: tf.TensorInfo; v: tf.TensorInfo; theta: tf.TensorInfo },
  offsets: { pOff: number; gOff: number; dl: number },
  grad: tf.TensorInfo,
): tf.TensorInfo {
  const batch = saved.v.shape[0];
  const [dv] = runPackedBackward(backend, {
    key: `flowPlaygroundActNormBackwardPacked/${direction}`,
    code: backwardCode(direction, packedSource(false)),
    inputs: [saved.dy, saved.v, saved.theta],
    batch,
    outputShapes: [[batch, 2]],
    grad,
    offsets,
  });
  return dv;
}
