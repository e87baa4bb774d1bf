import * as tf from '@tensorflow/tfjs-core';
import { AFFINE_COUPLING_BACKWARD, AFFINE_COUPLING_FORWARD } from './affine-coupling-kernels';
import { splitOnWebgpu } from './split-webgpu';
import { runPackedBackward, runPackedForward } from './packed-layer-webgpu';
import { bindingsWgsl, runRawProgram } from './webgpu-dispatch';
import { type KernelArgs, ordered, webgpuKernel } from './webgpu-kernel';

/**
 * The fused affine coupling (maths in affine-coupling-kernels.ts) in WGSL on
 * webgpu, under the host kernels' names so coupling.ts and the registered
 * gradient are shared. Per call:
 *   forward  = tfjs Concat packing the network's weights and biases into one
 *              vector P (a shader sees 8 storage buffers only), then ONE
 *              dispatch, one invocation per sample: the network in private
 *              arrays, the affine map and its log-det;
 *   backward = ONE dispatch of one workgroup: per sample (strided over the
 *              lanes) the map's and the network's backward, each layer's
 *              pre-activation gradient dA kept in a scratch buffer; a storage
 *              barrier; then per parameter (strided) the batch sums
 *              dW[a][j] = Σᵢ prevᵢ[a]·dAᵢ[j], db[j] = Σᵢ dAᵢ[j] (WGSL has no
 *              float atomics, so the reduction is a loop, not a scatter);
 *              then split-webgpu.ts hands out the weight gradients.
 * One workgroup because the sums need every sample's dA first and a barrier
 * reaches one workgroup only; at a flow's batch (hundreds) and width (64) it is
 * a few thousand multiply-adds per lane.
 *
 * The forward returns the host contract's outputs [y, logDet, then L saved
 * slots]: slot 1 holds P, slot 2 the per-sample activations S (hidden layers,
 * then θ = (raw log-scale, shift)), the rest are empty. Only a network of two
 * or more layers whose input is the one kept coordinate fits (coupling.ts
 * checks `supportedOnWebgpu`). Without a gradient tape (a density grid) S is
 * not written.
 */
const WORKGROUP = 64;
const BACKWARD_LANES = 256;
/** Depths registered up front (the webgpu kernels need no per-depth gradient of their own). */
const MAX_LAYERS = 8;

interface CouplingAttrs {
  transformDim: number;
  direction: number;
  /** The log-scale bound where the raw output r < 0 and where r ≥ 0 (affine-coupling-kernels.ts). */
  boundBelow: number;
  boundAbove: number;
  activation: number;
}

/** WGSL for the bound on r's side of 0 (select(f, t, cond) is cond ? t : f). */
const boundWgsl = (a: CouplingAttrs) => `select(f32(${a.boundBelow}), f32(${a.boundAbove}), r >= 0.0)`;

/** Where each layer's weight and bias sit in P, and its sizes. */
interface Layout {
  fanIn: number[];
  fanOut: number[];
  w: number[];
  b: number[];
  size: number;
  /** Offset of each hidden layer's output in a row of S, then θ's; row width. */
  hidden: number[];
  theta: number;
  sRow: number;
  /** Offset of each layer's dA in a row of the backward scratch; row width. */
  dA: number[];
  dRow: number;
}

function layoutOf(shapes: readonly number[][]): Layout {
  const fanIn = shapes.map((s) => s[0]);
  const fanOut = shapes.map((s) => s[1]);
  const w: number[] = [];
  const b: number[] = [];
  let size = 0;
  for (let l = 0; l < shapes.length; l++) {
    w.push(size);
    size += fanIn[l] * fanOut[l];
    b.push(size);
    size += fanOut[l];
  }
  const hidden: number[] = [];
  let sRow = 0;
  for (let l = 0; l < shapes.length - 1; l++) {
    hidden.push(sRow);
    sRow += fanOut[l];
  }
  const theta = sRow;
  sRow += 2;
  const dA: number[] = [];
  let dRow = 0;
  for (let l = 0; l < shapes.length; l++) {
    dA.push(dRow);
    dRow += fanOut[l];
  }
  return { fanIn, fanOut, w, b, size, hidden, theta, sRow, dA, dRow };
}

