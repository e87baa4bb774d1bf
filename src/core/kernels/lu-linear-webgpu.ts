import * as tf from '@tensorflow/tfjs-core';
import { MIN_LOG_SCALE } from '../bijectors/bijector';
import { splitOnWebgpu } from './split-webgpu';
import { runPackedBackward, runPackedForward } from './packed-layer-webgpu';
import { bindingsWgsl, runRawProgram } from './webgpu-dispatch';
import { ordered, type KernelArgs, wgslWorkgroupSum } from './webgpu-kernel';

/**
 * Glow's LU 1×1 convolution (lu-linear.ts) in WGSL on webgpu: the 2×2 matrix
 * is assembled from the variables in every invocation (a few dozen flops), so
 * the layer is one dispatch forward and, backward, one single-workgroup
 * dispatch plus a split; the plain path is 11 tfjs ops forward and about
 * twice that back, each a dispatch. With [l, v] the off-diagonal variable,
 * s = max(logAbsDiag, MIN_LOG_SCALE), d the direction and the layout constant
 * K = [alongL (8) | alongV (8) | offsets (8)] of lu-linear.ts:
 *   placed = l·alongL + v·alongV + offsets = [F (2×2) | G (2×2)] row-major,
 *   M = F·diag(e^(d·s))·G,  y = x·M,  logDet = d·(s₀ + s₁).
 * Backward (batch sums by a tree in workgroup memory):
 *   dx = dy·Mᵀ,  dM = Σ xᵀ·dy,  dF = dM·(D·G)ᵀ,  d(D·G) = Fᵀ·dM,
 *   dG[r][c] = d(D·G)[r][c]·e^(d·sᵣ),  dsᵣ = d·Σ_c d(D·G)[r][c]·(D·G)[r][c] + d·Σ dl
 *   (0 where logAbsDiag is below the floor),  d[l, v] = [dF | dG]·[alongL, alongV]ᵀ.
 */
export const LU_LINEAR_WEBGPU = 'FlowPlaygroundLuLinearWebgpu';
export const LU_LINEAR_WEBGPU_BACKWARD = 'FlowPlaygroundLuLinearWebgpuBackward';

const WORKGROUP = 64;
const LANES = 256;
const FLOOR = `f32(${MIN_LOG_SCALE})`;

/** F, D·G (as "scaled") and M from the variables; WGSL matrices are column-major, so rows are built explicitly. */
/**
 * Where the kernels find their numbers: the layer's own tensors (the tape's
 * kernels: OD = [l, v], LD0 = the log-diagonal, K the layout), or, for the
 * whole-flow kernel (flow-loss-webgpu.ts), the flow's packed parameters P at
 * u.pOff ([l, v | log-diagonal]), the layout baked in as a private array, the
 * gradient written in place into G at u.gOff, ∂loss/∂logDet = u.dl.
 */
interface Source {
  forwardBindings: string;
  backwardBindings: string;
  /** Module-scope declarations (the baked layout). */
  declarations: string;
  od: (k: number) => string;
  ld0: (k: number) => string;
  logDet: (own: string) => string;
  dl: string;
  grad: (k: number) => string;
}

const OWN: Source = {
  forwardBindings: bindingsWgsl('batch : i32,', ['X', 'OD', 'LD0', 'K'], ['Y', 'LD']),
  backwardBindings: bindingsWgsl('batch : i32,', ['DY', 'DL', 'X', 'OD', 'LD0', 'K'], ['DX', 'DP']),
  declarations: '',
  od: (k) => `OD[${k}]`,
  ld0: (k) => `LD0[${k}]`,
  logDet: (own) => own,
  dl: 'DL[i]',
  grad: (k) => `DP[${k}]`,
};

/** WGSL float literal of a float32 value (the layout's entries are small exact numbers; any double prints exactly enough). */
const literal = (x: number) => `f32(${Math.fround(x).toPrecision(9)})`;

