import * as tf from '@tensorflow/tfjs-core';
import type { Bijector, BijectorResult } from './bijector';
import { hostKernelsActive, recordingGradients } from '../kernels/host-kernel';
import type { HostLayerSpec } from '../kernels/flow-loss-kernel';
import { planarOnHost } from '../kernels/planar-kernels';
import { planarOnWebgpu, planarSolvedOnWebgpu } from '../kernels/planar-webgpu';
import { webgpuKernelsActive } from '../kernels/webgpu-kernel';
import type { Rng } from '../util/rng';

/**
 * Planar layer (Rezende & Mohamed 2015): f(v) = v + û·tanh(wᵀv + b).
 *
 * f has a closed form in one direction only. `analytic: 'inverse'` puts it on
 * the data→latent side (density training), `'forward'` on the latent→data side
 * (reverse-KL energy fitting); the other direction solves f(v) = y numerically.
 *
 * û = u + (m(wᵀu) − wᵀu)·w/‖w‖² with m(a) = −1 + softplus(a) gives wᵀû = m > −1,
 * so 1 + (1 − tanh²)·wᵀû > 0 and f is a bijection for every parameter value.
 */
export interface PlanarOptions {
  rng: Rng;
  analytic: 'inverse' | 'forward';
}

/**
 * Bracket halvings before the Newton polish. After K halvings the root is within
 * |m|·2⁻ᴷ; for m ≥ 0, |g''/g'| ≤ 2|tanh a| ≤ 2, so each Newton step squares that
 * error, and for −1 < m < 0 the bracket is already narrower than 2. Measured on
 * wasm: 16 halvings + 2 Newton steps round-trip as accurately as 30 halvings for
 * |m| up to ~2·10³ (beyond that f itself is too ill-conditioned to matter), at
 * 152 ops instead of ~250: per-op dispatch is what costs on wasm/cpu.
 */
const HALVINGS = 16;

/** softplus⁻¹(1): wᵀu at this value makes m = 0, i.e. a volume-preserving shear. */
const WU_FOR_ZERO_M = Math.log(Math.E - 1);
/** Size of the initial shear: each fresh layer moves points by ~0.1, so a deep stack starts near the identity. */
const INIT_SHEAR = 0.1;

/** Values derived from the variables that both directions need, [1,1] or [1,2]. */
interface Derived {
  uHat: tf.Tensor2D;
  /** wᵀû = m(wᵀu) ∈ (−1, ∞). */
  m: tf.Tensor2D;
  /** 1 + m = softplus(wᵀu) > 0. */
  onePlusM: tf.Tensor2D;
}

export class Planar implements Bijector {
  readonly kind = 'planar' as const;
  readonly variables: readonly tf.Variable[];
  readonly analytic: 'inverse' | 'forward';
  private readonly w: tf.Variable<tf.Rank.R2>;
  private readonly u: tf.Variable<tf.Rank.R2>;
  private readonly b: tf.Variable<tf.Rank.R1>;
  /** [K,1,1] of −2⁻⁽ᵏ⁺¹⁾: scaled by |m| they are the bisection steps (built once, not per call). */
  private readonly halvings: tf.Tensor3D;

  constructor(opts: PlanarOptions) {
    this.analytic = opts.analytic;
    // w: a unit vector at a random angle, so wᵀv spans tanh's curved region on
    // unit-scale data from the first step (a tiny w leaves tanh linear and the
    // gradients of u and w both small). u: the component along w that makes
    // m = 0 plus N(0, 0.1²) noise, so each fresh layer is a near-identity,
    // near-volume-preserving shear. Plain small N(0, σ²) for both would give
    // wᵀu ≈ 0, m ≈ −0.31, and a stack that squashes its input by ~0.69 per layer.
    const angle = 2 * Math.PI * opts.rng.uniform();
    const w = [Math.cos(angle), Math.sin(angle)];
    const u = w.map((wi) => WU_FOR_ZERO_M * wi + INIT_SHEAR * opts.rng.normal());
    const steps = Array.from({ length: HALVINGS }, (_, k) => -(2 ** -(k + 1)));
    [this.w, this.u, this.b, this.halvings] = tf.tidy(() => [
      tf.variable(tf.tensor2d([w], [1, 2]), true),
      tf.variable(tf.tensor2d([u], [1, 2]), true),
      tf.variable(tf.zeros([1]), true),
      tf.tensor3d(steps, [HALVINGS, 1, 1]),
    ]);
    this.variables = [this.w, this.u, this.b];
  }

  forward(z: tf.Tensor2D): BijectorResult {
    return this.analytic === 'forward' ? this.closedForm(z) : this.solved(z);
  }

  inverse(x: tf.Tensor2D): BijectorResult {
    return this.analytic === 'inverse' ? this.closedForm(x) : this.solved(x);
  }

  /** Density mode (closed form data→latent): a step of the whole-flow loss kernel (kernels/planar-host.ts). */
  hostLayer(): HostLayerSpec | null {
    return this.analytic === 'inverse' ? { kind: 'planar' } : null;
  }

  dispose(): void {
    this.w.dispose();
    this.u.dispose();
    this.b.dispose();
    this.halvings.dispose();
  }

