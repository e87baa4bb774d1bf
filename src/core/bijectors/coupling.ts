import * as tf from '@tensorflow/tfjs-core';
import type { Bijector, BijectorKind, BijectorResult } from './bijector';
import { affineCouplingOnHost } from '../kernels/affine-coupling-kernels';
import { supportedOnWebgpu } from '../kernels/affine-coupling-webgpu';
import { fusedNetworkKernelsActive } from '../kernels/fused-kernels';
import { webgpuKernelsActive } from '../kernels/webgpu-kernel';
import type { HostLayerSpec } from '../kernels/flow-loss-kernel';
import { constantLinear } from '../nn/fast-linear';
import type { Mlp } from '../nn/mlp';
import type { LogScaleBounds } from './transforms/affine';

/**
 * A per-coordinate bijection y = τ(x; θ), θ the conditioner's output for that
 * coordinate (after nflows/zuko): the part of a coupling that differs between
 * affine, additive and spline couplings. The wiring around it is `Coupling`.
 *
 * Shapes: `x` (or `y`) is [batch, D]; `theta` holds `paramsPerCoordinate`
 * tensors shaped like x, theta[p] being parameter p of every coordinate (not
 * one [batch, D, P] tensor: the affine map then needs no slicing; a map that
 * wants them stacked can tf.stack once). `logAbsDet` is shaped like x.
 *
 * Beyond a bijection: θ = 0 must be exactly the identity with log-derivative
 * 0, because the coupling gives its kept coordinate θ = 0 (see Coupling).
 */
export interface ElementwiseTransform {
  /** The coupling's kind when it uses this map (Layers strip, contract tests). */
  readonly couplingKind: BijectorKind;
  readonly paramsPerCoordinate: number;
  forward(x: tf.Tensor2D, theta: readonly tf.Tensor2D[]): { y: tf.Tensor2D; logAbsDet: tf.Tensor2D };
  /** The inverse map; logAbsDet is log|dτ⁻¹/dy|. */
  inverse(y: tf.Tensor2D, theta: readonly tf.Tensor2D[]): { x: tf.Tensor2D; logAbsDet: tf.Tensor2D };
  /** For drawing: the map's knots per coordinate (spline maps only). */
  knots?(theta: readonly tf.Tensor2D[]): { xs: tf.Tensor; ys: tf.Tensor };
  /**
   * Optional packed form, for maps with many parameters (the spline's 3K − 1):
   * x of any shape S with θ one tensor [...S, P]; `y` is the map's output
   * (τ⁻¹(y) for inversePacked). A coupling then runs the map on the moved
   * column only, with the network's [batch, P] output as θ: no P full-width
   * θ tensors to scatter and stack (stacking them cost ~10× the map itself on
   * tfjs-wasm), and the kept column passes through untouched.
   */
  forwardPacked?(x: tf.Tensor, theta: tf.Tensor): { y: tf.Tensor; logAbsDet: tf.Tensor };
  inversePacked?(y: tf.Tensor, theta: tf.Tensor): { y: tf.Tensor; logAbsDet: tf.Tensor };
  /** Frees the map's own constant tensors, if it has any (the spline's); its coupling calls it. */
  dispose?(): void;
}

export interface CouplingOptions {
  transformDim: 0 | 1;
  makeNet: (inputs: number, outputs: number) => Mlp;
  transform: ElementwiseTransform;
}

/**
 * A 2-D coupling layer: coordinate `transformDim` goes through the element-wise
 * `transform` with θ = net(x_kept); the other coordinate passes through and
 * conditions it; log|det| sums the transform's log-derivatives. The network's
 * last layer starts at zero (zeroLast), so a fresh coupling is the identity.
 *
 * No split or concat (on tfjs-wasm slicing a column out and gluing it back
 * costs far more than a [batch, 2]·[2, k] product): the kept column is
 * selected by a constant matMul, each network output is scattered onto the
 * moved column by another, and the kept column gets θ = 0, the identity.
 */
export class Coupling implements Bijector {
  readonly kind: BijectorKind;
  readonly variables: readonly tf.Variable[];
  readonly transformDim: 0 | 1;
  readonly transform: ElementwiseTransform;
  private readonly net: Mlp;
  private readonly selectKept: ReturnType<typeof constantLinear>;
  /** One per parameter: the network's column p onto the transformed coordinate. */
  private readonly scatter: ReturnType<typeof constantLinear>[];
  /** For packed maps: the moved column out, the kept column alone, and a [batch, 1] result placed back. */
  private readonly selectMoved: ReturnType<typeof constantLinear>;
  private readonly keepOnly: ReturnType<typeof constantLinear>;
  private readonly placeMoved: ReturnType<typeof constantLinear>;

