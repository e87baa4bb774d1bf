import * as tf from '@tensorflow/tfjs-core';
import { ADAM_UPDATE, type AdamUpdateAttrs } from './adam-update';
import { packOnWebgpu, splitOnWebgpu } from './split-webgpu';
import { type KernelArgs, ordered, webgpuKernel, type WebgpuBackendLike, type WgslProgram } from './webgpu-kernel';

/**
 * FlatAdam's update (the maths in adam-update.ts) as ONE WGSL dispatch on
 * webgpu, registered under the host kernel's name and contract: inputs
 * [grad, m, v, t, normAverage, gate, ...params], outputs [m, v, t,
 * normAverage, ...params] in the variables' shapes. The plain tfjs path is
 * ~35 dispatches for the same arithmetic.
 *
 * One workgroup does all of it, because the relative clip needs the
 * gradient's global norm before any element is updated: each of the 256
 * invocations sums the squares of its strided share, a tree reduction in
 * workgroup memory gives the norm to all, then each updates its share. A flow
 * here has tens of thousands of parameters: a few hundred per invocation.
 *
 * A program has one output buffer, and a shader stage sees at most 8 storage
 * buffers, so the parameters go in concatenated and come out packed as
 * [θ (n) | m (n) | v (n) | t | normAverage]; split-webgpu.ts then hands each
 * variable its part, seven tensors per dispatch. The parameters are packed
 * likewise (packOnWebgpu, a dispatch per seven), skipped where the loss
 * already packed them (ADAM_UPDATE_PACKED below).
 */
const WORKGROUP = 256;

class AdamProgram implements WgslProgram {
  variableNames = ['G', 'M', 'V', 'T', 'Avg', 'Gate', 'P'];
  outputShape: number[];
  shaderKey = 'flowPlaygroundAdam';
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number] = [1, 1, 1];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'lr : f32, beta1 : f32, beta2 : f32, epsilon : f32, clipFactor : f32, normDecay : f32, n : i32,';

  constructor(n: number) {
    this.outputShape = [3 * n + 2];
  }

  getUserCode(): string {
    return `
      var<workgroup> partial : array<f32, ${WORKGROUP}>;

      // NaN and ±Inf have every exponent bit set.
      fn finiteOr0(x : f32) -> f32 {
        return select(x, 0.0, (bitcast<u32>(x) & 0x7f800000u) == 0x7f800000u);
      }

      // tfjs's entry point passes the global index; with one workgroup it is the lane.
      // 1 − eˣ for x ≤ 0, accurate near 0 (a short series there, where 1 − exp(x) cancels).
      fn oneMinusPow(x : f32) -> f32 {
        if (x > -0.01) {
          return -x * (1.0 + x / 2.0 * (1.0 + x / 3.0 * (1.0 + x / 4.0)));
        }
        return 1.0 - exp(x);
      }

      // ln β for β in (0, 1), by ln(1 − a) = −a − a²/2 − a³/3 … near 1.
      fn logOf(beta : f32) -> f32 {
        let a = 1.0 - beta;
        if (a < 0.01) {
          return -a * (1.0 + a * (0.5 + a / 3.0));
        }
        return log(beta);
      }

      fn main(index : i32) {
        let lane = index;
        let n = uniforms.n;
        // f32(): tfjs may keep a cast-from-bool gate in an int32 buffer.
        let gate = f32(Gate[0]);
        // ‖g‖² over the finite entries.
        var sumSq = 0.0;
        for (var i = lane; i < n; i = i + ${WORKGROUP}) {
          let g = finiteOr0(G[i]);
          sumSq = sumSq + g * g;
        }
        partial[lane] = sumSq;
        workgroupBarrier();
        for (var stride = ${WORKGROUP / 2}; stride > 0; stride = stride / 2) {
          if (lane < stride) {
            partial[lane] = partial[lane] + partial[lane + stride];
          }
          workgroupBarrier();
        }
        let norm = sqrt(partial[0]);
        // Relative clip: limit = clipFactor × running average (the first applied step sets it).
        var avg = f32(Avg[0]);
        var scale = 1.0;
        if (uniforms.clipFactor > 0.0) {
          let started = avg > 0.0;
          let limit = select(norm, avg * uniforms.clipFactor, started);
          scale = min(1.0, limit / max(norm, 1e-30));
          let clipped = norm * scale;
          let next = select(clipped, avg + (clipped - avg) * (1.0 - uniforms.normDecay), started);
          avg = avg + (next - avg) * gate;
        }
        // Bias corrections folded into one step size, at t ≥ 1 (a skipped first step has t = 0).
        // 1 − βᵗ = −expm1(t·ln β), each side by a series where it would cancel: pow(β, t) in
        // float32 loses ~1e-4 of 1 − β₂ = 1e-3.
        let t = f32(T[0]) + gate;
        let tSafe = max(t, 1.0);
        let stepSize = uniforms.lr * sqrt(oneMinusPow(tSafe * logOf(uniforms.beta2))) / oneMinusPow(tSafe * logOf(uniforms.beta1));
        let c1 = gate * (1.0 - uniforms.beta1);
        let c2 = gate * (1.0 - uniforms.beta2);
        let step = gate * stepSize;
        for (var i = lane; i < n; i = i + ${WORKGROUP}) {
          let g = finiteOr0(G[i]) * scale;
          let m = M[i] + (g - M[i]) * c1;
          let v = V[i] + (g * g - V[i]) * c2;
          result[i] = P[i] - m * step / (sqrt(v) + uniforms.epsilon);
          result[n + i] = m;
          result[2 * n + i] = v;
        }
        if (lane == 0) {
          result[3 * n] = t;
          result[3 * n + 1] = avg;
        }
      }
    `;
  }
}

