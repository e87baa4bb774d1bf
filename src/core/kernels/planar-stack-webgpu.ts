import * as tf from '@tensorflow/tfjs-core';
import type { Bijector } from '../bijectors/bijector';
import { packOnWebgpu } from './pack-webgpu';
import { PLANAR_SUMS, PLANAR_WGSL } from './planar-webgpu';
import { bindingsWgsl, type RawBackend, runRawProgram } from './webgpu-dispatch';
import { type KernelArgs, ordered, webgpuKernelsActive, wgslWorkgroupSum } from './webgpu-kernel';

/**
 * A density-mode planar flow's whole training loss and its flat gradient in
 * ONE WGSL dispatch (webgpu), as flow-loss-kernel.ts does on the host: the
 * variables are packed by buffer copies (pack-webgpu.ts, no dispatch), then one
 * workgroup runs every layer forward and back. Planar layers cost a handful of
 * flops per sample, so one workgroup looping over the layers beats a dispatch
 * per layer: the per-layer kernels (planar-webgpu.ts) under the tape cost 3 a
 * layer plus the gradients' concat, ~100 dispatches for 32 layers.
 *
 *   data → latent, layers L−1 … 0 (layer k's variables at P[5k]: w, u, b):
 *     each lane its samples (strided): v ← v + t·û, logDet += log((1 + m) − m·t²),
 *     the layer's input v kept in the scratch VS[k] for the backward pass;
 *   loss = −(1/B) Σ_b [log N(z_b; 0, I) + logDet_b]  (a workgroup sum);
 *   latent → data, layers 0 … L−1: dz = z/B, dlogDet = −1/B for every layer,
 *     per sample planarRowBack (planar-webgpu.ts), the seven batch sums by a
 *     workgroup tree, lane 0 takes them through the derivation into GRAD[5k…].
 * The gradient is already flat in the variables' order (FlatAdam's).
 */
export const PLANAR_STACK_LOSS = 'FlowPlaygroundPlanarStackLossWebgpu';

const LANES = 256;
const LOG_2PI = Math.log(2 * Math.PI);

const lossCode = `${bindingsWgsl('batch : i32, layers : i32,', ['X', 'P'], ['LOSS', 'GRAD', 'VS', 'G'])}
${PLANAR_WGSL}
fn layer(k : i32) -> Derived {
  let o = 5 * k;
  return derivedFrom(vec2<f32>(P[o], P[o + 1]), vec2<f32>(P[o + 2], P[o + 3]), P[o + 4]);
}
var<workgroup> partial : array<array<f32, ${LANES}>, ${PLANAR_SUMS}>;
@compute @workgroup_size(${LANES})
fn main(@builtin(local_invocation_index) lane : u32) {
  let n = u.batch;
  let scale = 1.0 / f32(n);
  var total = 0.0;
  for (var i = i32(lane); i < n; i += ${LANES}) {
    var v = vec2<f32>(X[2 * i], X[2 * i + 1]);
    var logDet = 0.0;
    for (var k = u.layers - 1; k >= 0; k--) {
      let at = 2 * (k * n + i);
      VS[at] = v.x;
      VS[at + 1] = v.y;
      let r = planarRow(layer(k), v);
      v = r.xy;
      logDet += r.z;
    }
    total += -0.5 * dot(v, v) - ${LOG_2PI} + logDet;
    G[2 * i] = v.x * scale;
    G[2 * i + 1] = v.y * scale;
  }
  partial[0][lane] = total;
  ${wgslWorkgroupSum(LANES, 1)}
  if (lane == 0u) { LOSS[0] = -partial[0][0] * scale; }
  workgroupBarrier();
  for (var k = 0; k < u.layers; k++) {
    let d = layer(k);
    // Zeroed explicitly: measured on SwiftShader, a loop-body \`var s : array<…>;\` kept the last layer's sums.
    var s = array<f32, ${PLANAR_SUMS}>();
    for (var i = i32(lane); i < n; i += ${LANES}) {
      let at = 2 * (k * n + i);
      let dv = planarRowBack(d, vec2<f32>(VS[at], VS[at + 1]), vec2<f32>(G[2 * i], G[2 * i + 1]), -scale, &s);
      G[2 * i] = dv.x;
      G[2 * i + 1] = dv.y;
    }
    for (var j = 0; j < ${PLANAR_SUMS}; j++) { partial[j][lane] = s[j]; }
    ${wgslWorkgroupSum(LANES, PLANAR_SUMS)}
    if (lane == 0u) {
      let p = planarParamGrads(d, vec2<f32>(partial[0][0], partial[1][0]), partial[2][0], vec2<f32>(partial[3][0], partial[4][0]), partial[5][0], partial[6][0]);
      for (var j = 0; j < 5; j++) { GRAD[5 * k + j] = p[j]; }
    }
    // Lane 0 has read the sums before anyone writes the next layer's.
    workgroupBarrier();
  }
}`;

tf.registerKernel({
  kernelName: PLANAR_STACK_LOSS,
  backendName: 'webgpu',
  kernelFunc: (({ inputs, backend }: KernelArgs) => {
    const [x, ...variables] = ordered(inputs);
    const batch = x.shape[0];
    const layers = variables.length / 3;
    const packed = packOnWebgpu(backend, variables);
    const [loss, grad, vs, g] = runRawProgram(backend, {
      key: 'flowPlaygroundPlanarStackLoss',
      code: lossCode,
      inputs: [x, packed],
      outputShapes: [[], [5 * layers], [layers * batch * 2], [batch * 2]],
      uniforms: [
        { type: 'int32', value: batch },
        { type: 'int32', value: layers },
      ],
      workgroups: [1, 1, 1],
    });
    for (const scratch of [packed, vs, g]) (backend as RawBackend).disposeData(scratch.dataId);
    return [loss, grad];
  }) as never,
});

/**
 * The loss −mean log p(x) and its flat gradient for a chain of closed-form
 * (density-mode) planar layers on webgpu, or null where it does not apply
 * (another backend, another layer kind, planar layers solved numerically in
 * this direction). Not differentiable: the trainer calls it instead of
 * tf.variableGrads, as it does flow-loss-kernel.ts's host kernel.
 */
export function planarFlowLossOnWebgpu(layers: readonly Bijector[], x: tf.Tensor2D): { loss: tf.Scalar; gradient: tf.Tensor1D } | null {
  if (!webgpuKernelsActive() || layers.length === 0) return null;
  if (!layers.every((l) => l.hostLayer?.()?.kind === 'planar')) return null;
  const named: tf.NamedTensorMap = { 0: x };
  layers.flatMap((l) => l.variables).forEach((v, i) => (named[String(i + 1)] = v));
  const [loss, gradient] = tf.engine().runKernel(PLANAR_STACK_LOSS, named) as tf.Tensor[];
  return { loss: loss as tf.Scalar, gradient: gradient as tf.Tensor1D };
}