  constructor(opts: CouplingOptions) {
    this.transformDim = opts.transformDim;
    this.transform = opts.transform;
    this.kind = opts.transform.couplingKind;
    const params = opts.transform.paramsPerCoordinate;
    this.net = opts.makeNet(1, params);
    this.variables = this.net.variables;
    const kept = 1 - this.transformDim;
    this.selectKept = constantLinear([[kept === 0 ? 1 : 0], [kept === 1 ? 1 : 0]]);
    const onto = (row: number) => Array.from({ length: params }, (_, r) => [0, 1].map((c) => (r === row && c === this.transformDim ? 1 : 0)));
    this.scatter = Array.from({ length: params }, (_, p) => constantLinear(onto(p)));
    const t = this.transformDim;
    this.selectMoved = constantLinear([[t === 0 ? 1 : 0], [t === 1 ? 1 : 0]]);
    this.keepOnly = constantLinear([0, 1].map((r) => [0, 1].map((c) => (r === c && c === kept ? 1 : 0))));
    this.placeMoved = constantLinear([[0, 1].map((c) => (c === t ? 1 : 0))]);
  }

  forward(z: tf.Tensor2D): BijectorResult {
    const fused = this.fusedAffine(z, 1);
    if (fused) return fused;
    if (this.transform.forwardPacked) return this.packed(z, this.transform.forwardPacked.bind(this.transform));
    return tf.tidy(() => {
      const { y, logAbsDet } = this.transform.forward(z, this.theta(z));
      return { y, logDet: tf.sum(logAbsDet, 1) as tf.Tensor1D };
    });
  }

  inverse(x: tf.Tensor2D): BijectorResult {
    const fused = this.fusedAffine(x, -1);
    if (fused) return fused;
    if (this.transform.inversePacked) return this.packed(x, this.transform.inversePacked.bind(this.transform));
    return tf.tidy(() => {
      const { x: z, logAbsDet } = this.transform.inverse(x, this.theta(x));
      return { y: z, logDet: tf.sum(logAbsDet, 1) as tf.Tensor1D };
    });
  }

  /**
   * cpu and wasm while training, and webgpu: an affine coupling on a plain MLP
   * runs as one kernel each way (kernels/affine-coupling-kernels.ts, WGSL in
   * affine-coupling-webgpu.ts), the same maths as below; null where that does
   * not apply (webgl, other maps, a forward-only pass on the host: see
   * fusedNetworkKernelsActive).
   */
  private fusedAffine(input: tf.Tensor2D, direction: 1 | -1): BijectorResult | null {
    const bounds = (this.transform as { logScaleBounds?: LogScaleBounds }).logScaleBounds;
    const dense = this.net.dense;
    if (this.kind !== 'affine-coupling' || bounds === undefined || !dense || !fusedNetworkKernelsActive()) return null;
    if (webgpuKernelsActive() && !supportedOnWebgpu(dense.weights.map((w) => w.shape))) return null;
    // In a tidy: the kernel's other outputs (hidden layers, θ, kept for the gradient) must not outlive the call.
    return tf.tidy(() => affineCouplingOnHost(input, { transformDim: this.transformDim, direction, logScaleBounds: bounds, ...dense }));
  }

  /** An affine or additive coupling on a plain MLP, for the whole-flow loss kernel (kernels/flow-loss-kernel.ts); else null. */
  hostLayer(): HostLayerSpec | null {
    const bounds = (this.transform as { logScaleBounds?: LogScaleBounds }).logScaleBounds;
    const dense = this.net.dense;
    if (!dense) return null;
    const wiring = { transformDim: this.transformDim, activation: dense.activation, depth: dense.weights.length };
    if (this.kind === 'additive-coupling') return { kind: 'additive-coupling', ...wiring };
    if (this.kind !== 'affine-coupling' || bounds === undefined) return null;
    return { kind: 'affine-coupling', logScaleBounds: bounds, ...wiring };
  }

  /**
   * The packed path: the map sees the moved column [batch, 1] and θ = the
   * network's output [batch, P]; the kept column is carried over by a
   * diagonal 0/1 matMul (x·1 + 0, exact) and the result placed beside it.
   */
  private packed(input: tf.Tensor2D, map: (x: tf.Tensor, theta: tf.Tensor) => { y: tf.Tensor; logAbsDet: tf.Tensor }): BijectorResult {
    return tf.tidy(() => {
      const params = this.net.apply(this.selectKept.apply(input));
      const { y, logAbsDet } = map(this.selectMoved.apply(input), params);
      const out = tf.add(this.keepOnly.apply(input), this.placeMoved.apply(y as tf.Tensor2D)) as tf.Tensor2D;
      return { y: out, logDet: tf.reshape(logAbsDet, [input.shape[0]]) as tf.Tensor1D };
    });
  }

  /** θ for every coordinate: the network's outputs on the transformed one, zeros on the kept one. */
  theta(input: tf.Tensor2D): tf.Tensor2D[] {
    const params = this.net.apply(this.selectKept.apply(input));
    return this.scatter.map((s) => s.apply(params));
  }

  dispose(): void {
    this.net.dispose();
    for (const m of [this.selectKept, ...this.scatter, this.selectMoved, this.keepOnly, this.placeMoved]) m.dispose();
    this.transform.dispose?.();
  }
}
