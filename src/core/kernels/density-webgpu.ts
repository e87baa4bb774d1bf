import * as tf from '@tensorflow/tfjs-core';
import type { Bijector } from '../bijectors/bijector';
import type { HostLayerSpec } from './flow-loss-kernel';
import { recordingGradients } from './host-kernel';
import { packOnWebgpu } from './pack-webgpu';
import { PLANAR_WGSL } from './planar-webgpu';
import { bindingsWgsl, type RawBackend, runRawProgram } from './webgpu-dispatch';
import { type KernelArgs, ordered, webgpuKernelsActive } from './webgpu-kernel';

/**
 * A flow's log-density log p(x) without a gradient tape (the density grid,
 * the scorer's chunks) on webgpu in few dispatches. Walking the layers
 * data → latent, each run of consecutive cheap layers (actnorm, Glow's LU 2×2
 * map, closed-form planar) is ONE dispatch, one invocation per point, that
 * also adds up to MAX_PENDING log-dets of the layers before it (so there is
 * no addN); any other layer (a coupling, a spline) runs its own kernels and
 * its log-det joins the pending ones; the last dispatch adds the Gaussian
 * term. A run's variables are packed by buffer copies (pack-webgpu.ts).
 *   Planar-32: 1 dispatch (the per-layer path: 32 + 7 addN + 5 for the Gaussian).
 *   Glow-8 (per step: actnorm, LU, coupling): 8 × (1 + the coupling's 2) + 1.
 *
 * Per point, with ld the log-det so far (the maths of each layer is its
 * host form's, linear-layers-host.ts and planar-kernels.ts):
 *   actnorm: s = max(logScale, floor), v ← (v − bias)·e^−s, ld −= Σ s;
 *   LU: placed = [l, v]·W + o (W, o the layer's constant layout, baked into
 *       the shader), d = max(logAbsDiag, floor), first = placed[0..4),
 *       scaled = placed[4..8) with row r over e^{d_r}, M = first·scaled,
 *       v ← v·M, ld −= Σ d;
 *   planar: v ← v + t·û, t = tanh(w·v + b), ld += log((1 + m) − m·t²);
 *   last: log p = −½‖v‖² − log 2π + ld.
 */
export const DENSITY_SEGMENT = 'FlowPlaygroundDensitySegmentWebgpu';

const WORKGROUP = 64;
/** Log-dets a dispatch adds besides its own layers': x, these, P and two outputs within 8 storage bindings. */
const MAX_PENDING = 4;
const LOG_2PI = Math.log(2 * Math.PI);

/** A layer this path fuses: its data→latent direction has a host form of one of these kinds. */
type FusedSpec = Extract<HostLayerSpec, { kind: 'planar' | 'actnorm' | 'lu-linear' }>;

function fusedSpec(layer: Bijector): FusedSpec | null {
  const spec = layer.hostLayer?.() ?? null;
  return spec && (spec.kind === 'planar' || spec.kind === 'actnorm' || spec.kind === 'lu-linear') ? spec : null;
}

/** A WGSL f32 literal (the constants of a layout, a floor). */
function lit(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`density-webgpu: constant ${x}`);
  return Number.isInteger(x) ? `(${x}.0)` : `(${x})`;
}

/** WGSL for one layer whose variables start at P[o]. */
function layerWgsl(spec: FusedSpec, o: number): string {
  if (spec.kind === 'planar')
    return `{ let r = planarRow(derivedFrom(vec2<f32>(P[${o}], P[${o + 1}]), vec2<f32>(P[${o + 2}], P[${o + 3}]), P[${o + 4}]), v); v = r.xy; ld += r.z; }`;
  if (spec.kind === 'actnorm')
    return `{ let s = max(vec2<f32>(P[${o}], P[${o + 1}]), vec2<f32>(${lit(spec.floor)})); v = (v - vec2<f32>(P[${o + 2}], P[${o + 3}])) * exp(-s); ld -= s.x + s.y; }`;
  const w = spec.layout;
  const placed = Array.from({ length: 8 }, (_, e) => `lv.x * ${lit(w[e])} + lv.y * ${lit(w[8 + e])} + ${lit(w[16 + e])}`);
  // first = placed[0..4) (2×2 row-major), scaled[e] = placed[4 + e] / e^{d_row(e)}, m[e] = Σ_k first[row(e)][k]·scaled[k][col(e)].
  const m = [0, 1, 2, 3].map((e) => `f${(e >> 1) * 2} * s${e & 1} + f${(e >> 1) * 2 + 1} * s${2 + (e & 1)}`);
  return `{
    let lv = vec2<f32>(P[${o}], P[${o + 1}]);
    let dd = max(vec2<f32>(P[${o + 2}], P[${o + 3}]), vec2<f32>(${lit(spec.floor)}));
    ${[0, 1, 2, 3].map((e) => `let f${e} = ${placed[e]};`).join(' ')}
    ${[0, 1, 2, 3].map((e) => `let s${e} = (${placed[4 + e]}) / exp(dd[${e >> 1}]);`).join(' ')}
    ${m.map((x, e) => `let m${e} = ${x};`).join(' ')}
    v = vec2<f32>(v.x * m0 + v.y * m2, v.x * m1 + v.y * m3);
    ld -= dd.x + dd.y;
  }`;
}

