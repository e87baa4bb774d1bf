import * as tf from '@tensorflow/tfjs-core';
import type { Bijector } from '../bijectors/bijector';
import { MIN_LOG_SCALE } from '../bijectors/bijector';
import { actNormBackwardPacked, actNormForwardPacked } from './actnorm-webgpu';
import { couplingBackwardPacked, couplingForwardPacked, supportedOnWebgpu, type PackedCoupling } from './affine-coupling-webgpu';
import { luLinearBackwardPacked, luLinearForwardPacked } from './lu-linear-webgpu';
import type { HostLayerSpec } from './flow-loss-kernel';
import { ACTIVATION_CODES } from './mlp-simd';
import { bindingsWgsl, runRawProgram } from './webgpu-dispatch';
import { packOnWebgpu } from './split-webgpu';
import { type KernelArgs, ordered, webgpuKernelsActive, wgslWorkgroupSum } from './webgpu-kernel';

/**
 * A flow's training loss and its flat gradient on webgpu without a gradient
 * tape, the WGSL counterpart of flow-loss-kernel.ts (same maths):
 *   loss = (1/B) Σ_b [½‖z_b‖² + log 2π − Σ_layers logDet_b],  z = chain⁻¹(x)
 *   ∂loss/∂z_b = z_b / B,  ∂loss/∂logDet_b = −1/B for every layer.
 * Under the tape each fused layer's gradient came back as one tensor per
 * variable (a split per layer), the tape summed and flattened them again (a
 * concat) and FlatAdam concatenated the parameters once more. Here:
 *   Θ = every variable end to end (⌈variables / 7⌉ dispatches, split-webgpu.ts),
 *       which the layers read at their offsets and FlatAdam updates as is;
 *   one dispatch per layer data→latent, each adding its log-det to the running sum;
 *   one dispatch for the loss and ∂loss/∂z;
 *   one dispatch per layer back, each writing its share of the flat gradient in place.
 * For chains of affine couplings, actnorms and LU layers (RealNVP, Glow);
 * null for any other layer, and the trainer takes the tape.
 *
 * Inputs [x, ...the chain's variables in order]; outputs [loss (scalar),
 * gradient [n], Θ [n]]. Not differentiable itself.
 */
export const FLOW_LOSS_WEBGPU = 'FlowPlaygroundFlowLossWebgpu';

const LOSS_LANES = 256;
const LOG_2PI = Math.log(2 * Math.PI);

/** The loss and ∂loss/∂z from the latent points and the summed log-dets, in one workgroup. */
const lossCode = `${bindingsWgsl('batch : i32,', ['Z', 'LD'], ['LOSS', 'DZ'])}
var<workgroup> partial : array<array<f32, ${LOSS_LANES}>, 1>;
@compute @workgroup_size(${LOSS_LANES})
fn main(@builtin(local_invocation_index) lane : u32) {
  let inv = 1.0 / f32(u.batch);
  var acc = 0.0;
  for (var i = i32(lane); i < u.batch; i += ${LOSS_LANES}) {
    let z = vec2<f32>(Z[2 * i], Z[2 * i + 1]);
    let dz = z * inv;
    DZ[2 * i] = dz.x;
    DZ[2 * i + 1] = dz.y;
    // −log N(z; 0, I) − logDet = ½‖z‖² + log 2π − logDet (d = 2).
    acc += 0.5 * dot(z, z) + f32(${LOG_2PI}) - LD[i];
  }
  partial[0][lane] = acc;
  ${wgslWorkgroupSum(LOSS_LANES, 1)}
  if (lane == 0u) { LOSS[0] = partial[0][0] * inv; }
}`;

/** A layer as the kernel runs it, in its data→latent direction (−1). */
type PackedLayer =
  | { kind: 'affine-coupling'; coupling: PackedCoupling }
  | { kind: 'actnorm' }
  /** layout: the inverse matrix's constant (lu-linear.ts's hostLayer). */
  | { kind: 'lu-linear'; layout: readonly number[] };

interface Attrs {
  /** Each layer's PackedLayer as JSON (attrs stay plain values). */
  layers: string;
}

/** Parameters of each layer kind in Θ: a coupling's network, actnorm's log-scale and bias, LU's [l, v] and log-diagonal. */
function parameterCount(layer: PackedLayer): number {
  if (layer.kind !== 'affine-coupling') return 4;
  return layer.coupling.weightShapes.reduce((s, [fanIn, fanOut]) => s + fanIn * fanOut + fanOut, 0);
}

