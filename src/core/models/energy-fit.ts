import * as tf from '@tensorflow/tfjs-core';
import type { EnergyDef } from '../data/energies';
import { REVERSE_KL } from '../data/energy-catalog';
import type { Flow } from '../flows/flow';
import { onRows } from '../metrics/evaluate';
import type { DensityModel, Objective } from './density-model';

/**
 * A flow fitted to an unnormalised density p(x) ∝ exp(−U(x)) by reverse KL
 * (Rezende & Mohamed 2015): minimise
 *   L(q) = E_{z~N(0,I)}[ln q(x) + U(x)],  x = f(z),
 * which equals KL(q‖p) − ln Z, so its floor is −ln Z (reached iff q = p).
 *
 * The trainer is used unchanged: its "batch" is base noise z (see
 * data/base-noise.ts) and the loss pushes it through the flow. ln q(x) comes
 * from the same forward pass (change of variables), never from an inverse, so
 * energy-mode planar layers stay on their analytic side.
 */
export interface EnergyFit extends DensityModel {
  readonly flow: Flow;
  readonly energy: EnergyDef;
  /** −ln Z: the lowest value the reverse-KL loss can reach. Draw it as the chart's floor. */
  readonly floor: number;
}

export { REVERSE_KL };

/** Per base sample z: ln q(x) + U(x) at x = f(z); its mean is the reverse-KL loss. */
export function reverseKlTerms(flow: Flow, energy: EnergyDef, z: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const { x, logProb } = flow.forwardWithLogProb(z);
    // targetEnergy, not energy: for U2–U4 it adds the wall that confines the box support.
    return tf.add(logProb, energy.targetEnergy(x)) as tf.Tensor1D;
  });
}

/**
 * Wrap `flow` for reverse-KL fitting of `energy`. The fit owns the flow: its
 * dispose disposes the flow.
 *
 * The flow must be built with recipe mode 'energy': that is what puts planar
 * layers' closed form on the latent→data side this loss runs on (the other
 * direction is ~8× the ops per layer), and it records in saved model files what
 * the weights were trained for.
 *
 * Actnorm. Its data-dependent initialisation sets a layer to whiten the data
 * arriving at it, but here there is no data: the batches are base noise, and
 * samples of p are what we are trying to learn to draw. Initialising from the
 * noise would only fit an identity to sampling error. So actnorm layers are
 * marked initialised at their identity (a flow that starts as the identity
 * starts with q = the base, a fine start for the targets of the playground),
 * and the model has no `prepare`. Marking also stops any later caller of
 * flow.prepare from re-initialising them over trained weights.
 */
export function createEnergyFit(flow: Flow, energy: EnergyDef): EnergyFit {
  if (flow.recipe.mode !== 'energy') {
    throw new Error(`reverse-KL fitting needs a flow built with mode 'energy'; this ${flow.recipe.type} flow was built with mode '${flow.recipe.mode}'`);
  }
  flow.markInitialized();
  const objective: Objective = {
    name: REVERSE_KL,
    variables: flow.variables,
    // The loss draws no noise of its own: the batch is the noise.
    loss: (batch) => tf.mean(reverseKlTerms(flow, energy, batch)) as tf.Scalar,
  };
  return {
    family: 'flow',
    // The loss's expectation is an upper bound, KL(q‖p) − ln Z ≥ −ln Z, the
    // negative ELBO of the unnormalised target, just as a VAE's −ELBO bounds its
    // NLL. A batch figure is a Monte-Carlo estimate of that bound (ln q itself
    // is exact), so it can dip below the floor by sampling noise; its expected
    // value cannot. 'bound' says which side of the truth the number sits on.
    kind: 'bound',
    flow,
    energy,
    floor: -energy.logZ,
    objectives: [objective],
    variables: flow.variables,
    sample: (n, seed) => flow.sample(n, seed),
    // The figure is the loss over fixed base draws z (the "points" are z), negated into the evaluator's log-likelihood
    // convention; the density map is the flow's exact q.
    scorer: async () => ({
      figures: [{ id: REVERSE_KL, label: 'E_q[ln q + U]', kind: 'bound', logLik: onRows((z) => tf.neg(reverseKlTerms(flow, energy, z)) as tf.Tensor1D), chunk: 1024 }],
      density: (await flow.scorer()).density,
    }),
    dispose: () => flow.dispose(),
  };
}