const packedSource = (layout: readonly number[], accumulate: boolean): Source => ({
  forwardBindings: bindingsWgsl('batch : i32, pOff : i32,', accumulate ? ['X', 'P', 'LDIN'] : ['X', 'P'], ['Y', 'LD']),
  backwardBindings: bindingsWgsl('batch : i32, pOff : i32, gOff : i32, dl : f32,', ['DY', 'X', 'P'], ['DX'], ['G']),
  declarations: `var<private> K : array<f32, 24> = array<f32, 24>(${layout.map(literal).join(', ')});`,
  od: (k) => `P[u.pOff + ${k}]`,
  ld0: (k) => `P[u.pOff + ${2 + k}]`,
  logDet: (own) => (accumulate ? `LDIN[i] + ${own}` : own),
  dl: 'u.dl',
  grad: (k) => `G[u.gOff + ${k}]`,
});

const ASSEMBLE = (d: number, src: Source) => `
${src.declarations}
struct Parts { f : mat2x2<f32>, scaled : mat2x2<f32>, m : mat2x2<f32>, s : vec2<f32>, raw : vec2<f32>, e : vec2<f32>, g : array<f32, 4> }
fn placedAt(k : i32) -> f32 { return ${src.od(0)} * K[k] + ${src.od(1)} * K[8 + k] + K[16 + k]; }
// A 2×2 matrix from row-major entries [a, b; c, d] (mat2x2 takes columns).
fn rows(a : f32, b : f32, c : f32, d : f32) -> mat2x2<f32> { return mat2x2<f32>(vec2<f32>(a, c), vec2<f32>(b, d)); }
fn assemble() -> Parts {
  var p : Parts;
  p.raw = vec2<f32>(${src.ld0(0)}, ${src.ld0(1)});
  p.s = max(p.raw, vec2<f32>(${FLOOR}));
  p.e = exp(f32(${d}) * p.s);
  p.f = rows(placedAt(0), placedAt(1), placedAt(2), placedAt(3));
  p.g = array<f32, 4>(placedAt(4), placedAt(5), placedAt(6), placedAt(7));
  p.scaled = rows(p.g[0] * p.e.x, p.g[1] * p.e.x, p.g[2] * p.e.y, p.g[3] * p.e.y);
  p.m = p.f * p.scaled;
  return p;
}`;

const forwardCode = (d: number, src: Source = OWN) => `${src.forwardBindings}
${ASSEMBLE(d, src)}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let i = i32(gid.x);
  if (i >= u.batch) { return; }
  let p = assemble();
  // Row vector times matrix: y = x·M.
  let y = vec2<f32>(X[2 * i], X[2 * i + 1]) * p.m;
  Y[2 * i] = y.x;
  Y[2 * i + 1] = y.y;
  LD[i] = ${src.logDet(`f32(${d}) * (p.s.x + p.s.y)`)};
}`;

