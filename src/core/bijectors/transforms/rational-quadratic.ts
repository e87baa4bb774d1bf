import * as tf from '@tensorflow/tfjs-core';
import { runSplineKernel, splineKernelActive } from '../../kernels/rq-spline-kernel';
import type { SplineSettings } from '../../kernels/rq-spline-math';
import type { ElementwiseTransform } from '../coupling';

/**
 * Monotone rational-quadratic spline (Durkan et al. 2019, "Neural Spline Flows",
 * eqs. 4–8), an element-wise transform y = τ(x; θ) with θ from a conditioner.
 *
 * On [−B, B] the map runs through K+1 knots (x⁽ᵏ⁾, y⁽ᵏ⁾) with positive
 * derivatives δ⁽ᵏ⁾ there; outside it is the identity. θ holds 3K − 1 numbers
 * per coordinate:
 *   widths  w = 2B·(m_w + (1 − K·m_w)·softmax(θ_w)),  heights likewise,
 *   inner derivatives δ⁽¹⁾…δ⁽ᴷ⁻¹⁾ = m_δ + softplus(θ_δ + c), c = softplus⁻¹(1 − m_δ),
 *   boundary derivatives δ⁽⁰⁾ = δ⁽ᴷ⁾ = 1, so the curve joins the identity tails
 *   with a continuous slope. The shift c makes θ = 0 the identity map (equal
 *   bins, all slopes 1), so a conditioner whose last layer starts at zero gives
 *   an identity layer.
 * In bin k, with s = h/w, ξ = (x − x⁽ᵏ⁾)/w ∈ [0, 1] and t = ξ(1 − ξ):
 *   y      = y⁽ᵏ⁾ + h·(s·ξ² + δ⁽ᵏ⁾·t) / D,     D = s + (δ⁽ᵏ⁺¹⁾ + δ⁽ᵏ⁾ − 2s)·t
 *   dy/dx  = s²·(δ⁽ᵏ⁺¹⁾ξ² + 2s·t + δ⁽ᵏ⁾(1 − ξ)²) / D²
 * The inverse solves the quadratic a·ξ² + b·ξ + c = 0 for ξ given y, with
 * Δ = y − y⁽ᵏ⁾ and Σ = δ⁽ᵏ⁺¹⁾ + δ⁽ᵏ⁾ − 2s:
 *   a = h(s − δ⁽ᵏ⁾) + ΔΣ,  b = h·δ⁽ᵏ⁾ − ΔΣ,  c = −s·Δ,
 *   ξ = 2c / (−b − √(b² − 4ac))
 * (the "citardauq" form: no cancellation when a → 0, which is where the
 * textbook (−b + √…)/2a divides 0 by 0). The inverse's log-derivative is minus
 * the forward one at the solved ξ, so both directions are exact.
 *
 * On cpu and wasm the whole map (and its gradient) runs as one custom kernel
 * (kernels/rq-spline-kernel.ts) with the same maths; the tfjs path below is
 * what other backends run, and the reference the kernel is tested against.
 *
 * Shapes: see forward (the coupling contract) and forwardPacked. Bins are found by
 * comparing against the knots and selected with a one-hot mask (multiply and
 * sum) rather than gather: that keeps every step a plain element-wise or
 * matMul kernel, and the mask needs no gradient.
 */
export interface RationalQuadraticOptions {
  bins?: number;
  /** B: the spline covers [−B, B]; identity outside. */
  bound?: number;
  minBinWidth?: number;
  minBinHeight?: number;
  minDerivative?: number;
}

export const DEFAULT_SPLINE_BINS = 8;
/**
 * B = 5: the smallest round bound that holds every toy density's points (the
 * largest |coordinate| in 200,000 draws of each is 4.7, pinwheel) and the
 * Gaussian side (P(|z| > 5) ≈ 6·10⁻⁷), so no layer wastes its bins on empty
 * space nor leaves data in the identity tails.
 */
export const DEFAULT_SPLINE_BOUND = 5;
const DEFAULT_MIN_BIN = 1e-3;
const DEFAULT_MIN_DERIVATIVE = 1e-3;

export interface TransformResult {
  y: tf.Tensor;
  logAbsDet: tf.Tensor;
}

/** Per-bin quantities on flattened coordinates: each [M, K]. */
interface Bins {
  xLeft: tf.Tensor2D;
  yLeft: tf.Tensor2D;
  widths: tf.Tensor2D;
  heights: tf.Tensor2D;
  dLeft: tf.Tensor2D;
  dRight: tf.Tensor2D;
}

