import * as tf from '@tensorflow/tfjs-core';
import { MIN_LOG_SCALE, type Bijector, type BijectorResult } from './bijector';
import type { Rng } from '../util/rng';
import { luLinearOnWebgpu } from '../kernels/lu-linear-webgpu';
import { webgpuKernelsActive } from '../kernels/webgpu-kernel';
import type { HostLayerSpec } from '../kernels/flow-loss-kernel';

/**
 * Glow's invertible 1×1 convolution on a 1-pixel, 2-channel image: an
 * invertible 2×2 matrix in LU form, y = x·Wᵀ for row vectors, with
 *   W = P·L·U,  L = [[1, 0], [l, 1]],  U = D·V,  V = [[1, v], [0, 1]],
 *   D = diag(sign·exp(logAbsDiag)).
 * U = D·V is upper triangular with diagonal sign·exp(logAbsDiag) and one free
 * upper entry (U₀₁ = D₀₀·v). P and the signs are fixed at initialisation.
 * Why v rather than U₀₁ itself: U⁻¹ = V⁻¹·D⁻¹ then needs no product of
 * parameters (a free U₀₁ puts −U₀₁/(U₀₀U₁₁) in U⁻¹), so every factor of both
 * W and W⁻¹ is affine in [l, v] and is placed by one matMul + add.
 * log|det W| = Σ logAbsDiag; tfjs has no det or matrix inverse, and needs
 * neither: W⁻¹ = V⁻¹·D⁻¹·L⁻¹·Pᵀ with each factor inverted in closed form.
 */
export interface LuLinearOptions {
  rng: Rng;
}

/** Row-major 2×2 matrix [m00, m01, m10, m11] in plain JS. */
type Mat2 = readonly [number, number, number, number];

/**
 * The two factors the data meets, as tensors affine in the variable [l, v]:
 * factors = reshape([l, v]·weights + offsets) → [first, second], [2, 2] each.
 */
interface FactorLayout {
  weights: tf.Tensor2D;
  offsets: tf.Tensor1D;
  /** [alongL | alongV | offsets], one tensor: the WGSL kernel's binding budget (kernels/lu-linear-webgpu.ts). */
  packed: tf.Tensor1D;
  /** The same numbers as plain JS, [weights row l, weights row v, offsets], for the host kernel. */
  host: readonly number[];
}

export class LuLinear implements Bijector {
  readonly kind = 'lu-linear' as const;
  readonly variables: readonly tf.Variable[];
  /** [1, 2] holding [l, v]: the free entries of L and V, in one variable so one op places both. */
  private readonly offDiagonal: tf.Variable<tf.Rank.R2>;
  /** [2, 1]: a column, so that multiplying a 2×2 factor by exp(logAbsDiag) scales its rows. */
  private readonly logAbsDiag: tf.Variable<tf.Rank.R2>;
  private readonly forwardLayout: FactorLayout;
  private readonly inverseLayout: FactorLayout;

  constructor(opts: LuLinearOptions) {
    // A random rotation: volume-preserving, so a fresh layer mixes the two
    // coordinates without changing the density's scale.
    const angle = 2 * Math.PI * opts.rng.uniform();
    const { swap, l, diag, upper } = luDecompose([Math.cos(angle), -Math.sin(angle), Math.sin(angle), Math.cos(angle)]);
    const signs: [number, number] = [Math.sign(diag[0]), Math.sign(diag[1])];
    const v = upper / diag[0];
    const p: Mat2 = swap ? [0, 1, 1, 0] : [1, 0, 0, 1];
    const s: Mat2 = [signs[0], 0, 0, signs[1]];
    // Forward: Wᵀ = Vᵀ·E·(S·Lᵀ·Pᵀ), E = diag(exp(logAbsDiag)), S = diag(signs).
    const forwardFactors = (lv: number, vv: number): [Mat2, Mat2] => [
      [1, 0, vv, 1],
      mul2(mul2(s, [1, lv, 0, 1]), transpose2(p)),
    ];
    // Inverse: W⁻ᵀ = (P·L⁻ᵀ·S)·E⁻¹·V⁻ᵀ (S⁻¹ = S; unit-triangular inverses negate the entry).
    const inverseFactors = (lv: number, vv: number): [Mat2, Mat2] => [
      mul2(mul2(p, [1, -lv, 0, 1]), s),
      [1, 0, -vv, 1],
    ];
    [this.offDiagonal, this.logAbsDiag] = tf.tidy(() => [
      tf.variable(tf.tensor2d([[l, v]]), true),
      tf.variable(tf.tensor2d([[Math.log(Math.abs(diag[0]))], [Math.log(Math.abs(diag[1]))]]), true),
    ]);
    this.forwardLayout = layoutOf(forwardFactors);
    this.inverseLayout = layoutOf(inverseFactors);
    this.variables = [this.offDiagonal, this.logAbsDiag];
  }

