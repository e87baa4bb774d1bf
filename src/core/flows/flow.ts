import * as tf from '@tensorflow/tfjs-core';
import { isDataInitializable } from '../bijectors/bijector';
import type { Chain } from '../bijectors/chain';
import { logProbOnWebgpu } from '../kernels/density-webgpu';
import { flowLossOnHost } from '../kernels/flow-loss-kernel';
import { flowLossOnWebgpu } from '../kernels/flow-loss-webgpu';
import { planarFlowLossOnWebgpu } from '../kernels/planar-stack-webgpu';
import { onRows } from '../metrics/evaluate';
import type { DensityModel, Objective, Scorer } from '../models/density-model';
import { standardNormalLogProb } from './gaussian';
import type { FlowRecipe } from './recipes';

/**
 * A normalizing flow: a standard normal base pushed through a chain of
 * bijectors. Its log-likelihood is exact:
 *   log p(x) = log N(z; 0, I) + Σ log|det ∂z/∂x|,  z = chain.inverse(x).
 */
export class Flow implements DensityModel {
  readonly family = 'flow' as const;
  readonly kind = 'exact' as const;
  readonly objectives: readonly Objective[];
  readonly variables: readonly tf.Variable[];

  constructor(
    readonly chain: Chain,
    readonly recipe: FlowRecipe,
    /** The seed buildFlow used: saved with the weights (see model-file.ts). */
    readonly initSeed: number,
  ) {
    this.variables = chain.variables;
    this.objectives = [
      {
        name: 'nll',
        variables: this.variables,
        loss: (batch) => tf.neg(tf.mean(this.logProb(batch))) as tf.Scalar,
        // The host kernel on cpu/wasm; on webgpu the couplings-actnorm-LU kernel, else the planar stack's; null: the tape.
        lossAndGradient: (batch) =>
          flowLossOnHost(this.chain.layers, batch) ?? flowLossOnWebgpu(this.chain.layers, batch) ?? planarFlowLossOnWebgpu(this.chain.layers, batch),
      },
    ];
  }

  get layers() {
    return this.chain.layers;
  }

  logProb(x: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      // webgpu without a tape (the density grid): runs of cheap layers fused, few dispatches (kernels/density-webgpu.ts).
      const fused = logProbOnWebgpu(this.chain.layers, x);
      if (fused) return fused;
      const { y: z, logDet } = this.chain.inverse(x);
      return tf.add(standardNormalLogProb(z), logDet) as tf.Tensor1D;
    });
  }

  /** Push base samples forward and return them with their exact log q(x) (for reverse KL). */
  forwardWithLogProb(z: tf.Tensor2D): { x: tf.Tensor2D; logProb: tf.Tensor1D } {
    return tf.tidy(() => {
      const { y: x, logDet } = this.chain.forward(z);
      return { x, logProb: tf.sub(standardNormalLogProb(z), logDet) as tf.Tensor1D };
    });
  }

  /** Exact log p for the figure and the density map alike; no constants. */
  async scorer(): Promise<Scorer> {
    const logLik = onRows((x) => this.logProb(x));
    return { figures: [{ id: 'nll', label: 'NLL', kind: 'exact', logLik, chunk: 1024 }], density: { method: 'exact', logLik, chunk: 1024 } };
  }

  sample(n: number, seed: number): tf.Tensor2D {
    return tf.tidy(() => this.chain.forward(tf.randomNormal([n, 2], 0, 1, 'float32', seed)).y);
  }

  /** Points after every layer, from the Gaussian (index 0) to the model (index K). */
  forwardTrace(z: tf.Tensor2D): tf.Tensor2D[] {
    return this.chain.forwardTrace(z);
  }

  /**
   * Data-dependent initialisation (actnorm): walk a data batch through the chain
   * in the data→latent direction, initialising each layer on what reaches it.
   */
  initializeFromData(x: tf.Tensor2D): void {
    tf.tidy(() => {
      let y = x;
      for (let i = this.chain.layers.length - 1; i >= 0; i--) {
        const layer = this.chain.layers[i];
        if (isDataInitializable(layer) && !layer.initialized) layer.initialize(y);
        y = layer.inverse(y).y;
      }
    });
  }

  prepare(batch: tf.Tensor2D): void {
    if (this.needsDataInit) this.initializeFromData(batch);
  }

  get needsDataInit(): boolean {
    return this.chain.layers.some((l) => isDataInitializable(l) && !l.initialized);
  }

  /** After loading weights, data-dependent layers must not re-initialise over them. */
  markInitialized(): void {
    for (const l of this.chain.layers) if (isDataInitializable(l)) l.markInitialized();
  }

  dispose(): void {
    this.chain.dispose();
  }
}