  /** 8 ops. Recomputed per call: the variables change every training step. */
  private derived(): Derived {
    const wu = tf.matMul(this.u, this.w, false, true);
    const wSq = tf.matMul(this.w, this.w, false, true);
    const onePlusM = tf.softplus(wu) as tf.Tensor2D;
    const m = tf.sub<tf.Tensor2D>(onePlusM, 1);
    const coef = tf.div(tf.sub(m, wu), wSq);
    const uHat = tf.add<tf.Tensor2D>(this.u, tf.mul(coef, this.w));
    return { uHat, m, onePlusM };
  }

  /**
   * wᵀv + b for every row, [batch, 1]. matMul + add rather than tf.fused.matMul:
   * in tfjs 4.22 the fused op dispatches three reshapes and a custom-gradient
   * wrapper around its kernel, ~4× slower on wasm for these tiny shapes.
   */
  private preActivation(v: tf.Tensor2D): tf.Tensor2D {
    return tf.add<tf.Tensor2D>(tf.matMul(v, this.w, false, true), this.b);
  }

  /**
   * log(1 + (1 − t²)·m), written as log((1 + m) − m·t²) to reuse 1 + m; always
   * positive since m > −1. 5 ops, [batch].
   */
  private logDetAt(t: tf.Tensor2D, d: Derived): tf.Tensor1D {
    return tf.reshape(tf.log(tf.sub(d.onePlusM, tf.mul(d.m, tf.square(t)))), [-1]);
  }

  /** y = f(v) and log|det ∂f/∂v|: 8 + 10 = 18 ops. */
  private closedForm(v: tf.Tensor2D): BijectorResult {
    return tf.tidy(() => {
      // webgpu: the derived values and the batch part in one dispatch (kernels/planar-webgpu.ts).
      if (webgpuKernelsActive()) return planarOnWebgpu(v, { w: this.w, u: this.u, b: this.b });
      const d = this.derived();
      // cpu and wasm: the batch part as one kernel each way (kernels/planar-kernels.ts).
      if (hostKernelsActive()) return planarOnHost(v, { w: this.w, b: this.b, uHat: d.uHat, m: d.m, onePlusM: d.onePlusM });
      const t = tf.tanh(this.preActivation(v));
      const y = tf.add<tf.Tensor2D>(v, tf.mul(t, d.uHat));
      return { y, logDet: this.logDetAt(t, d) };
    });
  }

  /**
   * v = f⁻¹(y) and log|det ∂f⁻¹/∂y| = −log|det ∂f/∂v| at v: 40 + 7·HALVINGS = 152 ops.
   *
   * Dotting f(v) = y with w reduces it to the scalar equation
   *   g(a) = a + m·tanh(a) − c = 0,  a = wᵀv + b,  c = wᵀy + b,
   * monotone in a (g' = 1 + m(1 − tanh²a) > 0) with the root in [c − |m|, c + |m|]
   * because |tanh| < 1. Then v = y − û·tanh(a).
   */
  private solved(y: tf.Tensor2D): BijectorResult {
    return tf.tidy(() => {
      // webgpu without a tape (samples, the morph's frames): the whole solve in one dispatch (kernels/planar-webgpu.ts).
      if (webgpuKernelsActive() && !recordingGradients()) return planarSolvedOnWebgpu(y, { w: this.w, u: this.u, b: this.b }, HALVINGS);
      const d = this.derived();
      const c = this.preActivation(y);
      const newton = (a: tf.Tensor2D): tf.Tensor2D => {
        const t = tf.tanh(a);
        const g = tf.sub(tf.add(a, tf.mul(d.m, t)), c);
        const slope = tf.sub(d.onePlusM, tf.mul(d.m, tf.square(t)));
        return tf.sub<tf.Tensor2D>(a, tf.div(g, slope));
      };
      // Find the root off the tape, then take one Newton step on it: at a root,
      // a* = a₀ − g(a₀)/g'(a₀) has ∂a*/∂θ = −(∂g/∂θ)/g', the implicit-function
      // gradient, so training through this direction gets exact first-order
      // gradients without differentiating through the iterations.
      const a0 = withoutGradient(() => newton(this.bisect(c, d)));
      const t = tf.tanh(newton(a0));
      const v = tf.sub<tf.Tensor2D>(y, tf.mul(t, d.uHat));
      return { y: v, logDet: tf.neg(this.logDetAt(t, d)) };
    });
  }

  /** HALVINGS steps of a ← a − (|m|·2⁻⁽ᵏ⁺¹⁾)·sign g(a) from the bracket centre c: 3 + 7·HALVINGS ops. */
  private bisect(c: tf.Tensor2D, d: Derived): tf.Tensor2D {
    // One unstack yields every step size; slicing them one by one would cost an op each.
    const steps = tf.unstack(tf.mul(tf.abs(d.m), this.halvings)) as tf.Tensor2D[];
    let a = c;
    for (const step of steps) {
      const g = tf.sub(tf.add(a, tf.mul(d.m, tf.tanh(a))), c);
      a = tf.add<tf.Tensor2D>(a, tf.mul(tf.sign(g), step));
    }
    return a;
  }
}

/**
 * tfjs has no stopGradient. Ops run inside a custom-gradient forward function
 * are not recorded on the tape, and with no inputs the result has no path back
 * to any variable: its gradient is zero, at no cost in the backward pass.
 */
function withoutGradient<T extends tf.Tensor>(compute: () => T): T {
  return tf.customGrad(() => ({ value: compute(), gradFunc: () => [] }))() as T;
}
