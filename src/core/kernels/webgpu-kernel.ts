import * as tf from '@tensorflow/tfjs-core';

/**
 * Custom tfjs kernels that run our own WGSL on the `webgpu` backend, through
 * tfjs-backend-webgpu's program API (backend.runWebGPUProgram), so one GPU
 * dispatch replaces dozens: on WebGPU every tfjs kernel is a dispatch with a
 * fixed CPU-side cost, far above the arithmetic of a 2-D flow. A separate
 * switch from host-kernel.ts's: the host kernels run on cpu/wasm, these on
 * webgpu, and a caller takes the fused path if either is active.
 *
 * Nothing here imports tfjs-backend-webgpu (the app loads it only when asked
 * for): the program object follows its WebGPUProgram interface by shape.
 */
let enabled = true;

/** Whether the active backend is webgpu and our WGSL kernels are switched on. */
export function webgpuKernelsActive(): boolean {
  return enabled && tf.getBackend() === 'webgpu';
}

/** Turn the WGSL kernels off (or back on): tests and the bench compare them with the plain path. */
export function setWebgpuKernelsEnabled(on: boolean): void {
  enabled = on;
}

/** The part of tfjs-backend-webgpu's WebGPUProgram our programs fill in (webgpu_program.d.ts). */
export interface WgslProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  /** Extra uniform fields, WGSL struct syntax ("lr : f32, n : i32,"), filled in this order. */
  uniforms?: string;
  getUserCode(): string;
}

export type UniformValue = { type: 'float32' | 'int32'; data: number[] };

/** What a kernel needs of tfjs-backend-webgpu's WebGPUBackend. */
export interface WebgpuBackendLike {
  runWebGPUProgram(program: WgslProgram, inputs: tf.TensorInfo[], outputDtype: tf.DataType, uniforms?: UniformValue[]): tf.TensorInfo;
  disposeData(dataId: tf.DataId): boolean;
}

/** tfjs's own webgpu kernel `name`, called directly from inside another kernel (no tape, no engine bookkeeping). */
export function webgpuKernel(name: string): (args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => tf.TensorInfo {
  const config = tf.getKernel(name, 'webgpu');
  if (!config) throw new Error(`tfjs-backend-webgpu has no ${name} kernel`);
  return config.kernelFunc as never;
}

/** What tfjs hands a kernel function. */
export type KernelArgs = Parameters<tf.KernelConfig['kernelFunc']>[0];

/** A kernel's inputs in the order they were given (tfjs passes them keyed "0", "1", …). */
export function ordered(inputs: tf.NamedTensorInfoMap): tf.TensorInfo[] {
  return Object.keys(inputs)
    .sort((x, y) => Number(x) - Number(y))
    .map((k) => inputs[k] as tf.TensorInfo);
}

/**
 * WGSL: after a barrier, sum each of the first `count` rows of the workgroup
 * array `partial` across the workgroup's `lanes` invocations (`lane` is the
 * invocation's index) into lane 0, halving the stride each round. A
 * per-parameter sum over the batch: WGSL has no float atomics. Every
 * invocation must reach it, as it holds barriers.
 */
export function wgslWorkgroupSum(lanes: number, count: number | string): string {
  return `workgroupBarrier();
  for (var stride = ${lanes / 2}u; stride > 0u; stride = stride / 2u) {
    if (lane < stride) {
      for (var k = 0; k < ${count}; k++) { partial[k][lane] += partial[k][lane + stride]; }
    }
    workgroupBarrier();
  }`;
}