/** Row-major constant matrices, built once per transform. */
function matrix(rows: number, cols: number, entry: (r: number, c: number) => number): tf.Tensor2D {
  return tf.tensor2d(Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => entry(r, c))));
}

export class RationalQuadraticSpline implements ElementwiseTransform {
  readonly couplingKind = 'spline-coupling' as const;
  readonly bins: number;
  readonly bound: number;
  readonly paramsPerCoordinate: number;
  private readonly minBinWidth: number;
  private readonly minBinHeight: number;
  private readonly minDerivative: number;
  private readonly derivativeShift: number;
  private readonly settings: SplineSettings;
  // Constants kept for the life of the transform; see dispose().
  /** [K, K]: w·T gives each bin's left edge offset Σ_{i<k} w_i (strictly upper triangular). */
  private readonly cumulative: tf.Tensor2D;
  /** [K, K]: ge·F gives ge_k − ge_{k+1}, the one-hot bin from "input ≥ left edge". */
  private readonly firstDifference: tf.Tensor2D;
  /** [1, K] ones: v·1 repeats a column K times (a matMul: tfjs-wasm's broadcasting compare is ~20× slower). */
  private readonly onesRow: tf.Tensor2D;
  /** [P, K], [P, K], [P, K−1]: θ·S picks the widths', heights' and slopes' columns (a matMul: tf.split is ~3× slower on tfjs-wasm). */
  private readonly pickWidths: tf.Tensor2D;
  private readonly pickHeights: tf.Tensor2D;
  private readonly pickSlopes: tf.Tensor2D;
  /** [K−1, K] and [1, K]: inner derivatives placed at the left (δ⁽ᵏ⁾) / right (δ⁽ᵏ⁺¹⁾) end of each bin, boundary 1 added. */
  private readonly toLeft: tf.Tensor2D;
  private readonly toRight: tf.Tensor2D;
  private readonly leftBoundary: tf.Tensor2D;
  private readonly rightBoundary: tf.Tensor2D;

  constructor(opts: RationalQuadraticOptions = {}) {
    const K = (this.bins = opts.bins ?? DEFAULT_SPLINE_BINS);
    this.bound = opts.bound ?? DEFAULT_SPLINE_BOUND;
    this.minBinWidth = opts.minBinWidth ?? DEFAULT_MIN_BIN;
    this.minBinHeight = opts.minBinHeight ?? DEFAULT_MIN_BIN;
    this.minDerivative = opts.minDerivative ?? DEFAULT_MIN_DERIVATIVE;
    if (!Number.isInteger(K) || K < 2) throw new Error(`spline bins must be a whole number ≥ 2, got ${K}`);
    if (!(this.bound > 0)) throw new Error(`spline bound must be positive, got ${this.bound}`);
    if (!(this.minBinWidth * K < 1 && this.minBinHeight * K < 1)) throw new Error('spline minimum bin size times bins must stay below 1');
    this.paramsPerCoordinate = 3 * K - 1;
    this.settings = { bins: K, bound: this.bound, minBinWidth: this.minBinWidth, minBinHeight: this.minBinHeight, minDerivative: this.minDerivative };
    // softplus(c) = 1 − m_δ, so θ_δ = 0 gives δ = 1.
    this.derivativeShift = Math.log(Math.expm1(1 - this.minDerivative));
    this.cumulative = matrix(K, K, (r, c) => (r < c ? 1 : 0));
    this.firstDifference = matrix(K, K, (r, c) => (r === c ? 1 : r === c + 1 ? -1 : 0));
    this.onesRow = matrix(1, K, () => 1);
    const P = this.paramsPerCoordinate;
    this.pickWidths = matrix(P, K, (r, c) => (r === c ? 1 : 0));
    this.pickHeights = matrix(P, K, (r, c) => (r === K + c ? 1 : 0));
    this.pickSlopes = matrix(P, K - 1, (r, c) => (r === 2 * K + c ? 1 : 0));
    this.toLeft = matrix(K - 1, K, (r, c) => (c === r + 1 ? 1 : 0));
    this.toRight = matrix(K - 1, K, (r, c) => (c === r ? 1 : 0));
    this.leftBoundary = matrix(1, K, (_, c) => (c === 0 ? 1 : 0));
    this.rightBoundary = matrix(1, K, (_, c) => (c === K - 1 ? 1 : 0));
  }

