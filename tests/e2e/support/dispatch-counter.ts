/**
 * Counts GPU compute dispatches by wrapping GPUComputePassEncoder's
 * dispatchWorkgroups in this realm: every tfjs-webgpu kernel, including our
 * own WGSL programs, reaches the GPU through it (recordAndSubmit records it
 * synchronously when the kernel runs), so the count between two points is the
 * number of GPU dispatches the code in between issued.
 */
let count = 0;
let installed = false;

export function installDispatchCounter(): void {
  if (installed) return;
  const proto = (globalThis as unknown as { GPUComputePassEncoder?: { prototype: { dispatchWorkgroups: (...a: number[]) => void } } }).GPUComputePassEncoder?.prototype;
  if (!proto) throw new Error('no GPUComputePassEncoder in this context: WebGPU is not exposed');
  const original = proto.dispatchWorkgroups;
  proto.dispatchWorkgroups = function (this: unknown, ...args: number[]) {
    count += 1;
    return original.apply(this, args);
  };
  installed = true;
}

export function dispatches(): number {
  return count;
}

/** Dispatches issued while `body` runs (synchronously). */
export function countDispatches<T>(body: () => T): { value: T; dispatches: number } {
  const before = count;
  const value = body();
  return { value, dispatches: count - before };
}