const VARIABLE_COUNT: Record<FusedSpec['kind'], number> = { planar: 5, actnorm: 4, 'lu-linear': 4 };

function segmentCode(specs: readonly FusedSpec[], pending: number, finish: boolean): string {
  const lds = Array.from({ length: pending }, (_, k) => `LD${k}`);
  const inputs = ['X', ...lds, ...(specs.length > 0 ? ['P'] : [])];
  const outputs = finish ? ['OUT'] : ['Y', 'LDOUT'];
  let o = 0;
  const body = specs.map((spec) => {
    const code = layerWgsl(spec, o);
    o += VARIABLE_COUNT[spec.kind];
    return code;
  });
  return `${bindingsWgsl('n : i32,', inputs, outputs)}
${specs.some((s) => s.kind === 'planar') ? PLANAR_WGSL : ''}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let i = i32(gid.x);
  if (i >= u.n) { return; }
  var v = vec2<f32>(X[2 * i], X[2 * i + 1]);
  var ld = ${lds.length > 0 ? lds.map((n) => `${n}[i]`).join(' + ') : '0.0'};
  ${body.join('\n  ')}
  ${finish ? `OUT[i] = -0.5 * dot(v, v) - ${LOG_2PI} + ld;` : 'Y[2 * i] = v.x;\n  Y[2 * i + 1] = v.y;\n  LDOUT[i] = ld;'}
}`;
}

interface SegmentAttrs {
  specs: FusedSpec[];
  pending: number;
  finish: boolean;
}

/** Compiled shader text per segment layout (the attrs object is new per call; its JSON is the key). */
const codes = new Map<string, string>();

tf.registerKernel({
  kernelName: DENSITY_SEGMENT,
  backendName: 'webgpu',
  kernelFunc: (({ inputs, backend, attrs }: KernelArgs) => {
    const { specs, pending, finish } = attrs as unknown as SegmentAttrs;
    const [x, ...rest] = ordered(inputs);
    const lds = rest.slice(0, pending);
    const variables = rest.slice(pending);
    const n = x.shape[0];
    const key = `flowPlaygroundDensity/${JSON.stringify([specs, pending, finish])}`;
    let code = codes.get(key);
    if (code === undefined) codes.set(key, (code = segmentCode(specs, pending, finish)));
    const packed = specs.length > 0 ? [packOnWebgpu(backend, variables)] : [];
    const outputs = runRawProgram(backend, {
      key,
      code,
      inputs: [x, ...lds, ...packed],
      outputShapes: finish ? [[n]] : [[n, 2], [n]],
      uniforms: [{ type: 'int32', value: n }],
      workgroups: [Math.ceil(n / WORKGROUP), 1, 1],
    });
    for (const p of packed) (backend as RawBackend).disposeData(p.dataId);
    return outputs;
  }) as never,
});

function segment(x: tf.Tensor2D, pending: readonly tf.Tensor1D[], layers: readonly Bijector[], specs: FusedSpec[], finish: boolean): tf.Tensor[] {
  const named: tf.NamedTensorMap = {};
  [x, ...pending, ...layers.flatMap((l) => l.variables)].forEach((t, i) => (named[String(i)] = t));
  const attrs = { specs, pending: pending.length, finish } as unknown as tf.NamedAttrMap;
  return tf.engine().runKernel(DENSITY_SEGMENT, named, attrs) as tf.Tensor[];
}

/**
 * log p(x) for a chain's `layers` (layers[0] next to the Gaussian) on webgpu
 * without a gradient tape, or null where this path does not apply (another
 * backend, a tape recording, no rows). Call inside tf.tidy.
 */
export function logProbOnWebgpu(layers: readonly Bijector[], x: tf.Tensor2D): tf.Tensor1D | null {
  if (!webgpuKernelsActive() || recordingGradients() || x.shape[0] === 0) return null;
  let y = x;
  let pending: tf.Tensor1D[] = [];
  let run: Bijector[] = [];
  let specs: FusedSpec[] = [];
  const flush = () => {
    const [out, ld] = segment(y, pending, run, specs, false);
    [y, pending, run, specs] = [out as tf.Tensor2D, [ld as tf.Tensor1D], [], []];
  };
  for (let k = layers.length - 1; k >= 0; k--) {
    const layer = layers[k];
    const spec = fusedSpec(layer);
    if (spec) {
      run.push(layer);
      specs.push(spec);
      continue;
    }
    if (run.length > 0 || pending.length >= MAX_PENDING) flush();
    const r = layer.inverse(y);
    y = r.y;
    pending.push(r.logDet);
  }
  return segment(y, pending, run, specs, true)[0] as tf.Tensor1D;
}