const backwardCode = (d: number, src: Source = OWN) => `${src.backwardBindings}
${ASSEMBLE(d, src)}
var<workgroup> partial : array<array<f32, ${LANES}>, 5>;
@compute @workgroup_size(${LANES})
fn main(@builtin(local_invocation_index) lane : u32) {
  let p = assemble();
  // dM[a][b] = Σ x[a]·dy[b], kept as four sums, and Σ dl.
  var dm = vec4<f32>(0.0);
  var dl = 0.0;
  for (var i = i32(lane); i < u.batch; i += ${LANES}) {
    let x = vec2<f32>(X[2 * i], X[2 * i + 1]);
    let g = vec2<f32>(DY[2 * i], DY[2 * i + 1]);
    // dx = dy·Mᵀ = M·dy (column vector).
    let dx = p.m * g;
    DX[2 * i] = dx.x;
    DX[2 * i + 1] = dx.y;
    dm += vec4<f32>(x.x * g.x, x.x * g.y, x.y * g.x, x.y * g.y);
    dl += ${src.dl};
  }
  partial[0][lane] = dm.x;
  partial[1][lane] = dm.y;
  partial[2][lane] = dm.z;
  partial[3][lane] = dm.w;
  partial[4][lane] = dl;
  ${wgslWorkgroupSum(LANES, 5)}
  if (lane == 0u) {
    let dM = rows(partial[0][0], partial[1][0], partial[2][0], partial[3][0]);
    let dF = dM * transpose(p.scaled);
    let dScaled = transpose(p.f) * dM;
    // Row r of a mat2x2 m is (m[0][r], m[1][r]).
    let sums = f32(${d}) * partial[4][0];
    let ds0 = f32(${d}) * (dScaled[0][0] * p.scaled[0][0] + dScaled[1][0] * p.scaled[1][0]) + sums;
    let ds1 = f32(${d}) * (dScaled[0][1] * p.scaled[0][1] + dScaled[1][1] * p.scaled[1][1]) + sums;
    let passes = select(vec2<f32>(0.0), vec2<f32>(1.0), p.raw >= vec2<f32>(${FLOOR}));
    var dPlaced : array<f32, 8>;
    dPlaced[0] = dF[0][0];
    dPlaced[1] = dF[1][0];
    dPlaced[2] = dF[0][1];
    dPlaced[3] = dF[1][1];
    dPlaced[4] = dScaled[0][0] * p.e.x;
    dPlaced[5] = dScaled[1][0] * p.e.x;
    dPlaced[6] = dScaled[0][1] * p.e.y;
    dPlaced[7] = dScaled[1][1] * p.e.y;
    var dL = 0.0;
    var dV = 0.0;
    for (var k = 0; k < 8; k++) {
      dL += dPlaced[k] * K[k];
      dV += dPlaced[k] * K[8 + k];
    }
    ${src.grad(0)} = dL;
    ${src.grad(1)} = dV;
    ${src.grad(2)} = ds0 * passes.x;
    ${src.grad(3)} = ds1 * passes.y;
  }
}`;

tf.registerKernel({
  kernelName: LU_LINEAR_WEBGPU,
  backendName: 'webgpu',
  kernelFunc: (({ inputs, attrs, backend }: KernelArgs) => {
    const [x, offDiagonal, logAbsDiag, layout] = ordered(inputs);
    const d = (attrs as { direction: number }).direction;
    const batch = x.shape[0];
    return runRawProgram(backend, {
      key: `flowPlaygroundLuLinear/${d}`,
      code: forwardCode(d),
      inputs: [x, offDiagonal, logAbsDiag, layout],
      outputShapes: [[batch, 2], [batch]],
      uniforms: [{ type: 'int32', value: batch }],
      workgroups: [Math.ceil(batch / WORKGROUP), 1, 1],
    });
  }) as never,
});

tf.registerKernel({
  kernelName: LU_LINEAR_WEBGPU_BACKWARD,
  backendName: 'webgpu',
  kernelFunc: (({ inputs, attrs, backend }: KernelArgs) => {
    const [dy, dl, x, offDiagonal, logAbsDiag, layout] = ordered(inputs);
    const d = (attrs as { direction: number }).direction;
    const batch = x.shape[0];
    const [dx, dp] = runRawProgram(backend, {
      key: `flowPlaygroundLuLinearBackward/${d}`,
      code: backwardCode(d),
      inputs: [dy, dl, x, offDiagonal, logAbsDiag, layout],
      outputShapes: [[batch, 2], [4]],
      uniforms: [{ type: 'int32', value: batch }],
      workgroups: [1, 1, 1],
    });
    const grads = splitOnWebgpu(backend, dp, [offDiagonal.shape, logAbsDiag.shape]);
    (backend as { disposeData(id: tf.DataId): boolean }).disposeData(dp.dataId);
    return [dx, ...grads];
  }) as never,
});

