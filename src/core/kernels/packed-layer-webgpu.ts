import type * as tf from '@tensorflow/tfjs-core';
import { runRawProgram } from './webgpu-dispatch';

/**
 * How a layer of the whole-flow WebGPU kernel (flow-loss-webgpu.ts) is
 * dispatched, once for every layer kind (affine coupling, actnorm, LU): each
 * layer file brings only its shader and cache key.
 *
 * Forward: one invocation per sample of `x` (workgroups of `workgroup`), the
 * layer's parameters read from the flow's packed Θ at `pOff`, its log-det
 * added to `ldIn` when one is pending. Uniforms: batch, pOff.
 */
export function runPackedForward(
  backend: unknown,
  p: { key: string; code: string; x: tf.TensorInfo; theta: tf.TensorInfo; ldIn: tf.TensorInfo | null; pOff: number; outputShapes: number[][]; workgroup: number },
): tf.TensorInfo[] {
  const batch = p.x.shape[0];
  return runRawProgram(backend, {
    key: p.key,
    code: p.code,
    inputs: p.ldIn ? [p.x, p.theta, p.ldIn] : [p.x, p.theta],
    outputShapes: p.outputShapes,
    uniforms: [
      { type: 'int32', value: batch },
      { type: 'int32', value: p.pOff },
    ],
    workgroups: [Math.ceil(batch / p.workgroup), 1, 1],
  });
}

/**
 * Backward: one workgroup (the parameter gradients are sums over the batch,
 * and a barrier reaches one workgroup only), the layer's share of the flat
 * gradient written in place into `grad` at `gOff`; ∂loss/∂logDet is `dl` for
 * every sample. Uniforms: batch, pOff, gOff, dl.
 */
export function runPackedBackward(
  backend: unknown,
  p: { key: string; code: string; inputs: tf.TensorInfo[]; batch: number; outputShapes: number[][]; grad: tf.TensorInfo; offsets: { pOff: number; gOff: number; dl: number } },
): tf.TensorInfo[] {
  return runRawProgram(backend, {
    key: p.key,
    code: p.code,
    inputs: p.inputs,
    outputShapes: p.outputShapes,
    inPlace: [p.grad],
    uniforms: [
      { type: 'int32', value: p.batch },
      { type: 'int32', value: p.offsets.pOff },
      { type: 'int32', value: p.offsets.gOff },
      { type: 'float32', value: p.offsets.dl },
    ],
    workgroups: [1, 1, 1],
  });
}
