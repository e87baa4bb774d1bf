import * as tf from '@tensorflow/tfjs-core';
import type { RawBackend } from './webgpu-dispatch';

/**
 * Many small tensors laid end to end in one flat float32 buffer by GPU buffer
 * copies (copyBufferToBuffer), not by a shader: a shader sees 8 storage
 * buffers only, so packing a flow's dozens of variables by dispatches costs
 * ⌈n / 7⌉ of them (tfjs's Concat, or split-webgpu.ts run backwards), where a
 * copy is one command in the same encoder with no pipeline, bind group or
 * uniform buffer. Copies sit between compute passes, so the open pass is ended
 * (the next dispatch opens a new one), as tfjs-backend-webgpu's own copyBuffer
 * does. Float32 offsets and sizes are multiples of 4 bytes, as copies require.
 *
 * Called from inside a kernel function (the infos are the kernel's inputs);
 * the result is a tensor info the caller owns.
 */
export function packOnWebgpu(backend: unknown, infos: readonly tf.TensorInfo[]): tf.TensorInfo {
  const b = backend as RawBackend;
  const sizes = infos.map((info) => tf.util.sizeFromShape(info.shape));
  const total = sizes.reduce((a, n) => a + n, 0);
  const out = b.makeTensorInfo([Math.max(total, 1)], 'float32');
  b.uploadToGPU(out.dataId);
  const dst = b.tensorMap.get(out.dataId).resource as GPUBuffer;
  for (const info of infos) {
    if (info.dtype !== 'float32') throw new Error(`packOnWebgpu: a ${info.dtype} tensor, expected float32`);
    // Before the pass ends: a tensor still on the CPU is uploaded by a copy of its own into the same encoder.
    b.uploadToGPU(info.dataId);
  }
  b.ensureCommandEncoderReady();
  b.endComputePassEncoder();
  let offset = 0;
  infos.forEach((info, i) => {
    if (sizes[i] === 0) return;
    const src = b.tensorMap.get(info.dataId).resource as GPUBuffer;
    b.commandEncoder!.copyBufferToBuffer(src, 0, dst, 4 * offset, 4 * sizes[i]);
    // As runWebGPUProgram does: a buffer the pending commands read is not released before they are submitted.
    b.commandQueueOwnedIds.add(info.dataId as object);
    offset += sizes[i];
  });
  b.commandQueueOwnedIds.add(out.dataId as object);
  return out;
}
