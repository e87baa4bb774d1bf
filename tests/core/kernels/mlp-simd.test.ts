import { describe, expect, it } from 'vitest';
import { SimdArena } from '../../../src/core/kernels/mlp-simd';
import { createRng } from '../../../src/core/util/rng';

/**
 * The SIMD products against a plain triple loop in doubles, over shapes that
 * hit every part of each: the 4×8 blocks, leftover rows, leftover columns,
 * K not a multiple of 4, and the 1- and 2-wide edges of a coupling network.
 */
const SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 13, 17, 64];
const SHAPES = SIZES.flatMap((M) => [1, 2, 5, 8, 13, 64].flatMap((K) => [1, 2, 6, 8, 9, 19, 64].map((N) => [M, K, N] as const)));

function normals(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** C[i, j] = Σ_k A(i, k)·B(k, j) + bias[j], with element readers for any layout. */
function reference(M: number, K: number, N: number, a: (i: number, k: number) => number, b: (k: number, j: number) => number, bias?: Float32Array) {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = bias ? bias[j] : 0;
      for (let k = 0; k < K; k++) s += a(i, k) * b(k, j);
      c[i * N + j] = s;
    }
  return c;
}

function expectClose(got: Float32Array, want: Float64Array, K: number) {
  // Float32 sums of K products of unit normals: error grows like √K·ε.
  const tol = 1e-5 * Math.sqrt(K + 1) * 4;
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i]), `entry ${i}`).toBeLessThanOrEqual(tol);
}

describe('the SIMD products', () => {
  const mem = new SimdArena();

  it('matmul: C = A·B + bias, A [M,K], B [K,N]', () => {
    for (const [M, K, N] of SHAPES) {
      const A = normals(M * K, 1), B = normals(K * N, 2), bias = normals(N, 3);
      mem.reset();
      const a = mem.put(A), b = mem.put(B), bb = mem.put(bias), c = mem.alloc(M * N);
      mem.fns.matmul(a, b, c, M, K, N, bb, 1);
      expectClose(mem.view(c, M * N), reference(M, K, N, (i, k) => A[i * K + k], (k, j) => B[k * N + j], bias), K);
    }
  });

  it('matmulTN: C = Aᵀ·B with A stored [K,M] (the weight gradient prevᵀ·dz)', () => {
    for (const [M, K, N] of SHAPES) {
      const A = normals(K * M, 4), B = normals(K * N, 5);
      mem.reset();
      const a = mem.put(A), b = mem.put(B), c = mem.alloc(M * N);
      mem.fns.matmulTN(a, b, c, M, K, N);
      expectClose(mem.view(c, M * N), reference(M, K, N, (i, k) => A[k * M + i], (k, j) => B[k * N + j]), K);
    }
  });

  it('matmulNT: C = A·Btᵀ + bias with Bt stored [N,K] (narrow outputs, the input gradient)', () => {
    for (const [M, K, N] of SHAPES) {
      const A = normals(M * K, 6), Bt = normals(N * K, 7), bias = normals(N, 8);
      for (const hasBias of [0, 1]) {
        mem.reset();
        const a = mem.put(A), bt = mem.put(Bt), bb = mem.put(bias), c = mem.alloc(M * N);
        mem.fns.matmulNT(a, bt, c, M, K, N, bb, hasBias);
        expectClose(mem.view(c, M * N), reference(M, K, N, (i, k) => A[i * K + k], (k, j) => Bt[j * K + k], hasBias ? bias : undefined), K);
      }
    }
  });
});