tf.registerGradient({
  kernelName: LU_LINEAR_WEBGPU,
  inputsToSave: ['0', '1', '2', '3'],
  gradFunc: (dys, saved, attrs) => {
    const [dy, dl] = dys as (tf.Tensor | null)[];
    const batch = saved[0].shape[0];
    const named: tf.NamedTensorMap = {};
    [dy ?? tf.zeros([batch, 2]), dl ?? tf.zeros([batch]), ...saved].forEach((t, i) => (named[String(i)] = t));
    const [dx, dOffDiagonal, dLogAbsDiag] = tf.engine().runKernel(LU_LINEAR_WEBGPU_BACKWARD, named, attrs) as tf.Tensor[];
    // The layout is a constant: its gradient is never asked for (the tape prunes it), zeros if it were.
    return { 0: () => dx, 1: () => dOffDiagonal, 2: () => dLogAbsDiag, 3: () => tf.zerosLike(saved[3]) };
  },
});

/** y = x·M and log|det M| in one dispatch (webgpu only); `layout` is lu-linear.ts's packed constant. */
export function luLinearOnWebgpu(
  x: tf.Tensor2D,
  offDiagonal: tf.Tensor2D,
  logAbsDiag: tf.Tensor2D,
  layout: tf.Tensor1D,
  direction: 1 | -1,
): { y: tf.Tensor2D; logDet: tf.Tensor1D } {
  const [y, logDet] = tf.engine().runKernel(LU_LINEAR_WEBGPU, { 0: x, 1: offDiagonal, 2: logAbsDiag, 3: layout } as unknown as tf.NamedTensorMap, { direction }) as tf.Tensor[];
  return { y: y as tf.Tensor2D, logDet: logDet as tf.Tensor1D };
}

const layoutKey = (layout: readonly number[]) => layout.map((x) => Math.fround(x).toPrecision(9)).join(',');

/**
 * The LU layer for the whole-flow kernel (flow-loss-webgpu.ts): [l, v] and the
 * log-diagonal read from the flow's packed parameters at `pOff`, `layout` (the
 * layer's constant, 24 numbers) baked into the shader, the log-det added to
 * `ldIn` when given. One dispatch; returns [y, logDet], owned by the caller.
 */
export function luLinearForwardPacked(
  backend: unknown,
  layer: { direction: 1 | -1; layout: readonly number[] },
  x: tf.TensorInfo,
  theta: tf.TensorInfo,
  pOff: number,
  ldIn: tf.TensorInfo | null,
): tf.TensorInfo[] {
  const batch = x.shape[0];
  const accumulate = ldIn !== null;
  const key = `flowPlaygroundLuLinearPacked/${layer.direction}/${accumulate}/${layoutKey(layer.layout)}`;
  const code = forwardCode(layer.direction, packedSource(layer.layout, accumulate));
  return runPackedForward(backend, { key, code, x, theta, ldIn, pOff, outputShapes: [[batch, 2], [batch]], workgroup: WORKGROUP });
}

/** Back through it from dy (∂loss/∂logDet = `dl` per sample), the 4 gradients written into `grad` at `gOff`; returns dx. */
export function luLinearBackwardPacked(
  backend: unknown,
  layer: { direction: 1 | -1; layout: readonly number[] },
  saved: { dy: tf.TensorInfo; x: tf.TensorInfo; theta: tf.TensorInfo },
  offsets: { pOff: number; gOff: number; dl: number },
  grad: tf.TensorInfo,
): tf.TensorInfo {
  const batch = saved.x.shape[0];
  const [dx] = runPackedBackward(backend, {
    key: `flowPlaygroundLuLinearBackwardPacked/${layer.direction}/${layoutKey(layer.layout)}`,
    code: backwardCode(layer.direction, packedSource(layer.layout, false)),
    inputs: [saved.dy, saved.x, saved.theta],
    batch,
    outputShapes: [[batch, 2]],
    grad,
    offsets,
  });
  return dx;
}