export function supportedOnWebgpu(weightShapes: readonly number[][]): boolean {
  return weightShapes.length >= 2 && weightShapes.length <= MAX_LAYERS && weightShapes[0][0] === 1 && weightShapes[weightShapes.length - 1][1] === 2;
}

/** act(z) and act′ from the output y, as the host kernels (mlp-simd) define them. */
const ACTIVATION_WGSL = `
fn tanhSafe(x : f32) -> f32 {
  // The builtin may overflow to NaN for large |x| on some drivers; e^(−2|x|) cannot.
  let e = exp(-2.0 * abs(x));
  let t = (1.0 - e) / (1.0 + e);
  return select(-t, t, x >= 0.0);
}
fn act(z : f32, code : i32) -> f32 {
  if (code == 1) { return max(z, 0.0); }
  if (code == 2) { return tanhSafe(z); }
  if (code == 3) { return select(exp(z) - 1.0, z, z > 0.0); }
  if (code == 4) { return select(0.1 * z, z, z > 0.0); }
  return z;
}
fn actGrad(y : f32, code : i32) -> f32 {
  if (code == 1) { return select(0.0, 1.0, y > 0.0); }
  if (code == 2) { return 1.0 - y * y; }
  if (code == 3) { return select(y + 1.0, 1.0, y > 0.0); }
  if (code == 4) { return select(0.1, 1.0, y > 0.0); }
  return 1.0;
}`;

/** The network forward for sample i: h0 … h(L−2) in private arrays, then r, c (θ). */
function networkForward(lay: Layout, activation: number): string {
  const L = lay.fanIn.length;
  const lines: string[] = [];
  for (let l = 0; l < L - 1; l++) {
    const n = lay.fanOut[l];
    lines.push(`var h${l} : array<f32, ${n}>;`);
    const sum = l === 0 ? `k * P[${lay.w[0]} + j]` : `dot${l}(&h${l - 1}, j)`;
    lines.push(`for (var j = 0; j < ${n}; j++) { h${l}[j] = act(${sum} + P[${lay.b[l]} + j], ${activation}); }`);
  }
  const last = L - 1;
  lines.push(`let r = dot${last}(&h${last - 1}, 0) + P[${lay.b[last]}];`);
  lines.push(`let c = dot${last}(&h${last - 1}, 1) + P[${lay.b[last]} + 1];`);
  return lines.join('\n  ');
}

/** dot{l}(h, j) = Σₐ h[a]·W_l[a][j] for each layer l ≥ 1 (a function per array size). */
function dotFunctions(lay: Layout): string {
  const out: string[] = [];
  for (let l = 1; l < lay.fanIn.length; l++) {
    const n = lay.fanIn[l];
    out.push(`fn dot${l}(h : ptr<function, array<f32, ${n}>>, j : i32) -> f32 {
  var s = 0.0;
  for (var a = 0; a < ${n}; a++) { s += (*h)[a] * P[${lay.w[l]} + a * ${lay.fanOut[l]} + j]; }
  return s;
}`);
  }
  return out.join('\n');
}

/**
 * The whole-flow variant (flow-loss-webgpu.ts): P is the flow's packed
 * parameters Θ read from offset u.pOff, the incoming log-det (if `accumulate`)
 * is added to this layer's, and the backward's share of the flat gradient is
 * written in place at u.gOff with ∂loss/∂logDet = u.dl for every sample.
 */
export interface PackedVariant {
  accumulate: boolean;
}

