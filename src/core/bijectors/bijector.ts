import type * as tf from '@tensorflow/tfjs-core';
import type { LayerKind } from '../flows/registry';
import type { HostLayerSpec } from '../kernels/flow-loss-kernel';

/**
 * The one contract every bijector keeps (after distrax and zuko).
 *
 * Direction: `forward` maps latent z to data x (sampling); `inverse` maps data x
 * to latent z (density). Both return the image and log|det J| of *that* map per
 * sample, so inverse(forward(z)).y = z and the two log-dets sum to zero.
 * Points are rows of a [batch, 2] tensor; logDet has shape [batch].
 */
export interface BijectorResult {
  y: tf.Tensor2D;
  logDet: tf.Tensor1D;
}

export interface Bijector {
  /** Short kind name, shown in the layer strip and saved in model files. */
  readonly kind: BijectorKind;
  forward(z: tf.Tensor2D): BijectorResult;
  inverse(x: tf.Tensor2D): BijectorResult;
  /** Trainable variables in a stable order (model files store weights in this order). */
  readonly variables: readonly tf.Variable[];
  /**
   * The layer's data→latent step as the whole-flow loss kernel knows it
   * (kernels/flow-loss-kernel.ts), or null/absent: a flow trains through that
   * kernel only when every layer has one.
   */
  hostLayer?(): HostLayerSpec | null;
  dispose(): void;
}

/** A layer kind some flow type names in the registry (so the Layers strip can name it), or a chain. */
export type BijectorKind = LayerKind | 'chain';

/**
 * Bijectors whose parameters are set from data before training (actnorm).
 * `initialize` receives the points as they arrive at this layer in the data→latent
 * direction, i.e. the input of `inverse`.
 */
export interface DataInitializable {
  initialize(x: tf.Tensor2D): void;
  readonly initialized: boolean;
  /** Loading saved weights counts as initialised. */
  markInitialized(): void;
}

export function isDataInitializable(b: Bijector): b is Bijector & DataInitializable {
  return typeof (b as Partial<DataInitializable>).initialize === 'function';
}

/**
 * Floor on the unbounded log-scales (actnorm's, the LU diagonal's). On data with
 * no area (identical points) the NLL's gradient pushes them down at a constant
 * rate for ever: past ≈ −44 the squared scale in tfjs's division gradient
 * underflows float32 (0/0 = NaN), past ≈ −88 the scale itself. At −30 (a factor
 * of 10⁻¹³, far below the 10⁻⁷ relative resolution of float32 data) every value
 * and gradient stays finite; data with an area never gets near it. A hard floor
 * (one `maximum` kernel) rather than a soft one: a parameter pinned there is
 * already past anything that data could undo.
 */
export const MIN_LOG_SCALE = -30;
