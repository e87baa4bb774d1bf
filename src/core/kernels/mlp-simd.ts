import { MLP_SIMD_WASM_BASE64 } from './mlp-simd-bytes';

/**
 * The MLP arithmetic compiled from assembly/mlp-simd.ts (WebAssembly SIMD), with
 * its own memory: callers copy inputs in, run the exported functions on byte
 * addresses, and copy results out. Instantiated synchronously on first use
 * (allowed in Node and in a Web Worker, where all tensors live) from bytes
 * bundled into the code, so nothing is fetched at run time.
 */
interface Exports {
  memory: WebAssembly.Memory;
  matmul(a: number, b: number, c: number, M: number, K: number, N: number, bias: number, hasBias: number): void;
  matmulTN(a: number, b: number, c: number, M: number, K: number, N: number): void;
  matmulNT(a: number, bt: number, c: number, M: number, K: number, N: number, bias: number, hasBias: number): void;
  activate(x: number, n: number, act: number): void;
  activationGrad(dh: number, y: number, n: number, act: number): void;
  columnSums(x: number, out: number, M: number, N: number): void;
  transpose(src: number, dst: number, R: number, C: number): void;
  finiteSquares(g: number, n: number): number;
  adamUpdate(g: number, m: number, v: number, theta: number, n: number, scale: number, c1: number, c2: number, step: number, eps: number): void;
}

/** Activation codes as the AssemblyScript source numbers them. */
export const ACTIVATION_CODES = { linear: 0, relu: 1, tanh: 2, elu: 3, leakyrelu: 4 } as const;

let instance: Exports | null = null;

function exportsOf(): Exports {
  if (instance) return instance;
  const text = atob(MLP_SIMD_WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  instance = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
  return instance;
}

const PAGE = 65536;

/**
 * A bump allocator over the module's memory, reset per kernel call: a call
 * lays out all its matrices, runs, and copies its results out before the next
 * call reuses the space. Addresses are 16-byte aligned for the SIMD loads.
 */
export class SimdArena {
  readonly fns: Exports;
  private top = 0;

  constructor() {
    this.fns = exportsOf();
  }

  /** Forget every earlier allocation. */
  reset(): this {
    this.top = 0;
    return this;
  }

  /** Room for n float32 values; returns the byte address. */
  alloc(n: number): number {
    const at = this.top;
    this.top += (n * 4 + 15) & ~15;
    const memory = this.fns.memory;
    if (this.top > memory.buffer.byteLength) memory.grow(Math.ceil((this.top - memory.buffer.byteLength) / PAGE));
    return at;
  }

  /** Allocate and copy `values` in. */
  put(values: Float32Array): number {
    const at = this.alloc(values.length);
    this.view(at, values.length).set(values);
    return at;
  }

  /** A view of n floats at `at` (valid until the memory next grows). */
  view(at: number, n: number): Float32Array {
    return new Float32Array(this.fns.memory.buffer, at, n);
  }

  /** n floats at `at` as a kernel output of `shape` (copied by host-kernel.ts, so no copy here). */
  output(shape: number[], at: number): { shape: number[]; values: Float32Array; borrowed: true } {
    return { shape, values: this.view(at, shape.reduce((a, b) => a * b, 1)), borrowed: true };
  }
}