/** P[…] read at the layer's offset in Θ (\b: not DP[…]). */
const atOffset = (code: string) => code.replace(/\bP\[/g, 'P[u.pOff + ');

function forwardCode(lay: Layout, a: CouplingAttrs, save: boolean, packed?: PackedVariant): string {
  const t = a.transformDim;
  const kept = 1 - t;
  const outputs = save ? ['Y', 'LD', 'S'] : ['Y', 'LD'];
  const saves = save
    ? lay.fanOut
        .slice(0, -1)
        .map((n, l) => `for (var j = 0; j < ${n}; j++) { S[i * ${lay.sRow} + ${lay.hidden[l]} + j] = h${l}[j]; }`)
        .concat([`S[i * ${lay.sRow} + ${lay.theta}] = r;`, `S[i * ${lay.sRow} + ${lay.theta + 1}] = c;`])
        .join('\n  ')
    : '';
  const inputs = packed?.accumulate ? ['Z', 'P', 'LDIN'] : ['Z', 'P'];
  const code = `${bindingsWgsl(packed ? 'batch : i32, pOff : i32,' : 'batch : i32,', inputs, outputs)}
${ACTIVATION_WGSL}
${dotFunctions(lay)}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let i = i32(gid.x);
  if (i >= u.batch) { return; }
  let k = Z[2 * i + ${kept}];
  let v = Z[2 * i + ${t}];
  ${networkForward(lay, a.activation)}
  // s = d·B·tanh(r/B), B the bound on r's side of 0; d = +1: y = v·eˢ + c, d = −1: y = (v − c)·eˢ.
  let bound = ${boundWgsl(a)};
  let s = f32(${a.direction}) * bound * tanhSafe(r / bound);
  Y[2 * i + ${kept}] = k;
  Y[2 * i + ${t}] = ${a.direction === 1 ? 'v * exp(s) + c' : '(v - c) * exp(s)'};
  LD[i] = ${packed?.accumulate ? 'LDIN[i] + s' : 's'};
  ${saves}
}`;
  return packed ? atOffset(code) : code;
}

function backwardCode(lay: Layout, a: CouplingAttrs, packed = false): string {
  const t = a.transformDim;
  const kept = 1 - t;
  const L = lay.fanIn.length;
  const hiddenOf = (l: number, j: string) => `S[i * ${lay.sRow} + ${lay.hidden[l]} + ${j}]`;
  const dAOf = (l: number, j: string) => `D[i * ${lay.dRow} + ${lay.dA[l]} + ${j}]`;
  // Per sample: dA of the last layer is (dr, dc); then dA_{l−1}[a] = (Σⱼ dA_l[j]·W_l[a][j])·act′(h_{l−1}[a]).
  const perSample: string[] = [];
  for (let l = L - 1; l >= 1; l--) {
    perSample.push(`for (var q = 0; q < ${lay.fanIn[l]}; q++) {
      var g = 0.0;
      for (var j = 0; j < ${lay.fanOut[l]}; j++) { g += ${dAOf(l, 'j')} * P[${lay.w[l]} + q * ${lay.fanOut[l]} + j]; }
      ${dAOf(l - 1, 'q')} = g * actGrad(${hiddenOf(l - 1, 'q')}, ${a.activation});
    }`);
  }
  // Per parameter p of P: which layer, weight or bias (offsets baked in).
  const perParam: string[] = [];
  for (let l = 0; l < L; l++) {
    const prev = l === 0 ? `Z[2 * i + ${kept}]` : hiddenOf(l - 1, 'row');
    perParam.push(`if (p >= ${lay.w[l]} && p < ${lay.b[l]}) {
      let row = (p - ${lay.w[l]}) / ${lay.fanOut[l]};
      let col = (p - ${lay.w[l]}) % ${lay.fanOut[l]};
      for (var i = 0; i < u.batch; i++) { sum += ${prev} * ${dAOf(l, 'col')}; }
    } else if (p >= ${lay.b[l]} && p < ${lay.b[l] + lay.fanOut[l]}) {
      let col = p - ${lay.b[l]};
      for (var i = 0; i < u.batch; i++) { sum += ${dAOf(l, 'col')}; }
    }`);
  }
  const d = a.direction;
  const bindings = packed
    ? bindingsWgsl('batch : i32, pOff : i32, gOff : i32, dl : f32,', ['DY', 'Z', 'P', 'S'], ['DZ', 'D'], ['G'])
    : bindingsWgsl('batch : i32,', ['DY', 'DL', 'Z', 'P', 'S'], ['DZ', 'DP', 'D']);
  const code = `${bindings}
${ACTIVATION_WGSL}
@compute @workgroup_size(${BACKWARD_LANES})
fn main(@builtin(local_invocation_index) lane : u32) {
  for (var i = i32(lane); i < u.batch; i += ${BACKWARD_LANES}) {
    let v = Z[2 * i + ${t}];
    let r = S[i * ${lay.sRow} + ${lay.theta}];
    let c = S[i * ${lay.sRow} + ${lay.theta + 1}];
    let bound = ${boundWgsl(a)};
    let th = tanhSafe(r / bound);
    let e = exp(f32(${d}) * bound * th);
    let g = DY[2 * i + ${t}];
    // ds = dy_t·(∂y_t/∂s) + dl; ∂y_t/∂s = v·eˢ (d = +1) or (v − c)·eˢ (d = −1).
    let ds = g * ${d === 1 ? 'v * e' : '(v - c) * e'} + ${packed ? 'u.dl' : 'DL[i]'};
    ${dAOf(L - 1, '0')} = ds * f32(${d}) * (1.0 - th * th);
    ${dAOf(L - 1, '1')} = ${d === 1 ? 'g' : '-g * e'};
    DZ[2 * i + ${t}] = g * e;
    ${perSample.join('\n    ')}
    var dk = 0.0;
    for (var j = 0; j < ${lay.fanOut[0]}; j++) { dk += ${dAOf(0, 'j')} * P[${lay.w[0]} + j]; }
    DZ[2 * i + ${kept}] = DY[2 * i + ${kept}] + dk;
  }
  storageBarrier();
  for (var p = i32(lane); p < ${lay.size}; p += ${BACKWARD_LANES}) {
    var sum = 0.0;
    ${perParam.join(' else ')}
    ${packed ? 'G[u.gOff + p]' : 'DP[p]'} = sum;
  }
}`;
  return packed ? atOffset(code) : code;
}

const keyOf = (lay: Layout, a: CouplingAttrs) => `${lay.fanIn.join('x')}>${lay.fanOut.join('x')}/${a.transformDim}/${a.direction}/${a.boundBelow}/${a.boundAbove}/${a.activation}`;

/**
 * Whether the op running this kernel is being recorded on a gradient tape.
 * Inside a kernel tfjs's isTapeOn() is false (it excludes nested kernels), so
 * read the depth of gradient scopes instead.
 */
function gradientsRecordedAroundKernel(): boolean {
  return (tf.engine() as unknown as { state: { gradientDepth: number } }).state.gradientDepth > 0;
}

function forwardKernel({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo[] {
  const a = attrs as unknown as CouplingAttrs;
  const [z, ...params] = ordered(inputs);
  const L = params.length / 2;
  const lay = layoutOf(params.filter((_, i) => i % 2 === 0).map((w) => w.shape));
  const batch = z.shape[0];
  const gpu = backend as { makeTensorInfo(shape: number[], dtype: tf.DataType): tf.TensorInfo; disposeData(id: tf.DataId): boolean };
  const reshape = webgpuKernel('Reshape');
  const flat = params.map((x) => reshape({ inputs: { x }, backend, attrs: { shape: [-1] } }));
  const packed = webgpuKernel('Concat')({ inputs: flat as unknown as tf.NamedTensorInfoMap, backend, attrs: { axis: 0 } });
  for (const f of flat) gpu.disposeData(f.dataId);
  const save = gradientsRecordedAroundKernel();
  const outs = runRawProgram(backend, {
    key: `flowPlaygroundCouplingForward/${keyOf(lay, a)}/${save}`,
    code: forwardCode(lay, a, save),
    inputs: [z, packed],
    outputShapes: save ? [[batch, 2], [batch], [batch, lay.sRow]] : [[batch, 2], [batch]],
    uniforms: [{ type: 'int32', value: batch }],
    workgroups: [Math.ceil(batch / WORKGROUP), 1, 1],
  });
  const empty = () => gpu.makeTensorInfo([0], 'float32');
  const scratch = save ? outs[2] : empty();
  return [outs[0], outs[1], packed, scratch, ...Array.from({ length: L - 2 }, empty)];
}

function backwardKernel({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo[] {
  const a = attrs as unknown as CouplingAttrs;
  const all = ordered(inputs);
  // [dy, dl, z, W1 … WL, P, S, empty…] (the forward's saved slots).
  const L = (all.length - 3) / 2;
  const [dy, dl, z] = all;
  const weights = all.slice(3, 3 + L);
  const [packed, scratch] = all.slice(3 + L);
  const lay = layoutOf(weights.map((w) => w.shape));
  const batch = z.shape[0];
  const [dz, dP, dA] = runRawProgram(backend, {
    key: `flowPlaygroundCouplingBackward/${keyOf(lay, a)}`,
    code: backwardCode(lay, a),
    inputs: [dy, dl, z, packed, scratch],
    outputShapes: [[batch, 2], [lay.size], [batch, lay.dRow]],
    uniforms: [{ type: 'int32', value: batch }],
    workgroups: [1, 1, 1],
  });
  const grads = splitOnWebgpu(
    backend,
    dP,
    weights.flatMap((w) => [w.shape, [w.shape[1]]]),
  );
  const gpu = backend as { disposeData(id: tf.DataId): boolean };
  gpu.disposeData(dP.dataId);
  gpu.disposeData(dA.dataId);
  return [dz, ...grads];
}

for (let layers = 2; layers <= MAX_LAYERS; layers++) {
  tf.registerKernel({ kernelName: `${AFFINE_COUPLING_FORWARD}${layers}`, backendName: 'webgpu', kernelFunc: forwardKernel as never });
}
tf.registerKernel({ kernelName: AFFINE_COUPLING_BACKWARD, backendName: 'webgpu', kernelFunc: backwardKernel as never });

/** An affine coupling as the whole-flow kernel (flow-loss-webgpu.ts) sees it: its attrs and its weights' shapes. */
export interface PackedCoupling {
  attrs: CouplingAttrs;
  weightShapes: number[][];
}

/**
 * The coupling's map over `z` with its parameters read from the flow's packed
 * Θ at `pOff`; the log-det added to `ldIn` when given. One dispatch; returns
 * [y, logDet (accumulated), S (the saved activations)], owned by the caller.
 */
export function couplingForwardPacked(backend: unknown, c: PackedCoupling, z: tf.TensorInfo, theta: tf.TensorInfo, pOff: number, ldIn: tf.TensorInfo | null): tf.TensorInfo[] {
  const lay = layoutOf(c.weightShapes);
  const batch = z.shape[0];
  const accumulate = ldIn !== null;
  const key = `flowPlaygroundCouplingForwardPacked/${keyOf(lay, c.attrs)}/${accumulate}`;
  const code = forwardCode(lay, c.attrs, true, { accumulate });
  return runPackedForward(backend, { key, code, x: z, theta, ldIn, pOff, outputShapes: [[batch, 2], [batch], [batch, lay.sRow]], workgroup: WORKGROUP });
}

/**
 * Back through the coupling from dy (and ∂loss/∂logDet = `dl` for every
 * sample), its parameters' gradient written into the flat `grad` at `gOff`.
 * One dispatch; returns dz, owned by the caller.
 */
export function couplingBackwardPacked(
  backend: unknown,
  c: PackedCoupling,
  saved: { dy: tf.TensorInfo; z: tf.TensorInfo; theta: tf.TensorInfo; s: tf.TensorInfo },
  offsets: { pOff: number; gOff: number; dl: number },
  grad: tf.TensorInfo,
): tf.TensorInfo {
  const lay = layoutOf(c.weightShapes);
  const batch = saved.z.shape[0];
  const [dz, dA] = runPackedBackward(backend, {
    key: `flowPlaygroundCouplingBackwardPacked/${keyOf(lay, c.attrs)}`,
    code: backwardCode(lay, c.attrs, true),
    inputs: [saved.dy, saved.z, saved.theta, saved.s],
    batch,
    outputShapes: [[batch, 2], [batch, lay.dRow]],
    grad,
    offsets,
  });
  (backend as { disposeData(id: tf.DataId): boolean }).disposeData(dA.dataId);
  return dz;
}
