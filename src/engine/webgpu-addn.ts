import * as tf from '@tensorflow/tfjs-core';

/**
 * Inputs per AddN shader. WebGPU guarantees only 8 storage buffers per shader
 * stage (inputs + output), and tfjs-backend-webgpu 4.22 does not split a
 * larger AddN the way its Concat does: with 8 or more inputs the pipeline
 * fails validation and the whole submission silently yields stale data (every
 * flow with ≥ 8 layers read back log-densities of 0). Measured in Chromium's
 * WebGPU on SwiftShader; the cap is harmless on hardware with higher limits.
 */
const MAX_INPUTS = 6;

type KernelParams = Parameters<tf.KernelConfig['kernelFunc']>[0];

/**
 * Re-register WebGPU's AddN as a tree of AddNs of at most MAX_INPUTS each.
 * Only the forward kernel changes; AddN's gradient is registered separately
 * and needs nothing. Call after the webgpu backend is registered; calls after
 * the first do nothing.
 */
let patched = false;
export function patchWebGpuAddN(): void {
  const original = tf.getKernel('AddN', 'webgpu');
  if (!original || patched) return;
  patched = true;
  tf.unregisterKernel('AddN', 'webgpu');
  tf.registerKernel({
    ...original,
    kernelFunc(params: KernelParams) {
      let level = params.inputs as unknown as tf.TensorInfo[];
      if (level.length <= MAX_INPUTS) return original.kernelFunc(params);
      const backend = params.backend as tf.KernelBackend;
      const intermediates: tf.TensorInfo[] = [];
      while (level.length > 1) {
        const next: tf.TensorInfo[] = [];
        for (let i = 0; i < level.length; i += MAX_INPUTS) {
          const group = level.slice(i, i + MAX_INPUTS);
          if (group.length === 1) next.push(group[0]);
          else {
            const sum = original.kernelFunc({ ...params, inputs: group as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo;
            intermediates.push(sum);
            next.push(sum);
          }
        }
        level = next;
      }
      for (const t of intermediates) if (t !== level[0]) backend.disposeData(t.dataId);
      return level[0];
    },
  });
}