  /**
   * The ElementwiseTransform contract (coupling.ts): x is [batch, D] and θ is
   * 3K − 1 tensors shaped like x, parameter p of every coordinate in θ[p].
   */
  forward(x: tf.Tensor2D, theta: readonly tf.Tensor2D[]): { y: tf.Tensor2D; logAbsDet: tf.Tensor2D } {
    return tf.tidy(() => {
      const { y, logAbsDet } = this.forwardPacked(x, this.pack(theta));
      return { y: y as tf.Tensor2D, logAbsDet: logAbsDet as tf.Tensor2D };
    });
  }

  inverse(y: tf.Tensor2D, theta: readonly tf.Tensor2D[]): { x: tf.Tensor2D; logAbsDet: tf.Tensor2D } {
    return tf.tidy(() => {
      const { y: x, logAbsDet } = this.inversePacked(y, this.pack(theta));
      return { x: x as tf.Tensor2D, logAbsDet: logAbsDet as tf.Tensor2D };
    });
  }

  /** The knots per coordinate, [batch, D, K+1] each, from (−B, −B) to (B, B): for drawing. */
  knots(theta: readonly tf.Tensor2D[]): { xs: tf.Tensor; ys: tf.Tensor } {
    return tf.tidy(() => this.knotsPacked(this.pack(theta)));
  }

  /** Packed form: x any shape S, θ one tensor [...S, 3K − 1] (what a MADE conditioner outputs, reshaped). */
  forwardPacked(x: tf.Tensor, theta: tf.Tensor): TransformResult {
    return this.apply(x, theta, 1);
  }

  inversePacked(y: tf.Tensor, theta: tf.Tensor): TransformResult {
    return this.apply(y, theta, -1);
  }

  knotsPacked(theta: tf.Tensor): { xs: tf.Tensor; ys: tf.Tensor } {
    return tf.tidy(() => {
      const shape = theta.shape.slice(0, -1);
      const b = this.binsOf(tf.reshape(theta, [-1, this.paramsPerCoordinate]) as tf.Tensor2D);
      const close = (left: tf.Tensor2D) => tf.reshape(tf.concat([left, tf.fill([left.shape[0], 1], this.bound)], 1), [...shape, this.bins + 1]);
      return { xs: close(b.xLeft), ys: close(b.yLeft) };
    });
  }

  dispose(): void {
    tf.dispose([this.pickWidths, this.pickHeights, this.pickSlopes]);
    tf.dispose([this.cumulative, this.firstDifference, this.onesRow, this.toLeft, this.toRight, this.leftBoundary, this.rightBoundary]);
  }

  private pack(theta: readonly tf.Tensor2D[]): tf.Tensor3D {
    if (theta.length !== this.paramsPerCoordinate) throw new Error(`spline needs ${this.paramsPerCoordinate} parameter tensors, got ${theta.length}`);
    return tf.stack(theta as tf.Tensor2D[], 2) as tf.Tensor3D;
  }