  /** 11 kernels: 1 floors the log-diagonal, 8 for y (4 place the factors, 3 combine them, 1 applies), 2 for the log-det. */
  forward(z: tf.Tensor2D): BijectorResult {
    return this.apply(z, this.forwardLayout, 1);
  }

  /** 11 kernels, as forward. */
  inverse(x: tf.Tensor2D): BijectorResult {
    return this.apply(x, this.inverseLayout, -1);
  }

  /** The inverse (data→latent) matrix's layout, for the whole-flow loss kernel (kernels/flow-loss-kernel.ts). */
  hostLayer(): HostLayerSpec {
    return { kind: 'lu-linear', floor: MIN_LOG_SCALE, layout: this.inverseLayout.host };
  }

  dispose(): void {
    tf.dispose([this.offDiagonal, this.logAbsDiag, this.forwardLayout.weights, this.forwardLayout.offsets]);
    tf.dispose([this.inverseLayout.weights, this.inverseLayout.offsets, this.forwardLayout.packed, this.inverseLayout.packed]);
  }

  /**
   * y = x·(first·(E^direction·second)): the 2×2 matrix is assembled from tiny
   * tensors so the batch is touched by one matMul only.
   */
  private apply(input: tf.Tensor2D, layout: FactorLayout, direction: 1 | -1): BijectorResult {
    // webgpu: the matrix assembled and applied, and the log-det, in one dispatch.
    if (webgpuKernelsActive()) return tf.tidy(() => luLinearOnWebgpu(input, this.offDiagonal, this.logAbsDiag, layout.packed, direction));
    return tf.tidy(() => {
      // matMul + add, not tf.fused.matMul: the fused op costs 3 extra reshapes and a wrapper in tfjs 4.22.
      const placed = tf.add(tf.matMul(this.offDiagonal, layout.weights), layout.offsets);
      const [first, second] = tf.split(tf.reshape(placed, [4, 2]), 2, 0) as [tf.Tensor2D, tf.Tensor2D];
      // Floored: degenerate data drives it down without limit (see MIN_LOG_SCALE).
      const logAbsDiag = tf.maximum(this.logAbsDiag, MIN_LOG_SCALE);
      const scale = tf.exp(logAbsDiag);
      const scaled = direction === 1 ? tf.mul(second, scale) : tf.div(second, scale);
      const y = tf.matMul(input, tf.matMul(first, scaled)) as tf.Tensor2D;
      const logDetValue = tf.sum(logAbsDiag);
      // zeros ± scalar rather than broadcastTo: tfjs's Tile gradient loops over the batch.
      const zeros = tf.zeros([input.shape[0]]);
      const logDet = direction === 1 ? tf.add(zeros, logDetValue) : tf.sub(zeros, logDetValue);
      return { y, logDet: logDet as tf.Tensor1D };
    });
  }
}

/**
 * The factors are affine in (l, v), so the constant layout is read off the
 * plain-JS formula at (0, 0), (1, 0) and (0, 1): no hand-written index tables.
 */
function layoutOf(factors: (l: number, v: number) => [Mat2, Mat2]): FactorLayout {
  const flat = (l: number, v: number) => factors(l, v).flat();
  const offsets = flat(0, 0);
  const alongL = flat(1, 0).map((x, i) => x - offsets[i]);
  const alongV = flat(0, 1).map((x, i) => x - offsets[i]);
  return { weights: tf.tensor2d([alongL, alongV]), offsets: tf.tensor1d(offsets), packed: tf.tensor1d([...alongL, ...alongV, ...offsets]), host: [...alongL, ...alongV, ...offsets] };
}

/**
 * LU with partial pivoting of a 2×2 matrix A: A = P·L·U with P a row swap when
 * |A₁₀| > |A₀₀| (so |l| ≤ 1). Returns l = L₁₀, diag(U) and U₀₁.
 */
export function luDecompose(a: Mat2): { swap: boolean; l: number; diag: [number, number]; upper: number } {
  const swap = Math.abs(a[2]) > Math.abs(a[0]);
  const [r00, r01, r10, r11] = swap ? [a[2], a[3], a[0], a[1]] : a;
  if (r00 === 0) throw new Error('luDecompose: singular matrix');
  const l = r10 / r00;
  return { swap, l, diag: [r00, r11 - l * r01], upper: r01 };
}

function mul2(a: Mat2, b: Mat2): Mat2 {
  return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3]];
}

function transpose2(a: Mat2): Mat2 {
  return [a[0], a[2], a[1], a[3]];
}
