import * as tf from '@tensorflow/tfjs-core';
import type { LogScaleBounds } from '../bijectors/transforms/affine';
import type { Activation } from '../nn/activations';
import { registerHostKernel, runHostKernel, type HostKernel } from './host-kernel';
import { layerGradOutputs, mlpBackwardIn, mlpForwardIn, putLayers, simdArena, type ArenaLayer } from './mlp-kernels';
import { ACTIVATION_CODES, type SimdArena } from './mlp-simd';

/**
 * A whole 2-D affine coupling (RealNVP, Glow) as one host kernel forward and one
 * backward on cpu and wasm: the conditioner MLP in WebAssembly SIMD, the
 * affine map around it in plain JS (two columns of the batch). On the plain
 * path one coupling is ~70 tfjs ops with gradients; here it is two.
 *
 * With k the kept column, u the moved one (column t), [r, c] = net(k) and
 * direction d = +1 (forward) or −1 (inverse), B the log-scale bound on r's
 * side (boundAbove for r ≥ 0, boundBelow for r < 0; transforms/affine.ts):
 *   s = d·B·tanh(r/B)
 *   d = +1: y_t = u·eˢ + c        d = −1: y_t = (u − c)·eˢ
 *   y_kept = k,  logDet = s
 * Backward, from dy (both columns) and dl (for logDet):
 *   du = dy_t·eˢ
 *   dc = dy_t (d = +1) or −dy_t·eˢ (d = −1)
 *   ds = dy_t·(y_t − [d = +1]·c) + dl          (= dy_t·u·eˢ or dy_t·y_t, then + dl)
 *   dr = ds·d·(1 − tanh²(r/B))
 *   then the MLP backward from [dr, dc] gives dk and the weight gradients;
 *   dz_kept = dy_kept + dk, dz_t = du.
 * Forward inputs [z, W1, b1, …, WL, bL] → [y, logDet, h1, …, h_{L−1}, θ = net output];
 * backward inputs [dy, dl, z, W1, …, WL, h1, …, h_{L−1}, θ] → [dz, dW1, db1, …].
 */
export const AFFINE_COUPLING_FORWARD = 'FlowPlaygroundAffineCouplingForward';
/** (Registered once per network depth: AFFINE_COUPLING_FORWARD + the number of layers.) */
export const AFFINE_COUPLING_BACKWARD = 'FlowPlaygroundAffineCouplingBackward';

export interface CouplingAttrs {
  transformDim: number;
  direction: number;
  /** The bound of the forward log-scale s where the raw output r < 0: s > −boundBelow. */
  boundBelow: number;
  /** Where r ≥ 0: s < boundAbove. */
  boundAbove: number;
  activation: number;
}

/** The bound B on r's side of 0, for s = B·tanh(r/B). */
const boundFor = (r: number, a: CouplingAttrs) => (r >= 0 ? a.boundAbove : a.boundBelow);

/**
 * The forward map on host arrays: the kept column of z into SIMD memory, the
 * network on it, then y and logDet (written, not added). Returns the
 * network's layer outputs' addresses (h1, …, θ), which the backward pass reads.
 */
export function affineCouplingIn(
  mem: SimdArena, z: Float32Array, batch: number, layers: readonly ArenaLayer[], a: CouplingAttrs, y: Float32Array, logDet: Float32Array,
): { kept: number; outs: number[] } {
  const { transformDim: t, direction: d, activation } = a;
  const kept = mem.alloc(batch);
  const keptView = mem.view(kept, batch);
  for (let i = 0; i < batch; i++) keptView[i] = z[2 * i + 1 - t];
  const outs = mlpForwardIn(mem, kept, batch, layers, activation);
  const theta = mem.view(outs[layers.length - 1], batch * 2);
  for (let i = 0; i < batch; i++) {
    const bound = boundFor(theta[2 * i], a);
    const s = Math.fround(d * bound * Math.tanh(theta[2 * i] / bound));
    const c = theta[2 * i + 1];
    const u = z[2 * i + t];
    y[2 * i + 1 - t] = z[2 * i + 1 - t];
    y[2 * i + t] = d === 1 ? u * Math.exp(s) + c : (u - c) * Math.exp(s);
    logDet[i] = s;
  }
  return { kept, outs };
}

/**
 * The backward pass on host arrays, from dy [batch, 2] and dl [batch]: writes
 * dz and returns each network layer's dW, db addresses. `inputsOf` holds the
 * network's layer inputs (the kept column, then h1, …), `theta` its output.
 */
export function affineCouplingBackIn(
  mem: SimdArena, dy: Float32Array, dl: Float32Array, z: Float32Array, theta: number, inputsOf: readonly number[],
  batch: number, layers: readonly ArenaLayer[], a: CouplingAttrs, dz: Float32Array,
): { dw: number; db: number }[] {
  const { transformDim: t, direction: d, activation } = a;
  const dTheta = mem.alloc(batch * 2);
  // Views taken after every allocation (growing the memory detaches older views).
  const thetaView = mem.view(theta, batch * 2);
  const dThetaView = mem.view(dTheta, batch * 2);
  for (let i = 0; i < batch; i++) {
    const u = z[2 * i + t];
    const bound = boundFor(thetaView[2 * i], a);
    const th = Math.tanh(thetaView[2 * i] / bound);
    const c = thetaView[2 * i + 1];
    const e = Math.exp(Math.fround(d * bound * th));
    const g = dy[2 * i + t];
    const ds = g * (d === 1 ? u * e : (u - c) * e) + dl[i];
    dThetaView[2 * i] = ds * d * (1 - th * th);
    dThetaView[2 * i + 1] = d === 1 ? g : -g * e;
    dz[2 * i + t] = g * e;
  }
  const { dx: dk, grads } = mlpBackwardIn(mem, dTheta, inputsOf, batch, layers, activation);
  const dkView = mem.view(dk, batch);
  for (let i = 0; i < batch; i++) dz[2 * i + 1 - t] = dy[2 * i + 1 - t] + dkView[i];
  return grads;
}

