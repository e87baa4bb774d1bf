import * as tf from '@tensorflow/tfjs-core';

/**
 * One WGSL compute dispatch with SEVERAL output tensors, recorded into
 * tfjs-backend-webgpu's own command stream. tfjs's program API
 * (runWebGPUProgram) gives a program one output buffer, so a kernel with k
 * results would pay k slice dispatches to hand them out; here every output is
 * its own storage binding. The shader is ours in full (bindings included):
 * binding 0 the uniform block `u` (whatever `uniforms` declares), then the
 * inputs read-only, then the outputs read-write, then any buffers written in
 * place, in order.
 *
 * A shader stage may count on 8 storage buffers only (tfjs requests no more),
 * so inputs + outputs ≤ 8: kernels pack what they must. The pipeline layout is
 * 'auto', which drops a binding the shader never reads: every shader must use
 * `u` and each of its buffers.
 *
 * This reaches into WebGPUBackend 4.22's recording (commandEncoder,
 * computePassEncoder, makeUniforms, the submit batching); the package is
 * pinned, and `assertBackendShape` fails loudly if those members move.
 */
export interface RawBackend {
  device: GPUDevice;
  commandEncoder: GPUCommandEncoder | null;
  computePassEncoder: GPUComputePassEncoder | null;
  dispatchCountInPass: number;
  commandQueueOwnedIds: WeakSet<object>;
  tensorMap: { get(dataId: tf.DataId): { resource: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  uploadToGPU(dataId: tf.DataId): void;
  tensorToBinding(info: tf.TensorInfo): GPUBufferBinding;
  makeUniforms(fields: { type: 'float32' | 'int32' | 'uint32'; data: number[] }[]): GPUBufferBinding;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  disposeData(dataId: tf.DataId): boolean;
}

export interface RawProgram {
  /** Cache key of the compiled pipeline: must change whenever `code` does. */
  key: string;
  /** The whole WGSL module; entry point `main`. */
  code: string;
  inputs: readonly tf.TensorInfo[];
  outputShapes: readonly number[][];
  /**
   * Existing float32 buffers the shader writes into in place (read-write,
   * bound after the outputs): a kernel that fills its own part of a buffer
   * shared by several dispatches (a layer's share of a flow's flat gradient).
   * The caller must own them outright (no other tensor shares their data).
   */
  inPlace?: readonly tf.TensorInfo[];
  /** Scalars of the uniform block, in the order its struct declares them (each f32 or i32, 4 bytes). */
  uniforms: { type: 'float32' | 'int32'; value: number }[];
  workgroups: [number, number, number];
}

export const MAX_STORAGE_BINDINGS = 8;

const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

/** Told each raw dispatch's program key (the bench's census names them by it); null for none. */
let rawDispatchObserver: ((key: string) => void) | null = null;
export function observeRawDispatches(observer: ((key: string) => void) | null): void {
  rawDispatchObserver = observer;
}

function assertBackendShape(b: RawBackend): void {
  for (const member of ['makeUniforms', 'uploadToGPU', 'tensorToBinding', 'ensureCommandEncoderReady', 'endComputePassEncoder', 'submitQueue'] as const) {
    if (typeof b[member] !== 'function') throw new Error(`tfjs-backend-webgpu has no ${member}: the raw dispatch needs its 4.22 internals`);
  }
  if (!b.device) throw new Error('tfjs-backend-webgpu backend has no device');
}

/** WGSL for the bindings: `struct U { … }`, then inputs `name : array<f32>` read-only and outputs read-write. */
export function bindingsWgsl(uniformStruct: string, inputs: readonly string[], outputs: readonly string[], inPlace: readonly string[] = []): string {
  const lines = [`struct U { ${uniformStruct} };`, '@group(0) @binding(0) var<uniform> u : U;'];
  inputs.forEach((name, i) => lines.push(`@group(0) @binding(${1 + i}) var<storage, read> ${name} : array<f32>;`));
  [...outputs, ...inPlace].forEach((name, i) => lines.push(`@group(0) @binding(${1 + inputs.length + i}) var<storage, read_write> ${name} : array<f32>;`));
  return lines.join('\n');
}

/** Record one dispatch of `program`; returns its outputs (float32 tensor infos owned by the caller). */
export function runRawProgram(backend: unknown, program: RawProgram): tf.TensorInfo[] {
  const b = backend as RawBackend;
  assertBackendShape(b);
  const inPlace = program.inPlace ?? [];
  const bindingCount = program.inputs.length + program.outputShapes.length + inPlace.length;
  if (bindingCount > MAX_STORAGE_BINDINGS) throw new Error(`${program.key}: ${bindingCount} storage bindings, at most ${MAX_STORAGE_BINDINGS}`);
  let cache = pipelines.get(b.device);
  if (!cache) pipelines.set(b.device, (cache = new Map()));
  let pipeline = cache.get(program.key);
  if (!pipeline) {
    pipeline = b.device.createComputePipeline({ layout: 'auto', compute: { module: b.device.createShaderModule({ code: program.code }), entryPoint: 'main' } });
    cache.set(program.key, pipeline);
  }
  const outputs = program.outputShapes.map((shape) => b.makeTensorInfo(shape, 'float32'));
  const bound = [...program.inputs, ...outputs, ...inPlace];
  for (const info of bound) {
    if (info.dtype !== 'float32') throw new Error(`${program.key}: a ${info.dtype} tensor, expected float32`);
    b.uploadToGPU(info.dataId);
  }
  // WGSL has no empty struct, and a uniform binding must not be empty: a pad field if none.
  const uniformFields = program.uniforms.length > 0 ? program.uniforms.map((f) => ({ type: f.type, data: [f.value] })) : [{ type: 'int32' as const, data: [0] }];
  const entries: GPUBindGroupEntry[] = [
    { binding: 0, resource: b.makeUniforms(uniformFields) },
    ...bound.map((info, i) => ({ binding: 1 + i, resource: b.tensorToBinding(info) })),
  ];
  // As runWebGPUProgram does: buffers the pending command stream uses are not released before it is submitted.
  for (const info of bound) b.commandQueueOwnedIds.add(info.dataId as object);
  const bindGroup = b.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  b.ensureCommandEncoderReady();
  if (!b.computePassEncoder) b.computePassEncoder = b.commandEncoder!.beginComputePass({});
  b.computePassEncoder.setPipeline(pipeline);
  b.computePassEncoder.setBindGroup(0, bindGroup);
  b.computePassEncoder.dispatchWorkgroups(...program.workgroups);
  rawDispatchObserver?.(program.key);
  b.dispatchCountInPass++;
  if (tf.env().get('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE') as number <= b.dispatchCountInPass) {
    b.endComputePassEncoder();
    b.submitQueue();
  }
  return outputs;
}