function flowLossKernel({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo[] {
  const [x, ...variables] = ordered(inputs);
  const layers = JSON.parse((attrs as unknown as Attrs).layers) as PackedLayer[];
  const gpu = backend as { makeTensorInfo(shape: number[], dtype: tf.DataType): tf.TensorInfo; disposeData(id: tf.DataId): boolean };
  const theta = packOnWebgpu(backend, variables);
  const n = theta.shape[0];
  // Each layer's offset in Θ (and in the gradient, the same layout).
  const offsets: number[] = [];
  let offset = 0;
  for (const layer of layers) {
    offsets.push(offset);
    offset += parameterCount(layer);
  }
  if (offset !== n) throw new Error(`${FLOW_LOSS_WEBGPU}: the layers hold ${offset} parameters, the variables ${n}`);
  const batch = x.shape[0];
  const temporaries: tf.TensorInfo[] = [];
  // Data → latent: the last layer first, each one's input and saved activations kept for the way back.
  const layerInput: tf.TensorInfo[] = [];
  const layerSaved: (tf.TensorInfo | null)[] = [];
  let h = x;
  let logDet: tf.TensorInfo | null = null;
  for (let k = layers.length - 1; k >= 0; k--) {
    const layer = layers[k];
    layerInput[k] = h;
    let outs: tf.TensorInfo[];
    if (layer.kind === 'affine-coupling') outs = couplingForwardPacked(backend, layer.coupling, h, theta, offsets[k], logDet);
    else if (layer.kind === 'actnorm') outs = actNormForwardPacked(backend, -1, h, theta, offsets[k], logDet);
    else outs = luLinearForwardPacked(backend, { direction: -1, layout: layer.layout }, h, theta, offsets[k], logDet);
    const [y, ld, s] = outs;
    layerSaved[k] = s ?? null;
    temporaries.push(...outs);
    h = y;
    logDet = ld;
  }
  const [loss, dzLatent] = runRawProgram(backend, {
    key: 'flowPlaygroundFlowLoss',
    code: lossCode,
    inputs: [h, logDet!],
    outputShapes: [[], [batch, 2]],
    uniforms: [{ type: 'int32', value: batch }],
    workgroups: [1, 1, 1],
  });
  temporaries.push(dzLatent);
  const grad = gpu.makeTensorInfo([n], 'float32');
  let dz = dzLatent;
  for (let k = 0; k < layers.length; k++) {
    const layer = layers[k];
    const at = { pOff: offsets[k], gOff: offsets[k], dl: -1 / batch };
    if (layer.kind === 'affine-coupling') dz = couplingBackwardPacked(backend, layer.coupling, { dy: dz, z: layerInput[k], theta, s: layerSaved[k]! }, at, grad);
    else if (layer.kind === 'actnorm') dz = actNormBackwardPacked(backend, -1, { dy: dz, v: layerInput[k], theta }, at, grad);
    else dz = luLinearBackwardPacked(backend, { direction: -1, layout: layer.layout }, { dy: dz, x: layerInput[k], theta }, at, grad);
    temporaries.push(dz);
  }
  for (const info of temporaries) gpu.disposeData(info.dataId);
  return [loss, grad, theta];
}

tf.registerKernel({ kernelName: FLOW_LOSS_WEBGPU, backendName: 'webgpu', kernelFunc: flowLossKernel as never });

/** The layer as the kernel runs it, or null where it cannot (the tape then does the work). */
function packedLayer(layer: Bijector): PackedLayer | null {
  const spec: HostLayerSpec | null = layer.hostLayer?.() ?? null;
  if (!spec) return null;
  // The WGSL kernels floor the log-scales at MIN_LOG_SCALE.
  if (spec.kind === 'actnorm') return spec.floor === MIN_LOG_SCALE ? { kind: 'actnorm' } : null;
  if (spec.kind === 'lu-linear') return spec.floor === MIN_LOG_SCALE ? { kind: 'lu-linear', layout: spec.layout } : null;
  if (spec.kind !== 'affine-coupling') return null;
  const weightShapes = layer.variables.filter((_, i) => i % 2 === 0).map((w) => w.shape);
  if (weightShapes.length !== spec.depth || !supportedOnWebgpu(weightShapes)) return null;
  // Data → latent is the coupling's inverse: direction −1.
  const attrs = { transformDim: spec.transformDim, direction: -1, boundBelow: spec.logScaleBounds.below, boundAbove: spec.logScaleBounds.above, activation: ACTIVATION_CODES[spec.activation] };
  return { kind: 'affine-coupling', coupling: { attrs, weightShapes } };
}

/**
 * The flow's loss, its flat gradient and its packed parameters Θ (for
 * FlatAdam) on webgpu; null off webgpu or for a chain with a layer the kernel
 * does not know.
 */
export function flowLossOnWebgpu(layers: readonly Bijector[], x: tf.Tensor2D): { loss: tf.Scalar; gradient: tf.Tensor1D; params: tf.Tensor1D } | null {
  if (!webgpuKernelsActive() || layers.length === 0) return null;
  const packed: PackedLayer[] = [];
  for (const layer of layers) {
    const p = packedLayer(layer);
    if (!p) return null;
    packed.push(p);
  }
  const inputs = [x, ...layers.flatMap((l) => l.variables)];
  const named = Object.fromEntries(inputs.map((t, i) => [String(i), t])) as unknown as tf.NamedTensorMap;
  const [loss, gradient, params] = tf.engine().runKernel(FLOW_LOSS_WEBGPU, named, { layers: JSON.stringify(packed) } as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { loss: loss as tf.Scalar, gradient: gradient as tf.Tensor1D, params: params as tf.Tensor1D };
}
