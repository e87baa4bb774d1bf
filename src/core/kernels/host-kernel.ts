import * as tf from '@tensorflow/tfjs-core';

/**
 * Custom tfjs kernels whose arithmetic runs on the host (JavaScript or our own
 * WebAssembly module) over plain Float32Arrays, registered for the two
 * backends whose tensors live in host memory: `cpu` (a JS array per tensor)
 * and `wasm` (a view into tfjs-wasm's heap). One kernel then replaces dozens of
 * tiny tfjs ops, each of which costs far more in bookkeeping than in arithmetic.
 * GPU backends keep the plain tfjs path: `hostKernelsActive` is the one place
 * that decides.
 */
export const HOST_BACKENDS = ['cpu', 'wasm'] as const;

let enabled = true;

/** Whether the active backend runs host kernels (else callers take the plain tfjs path). */
export function hostKernelsActive(): boolean {
  return enabled && (HOST_BACKENDS as readonly string[]).includes(tf.getBackend());
}

/**
 * Whether a gradient tape is recording. The fused network kernels (MLP, affine
 * coupling) pay off in training, where they replace hundreds of recorded ops;
 * they also hand back every hidden layer for the backward pass. A forward-only
 * pass over many rows (a density grid, an evaluation) has nothing to record and
 * runs faster on tfjs's own matMul, so those callers take the plain path then.
 */
export function recordingGradients(): boolean {
  return (tf.engine() as unknown as { isTapeOn(): boolean }).isTapeOn();
}

/** Turn host kernels off (or back on) everywhere: tests and benchmarks compare them with the plain path. */
export function setHostKernelsEnabled(on: boolean): void {
  enabled = on;
}

export interface HostOutput {
  shape: number[];
  /** Handed over to the backend (cpu keeps it, wasm copies it): do not reuse it. Unless `borrowed`. */
  values: Float32Array;
  /**
   * `values` is a view the kernel does not own (SIMD memory, reused by the
   * next call): both backends copy it. Saves wasm a copy and a garbage array.
   */
  borrowed?: boolean;
}

/** Float32 inputs as arrays (read-only views: never write into them) with their shapes, attrs as given; float32 outputs. */
export type HostKernel = (inputs: Float32Array[], attrs: tf.NamedAttrMap, shapes: number[][]) => HostOutput[];

interface HostBackend {
  readSync(dataId: tf.DataId): unknown;
  typedArrayFromHeap?(info: tf.TensorInfo): Float32Array;
  makeTensorInfo?(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
  makeOutput?(shape: number[], dtype: tf.DataType, offset?: number, values?: Float32Array): tf.TensorInfo;
}

const registered = new Set<string>();

/** Register `kernel` under `name` on cpu and wasm (once; later calls are no-ops). */
export function registerHostKernel(name: string, kernel: HostKernel): void {
  if (registered.has(name)) return;
  registered.add(name);
  for (const backendName of HOST_BACKENDS) {
    tf.registerKernel({
      kernelName: name,
      backendName,
      kernelFunc: ({ inputs, attrs, backend }) => {
        const host = backend as unknown as HostBackend;
        const infos = Object.keys(inputs)
          .sort((a, b) => Number(a) - Number(b))
          .map((k) => inputs[k] as tf.TensorInfo);
        for (const info of infos) if (info.dtype !== 'float32') throw new Error(`${name}: input of type ${info.dtype}, expected float32`);
        // wasm: a view into its heap, valid until the heap next grows (the outputs are made after the kernel ran).
        const arrays = infos.map((info) => (backendName === 'wasm' ? host.typedArrayFromHeap!(info) : (host.readSync(info.dataId) as Float32Array)));
        const outputs = kernel(arrays, attrs ?? {}, infos.map((info) => info.shape));
        // (cpu has a makeOutput too, with another signature: tell them apart by name.)
        const made = outputs.map((o) =>
          backendName === 'wasm'
            ? host.makeOutput!(o.shape, 'float32', undefined, o.values)
            : host.makeTensorInfo!(o.shape, 'float32', o.borrowed ? o.values.slice() : o.values),
        );
        return made.length === 1 ? made[0] : made;
      },
    });
  }
}

/** Run a registered host kernel on tensors (inputs keyed by position). */
export function runHostKernel(name: string, inputs: readonly tf.Tensor[], attrs: tf.NamedAttrMap = {}): tf.Tensor[] {
  const named: tf.NamedTensorMap = {};
  inputs.forEach((t, i) => (named[String(i)] = t));
  const out = tf.engine().runKernel(name, named as unknown as tf.NamedTensorMap, attrs) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out : [out];
}