  private apply(input: tf.Tensor, theta: tf.Tensor, direction: 1 | -1): TransformResult {
    const P = this.paramsPerCoordinate;
    if (theta.shape[theta.rank - 1] !== P || theta.size !== input.size * P) {
      throw new Error(`spline needs θ of shape [...${JSON.stringify(input.shape)}, ${P}], got ${JSON.stringify(theta.shape)}`);
    }
    if (splineKernelActive()) return runSplineKernel(input, theta, this.settings, direction === -1);
    return tf.tidy(() => {
      const B = this.bound;
      const flat = tf.reshape(input, [-1, 1]) as tf.Tensor2D;
      const b = this.binsOf(tf.reshape(theta, [-1, P]) as tf.Tensor2D);
      // Evaluate the spline at the input clamped to [−B, B] (always finite), then
      // let the tails through unchanged: identity, log-derivative 0.
      const clamped = tf.clipByValue(flat, -B, B) as tf.Tensor2D;
      const oneHot = this.binOf(clamped, direction === 1 ? b.xLeft : b.yLeft);
      const pick = (t: tf.Tensor2D) => tf.sum(tf.mul(oneHot, t), 1, true) as tf.Tensor2D;
      const [x0, y0, w, h, d0, d1] = [b.xLeft, b.yLeft, b.widths, b.heights, b.dLeft, b.dRight].map(pick);
      const s = tf.div(h, w);
      const slopeSum = tf.sub(tf.add(d0, d1), tf.mul(s, 2));
      let xi: tf.Tensor;
      let out: tf.Tensor;
      if (direction === 1) {
        xi = tf.clipByValue(tf.div(tf.sub(clamped, x0), w), 0, 1);
        const t = tf.mul(xi, tf.sub(1, xi));
        const denominator = tf.add(s, tf.mul(slopeSum, t));
        const numerator = tf.mul(h, tf.add(tf.mul(s, tf.square(xi)), tf.mul(d0, t)));
        out = tf.add(y0, tf.div(numerator, denominator));
      } else {
        const delta = tf.sub(clamped, y0);
        const a = tf.add(tf.mul(h, tf.sub(s, d0)), tf.mul(delta, slopeSum));
        const bq = tf.sub(tf.mul(h, d0), tf.mul(delta, slopeSum));
        const c = tf.neg(tf.mul(s, delta));
        // b² − 4ac > 0 for a monotone spline; relu only guards rounding.
        const root = tf.sqrt(tf.relu(tf.sub(tf.square(bq), tf.mul(4, tf.mul(a, c)))));
        xi = tf.clipByValue(tf.div(tf.mul(c, 2), tf.sub(tf.neg(bq), root)), 0, 1);
        out = tf.add(x0, tf.mul(xi, w));
      }
      const logDerivative = this.forwardLogDerivative(xi, s, d0, d1, slopeSum);
      const inside = tf.greaterEqual(B, tf.abs(flat));
      const y = tf.where(inside, out, flat);
      const signed = direction === 1 ? logDerivative : tf.neg(logDerivative);
      const logAbsDet = tf.where(inside, signed, tf.zerosLike(signed));
      return { y: tf.reshape(y, input.shape), logAbsDet: tf.reshape(logAbsDet, input.shape) };
    });
  }

  /** log dy/dx = 2 log s + log(δ⁽ᵏ⁺¹⁾ξ² + 2s·t + δ⁽ᵏ⁾(1 − ξ)²) − 2 log D. */
  private forwardLogDerivative(xi: tf.Tensor, s: tf.Tensor, d0: tf.Tensor, d1: tf.Tensor, slopeSum: tf.Tensor): tf.Tensor {
    const oneMinus = tf.sub(1, xi);
    const t = tf.mul(xi, oneMinus);
    const inner = tf.add(tf.add(tf.mul(d1, tf.square(xi)), tf.mul(tf.mul(s, 2), t)), tf.mul(d0, tf.square(oneMinus)));
    const denominator = tf.add(s, tf.mul(slopeSum, t));
    return tf.sub(tf.add(tf.mul(tf.log(s), 2), tf.log(inner)), tf.mul(tf.log(denominator), 2));
  }

  /** One-hot [M, K] of the bin holding each value: bins are closed on the left, the last one on both sides. */
  private binOf(values: tf.Tensor2D, leftEdges: tf.Tensor2D): tf.Tensor2D {
    const atOrPast = tf.cast(tf.greaterEqual(tf.matMul(values, this.onesRow), leftEdges), 'float32');
    return tf.matMul(atOrPast, this.firstDifference);
  }

  private binsOf(theta: tf.Tensor2D): Bins {
    const K = this.bins;
    const B = this.bound;
    const [rawWidths, rawHeights, rawDerivatives] = [this.pickWidths, this.pickHeights, this.pickSlopes].map((pick) => tf.matMul(theta, pick) as tf.Tensor2D);
    const sizes = (raw: tf.Tensor2D, minimum: number) => tf.mul(tf.add(tf.mul(tf.softmax(raw), 1 - K * minimum), minimum), 2 * B) as tf.Tensor2D;
    const widths = sizes(rawWidths, this.minBinWidth);
    const heights = sizes(rawHeights, this.minBinHeight);
    const inner = tf.add(tf.softplus(tf.add(rawDerivatives, this.derivativeShift)), this.minDerivative) as tf.Tensor2D;
    return {
      widths,
      heights,
      xLeft: tf.sub(tf.matMul(widths, this.cumulative), B) as tf.Tensor2D,
      yLeft: tf.sub(tf.matMul(heights, this.cumulative), B) as tf.Tensor2D,
      dLeft: tf.add(tf.matMul(inner, this.toLeft), this.leftBoundary) as tf.Tensor2D,
      dRight: tf.add(tf.matMul(inner, this.toRight), this.rightBoundary) as tf.Tensor2D,
    };
  }
}
