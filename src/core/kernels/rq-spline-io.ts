import type { TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Reading float32 inputs and writing float32 outputs of a JS-loop kernel on
 * the two backends whose tensors live in CPU memory. Each returns views, not
 * copies: the kernel reads its inputs and fills its outputs in place.
 *
 * Only the members used are typed here (structurally), so the core does not
 * import either backend package: the worker loads just the one it runs on.
 */
interface CpuBackend {
  data: { get(dataId: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

interface WasmBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

export type HostBackendName = 'cpu' | 'wasm';

/**
 * Run `compute(inputs, outputs)` with the inputs' values and fresh output
 * arrays of the given shapes, and return the outputs as tensor infos.
 */
export function runOnHost(
  backendName: HostBackendName,
  backend: unknown,
  inputs: TensorInfo[],
  outputShapes: number[][],
  compute: (inputs: Float32Array[], outputs: Float32Array[]) => void,
): TensorInfo[] {
  for (const t of inputs) if (t.dtype !== 'float32') throw new Error(`spline kernel needs float32 inputs, got ${t.dtype}`);
  if (backendName === 'cpu') {
    const cpu = backend as unknown as CpuBackend;
    const ins = inputs.map((t) => cpu.data.get(t.dataId).values as Float32Array);
    const outs = outputShapes.map((shape) => new Float32Array(shape.reduce((a, b) => a * b, 1)));
    compute(ins, outs);
    return outs.map((values, i) => cpu.makeTensorInfo(outputShapes[i], 'float32', values));
  }
  const wasm = backend as unknown as WasmBackend;
  // Allocate every output before taking any view: a malloc may grow the wasm
  // heap, which detaches views of the old buffer.
  const infos = outputShapes.map((shape) => wasm.makeOutput(shape, 'float32'));
  const ins = inputs.map((t) => wasm.typedArrayFromHeap(t));
  compute(ins, infos.map((t) => wasm.typedArrayFromHeap(t)));
  return infos;
}