const forwardKernel: HostKernel = (inputs, attrs, shapes) => {
  const a = attrs as unknown as CouplingAttrs;
  const layers = (inputs.length - 1) / 2;
  const batch = shapes[0][0];
  const mem = simdArena();
  const arenaLayers = putLayers(mem, inputs, shapes, 1, layers);
  const y = new Float32Array(batch * 2);
  const logDet = new Float32Array(batch);
  const { outs } = affineCouplingIn(mem, inputs[0], batch, arenaLayers, a, y, logDet);
  const kept = outs.map((at, l) => mem.output([batch, arenaLayers[l].fanOut], at));
  // Outputs: y, logDet, h1, …, h_{L−1}, θ.
  return [{ shape: [batch, 2], values: y }, { shape: [batch], values: logDet }, ...kept];
};

registerHostKernel(AFFINE_COUPLING_BACKWARD, (inputs, attrs, shapes) => {
  const a = attrs as unknown as CouplingAttrs;
  const layers = (inputs.length - 3) / 2;
  const [dy, dl, z] = inputs;
  const batch = shapes[0][0];
  const mem = simdArena();
  const arenaLayers = Array.from({ length: layers }, (_, l) => ({ w: mem.put(inputs[3 + l]), b: 0, fanIn: shapes[3 + l][0], fanOut: shapes[3 + l][1] }));
  const kept = mem.alloc(batch);
  const keptView = mem.view(kept, batch);
  for (let i = 0; i < batch; i++) keptView[i] = z[2 * i + 1 - a.transformDim];
  const inputsOf = [kept, ...Array.from({ length: layers - 1 }, (_, l) => mem.put(inputs[3 + layers + l]))];
  const theta = mem.put(inputs[inputs.length - 1]);
  const dz = new Float32Array(batch * 2);
  const grads = affineCouplingBackIn(mem, dy, dl, z, theta, inputsOf, batch, arenaLayers, a, dz);
  return [{ shape: [batch, 2], values: dz }, ...layerGradOutputs(mem, arenaLayers, grads)];
});

/**
 * The forward kernel under a name per layer count, with its gradient registered
 * (tf.customGrad allows one output only; this kernel has y and logDet): the
 * tape saves z, the weights, the hidden outputs and θ, and hands them to the
 * backward kernel.
 */
const registeredDepths = new Set<number>();
function forwardKernelName(layers: number): string {
  const name = `${AFFINE_COUPLING_FORWARD}${layers}`;
  if (registeredDepths.has(layers)) return name;
  registeredDepths.add(layers);
  registerHostKernel(name, forwardKernel);
  tf.registerGradient({
    kernelName: name,
    inputsToSave: ['0', ...Array.from({ length: layers }, (_, l) => String(1 + 2 * l))],
    outputsToSave: [false, false, ...Array.from({ length: layers }, () => true)],
    gradFunc: (dys, saved, attrs) => {
      const [dy, dl] = dys as (tf.Tensor | null)[];
      const batch = saved[0].shape[0];
      const grads = runHostKernel(AFFINE_COUPLING_BACKWARD, [dy ?? tf.zeros([batch, 2]), dl ?? tf.zeros([batch]), ...saved], attrs);
      return Object.fromEntries(grads.map((g, i) => [String(i), () => g]));
    },
  });
  return name;
}

export interface AffineCouplingSpec {
  transformDim: 0 | 1;
  direction: 1 | -1;
  logScaleBounds: LogScaleBounds;
  weights: readonly tf.Tensor2D[];
  biases: readonly tf.Tensor1D[];
  activation: Activation;
}

/** The coupling's output [batch, 2] and log|det| [batch] through the two fused kernels (cpu and wasm; webgpu registers WGSL under the same names, affine-coupling-webgpu.ts). */
export function affineCouplingOnHost(z: tf.Tensor2D, spec: AffineCouplingSpec): { y: tf.Tensor2D; logDet: tf.Tensor1D } {
  const attrs = {
    transformDim: spec.transformDim,
    direction: spec.direction,
    boundBelow: spec.logScaleBounds.below,
    boundAbove: spec.logScaleBounds.above,
    activation: ACTIVATION_CODES[spec.activation],
  } satisfies CouplingAttrs;
  const name = forwardKernelName(spec.weights.length);
  const [y, logDet] = runHostKernel(name, [z, ...spec.weights.flatMap((w, i) => [w, spec.biases[i]])], attrs);
  return { y: y as tf.Tensor2D, logDet: logDet as tf.Tensor1D };
}