/**
 * The update; `packed` is the parameters already laid end to end (the
 * whole-flow loss kernel's Θ, flow-loss-webgpu.ts), else they are
 * concatenated here.
 */
function adamKernel({ inputs, attrs, backend }: KernelArgs, withPacked: boolean): tf.TensorInfo[] {
  const gpu = backend as unknown as WebgpuBackendLike;
  const infos = ordered(inputs);
  const [grad, m, v, t, avg, gate, ...rest] = infos;
  const packed = withPacked ? rest[0] : null;
  const params = withPacked ? rest.slice(1) : rest;
  const n = grad.shape[0];
  const total = params.reduce((s, p) => s + tf.util.sizeFromShape(p.shape), 0);
  if (total !== n) throw new Error(`${ADAM_UPDATE}: parameters hold ${total} values, gradient ${n}`);
  const { lr, beta1, beta2, epsilon, clipFactor, normDecay } = attrs as unknown as AdamUpdateAttrs;
  const reshape = webgpuKernel('Reshape');
  const temporaries: tf.TensorInfo[] = [];
  let flat = packed;
  if (!flat) {
    flat = params.length === 1 ? reshape({ inputs: { x: params[0] }, backend, attrs: { shape: [-1] } }) : packOnWebgpu(backend, params);
    temporaries.push(flat);
  }
  // Scalars as [1]: tfjs lays out each input's shape as a uniform, and a rank-0 shape's
  // layout disagrees with its declaration (every uniform after it is read shifted).
  const [t1, avg1, gate1] = [t, avg, gate].map((x) => reshape({ inputs: { x }, backend, attrs: { shape: [1] } }));
  temporaries.push(t1, avg1, gate1);
  const out = gpu.runWebGPUProgram(new AdamProgram(n), [grad, m, v, t1, avg1, gate1, flat as tf.TensorInfo], 'float32', [
    { type: 'float32', data: [lr] },
    { type: 'float32', data: [beta1] },
    { type: 'float32', data: [beta2] },
    { type: 'float32', data: [epsilon] },
    { type: 'float32', data: [clipFactor] },
    { type: 'float32', data: [normDecay] },
    { type: 'int32', data: [n] },
  ]);
  temporaries.push(out);
  // The packed result cut into [θ pieces…, m, v, t, normAverage] in ⌈(variables + 4) / 7⌉ dispatches.
  const pieces = splitOnWebgpu(backend, out, [...params.map((p) => p.shape), [n], [n], [], []]);
  const results = [...pieces.slice(params.length), ...pieces.slice(0, params.length)];
  for (const info of temporaries) gpu.disposeData(info.dataId);
  return results;
}

tf.registerKernel({ kernelName: ADAM_UPDATE, backendName: 'webgpu', kernelFunc: ((args: KernelArgs) => adamKernel(args, false)) as never });

/**
 * The same update with the parameters given packed: inputs [grad, m, v, t,
 * normAverage, gate, Θ, ...params] (the params for their shapes only), the
 * same outputs. Webgpu only; FlatAdam takes it when the loss handed over Θ.
 */
export const ADAM_UPDATE_PACKED = 'FlowPlaygroundAdamUpdatePacked';
tf.registerKernel({ kernelName: ADAM_UPDATE_PACKED, backendName: 'webgpu', kernelFunc: ((args: KernelArgs) => adamKernel(args, true)) as never });

/** ADAM_UPDATE_PACKED: returns [m, v, t, normAverage, ...parameters], as adamUpdate (adam-update.ts) does. */
export function adamUpdatePackedOnWebgpu(
  grad: tf.Tensor1D,
  state: { m: tf.Tensor; v: tf.Tensor; t: tf.Tensor; normAverage: tf.Tensor; gate: tf.Tensor },
  packed: tf.Tensor1D,
  params: readonly tf.Tensor[],
  attrs: AdamUpdateAttrs,
): tf.Tensor[] {
  const inputs = [grad, state.m, state.v, state.t, state.normAverage, state.gate, packed, ...params];
  const named = Object.fromEntries(inputs.map((x, i) => [String(i), x])) as unknown as tf.NamedTensorMap;
  return tf.engine().runKernel(ADAM_UPDATE_PACKED, named, { ...attrs } as unknown as tf.NamedAttrMap) as tf.Tensor[];
}
