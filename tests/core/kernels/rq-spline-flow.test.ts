import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Chain } from '../../../src/core/bijectors/chain';
import { MaskedAutoregressive } from '../../../src/core/bijectors/masked-autoregressive';
import { RationalQuadraticSpline } from '../../../src/core/bijectors/transforms/rational-quadratic';
import { toySource } from '../../../src/core/data/source';
import { Flow } from '../../../src/core/flows/flow';
import { buildFlow, recipeFor } from '../../../src/core/flows/recipes';
import { createMade } from '../../../src/core/nn/made';
import { Trainer } from '../../../src/core/train/trainer';
import { createRng } from '../../../src/core/util/rng';
import { randomizeVariables, randomPoints } from '../helpers/randomize';
import { HOST_BACKENDS, onBackend, onPlainPath } from './helpers/backends';

/**
 * Whole flows on the spline kernel: the spline recipe (couplings + LU) and a
 * MAF whose transform is the spline give the same training loss and gradients
 * as on the plain tfjs path, and training with the kernel leaks no tensors.
 */

/**
 * The loss and the step's whole gradient (the flat vector the optimiser
 * gets) agree to 1e-5 relative, the gradient as ‖kernel − plain‖₂ / ‖plain‖₂;
 * each variable's own gradient to 1e-4, since a small one carries the plain
 * path's float32 noise (its spline gradients are up to ~1e-4 off the float64
 * values, the kernel's within 1e-5: see rq-spline-kernel.test.ts).
 */
const TOL = 1e-5;
const PER_VARIABLE_TOL = 1e-4;

const normRelative = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i])) / Math.hypot(...b);

/** A flow whose layers are not the identity: fresh layers start at θ = 0, which hides most of the spline. */
function splineFlow(seed: number): Flow {
  const flow = buildFlow(recipeFor('spline', { layers: 4, hidden: 32 }), seed);
  randomizeVariables(flow.variables, createRng(seed + 1), 0.3);
  return flow;
}

function splineMaf(seed: number): Flow {
  const rng = createRng(seed);
  const layers = [0, 1].map((k) => {
    const transform = new RationalQuadraticSpline();
    const made = createMade({ order: k === 0 ? [0, 1] : [1, 0], hidden: [32, 32], paramsPerDim: transform.paramsPerCoordinate, activation: 'relu', rng });
    return new MaskedAutoregressive({ side: 'maf', made, transform });
  });
  const flow = new Flow(new Chain(layers), recipeFor('maf', { layers: 2, hidden: 32 }), seed);
  randomizeVariables(flow.variables, createRng(seed + 1), 0.3);
  return flow;
}

/** One training step's loss and gradient per variable, on whichever path is active. */
function lossAndGradients(flow: Flow, batch: tf.Tensor2D): { loss: number; grads: number[][] } {
  const { value, grads } = tf.variableGrads(() => flow.objectives[0].loss(batch, 0), flow.variables as tf.Variable[]);
  const result = { loss: value.dataSync()[0], grads: flow.variables.map((v) => Array.from(grads[v.name].dataSync())) };
  tf.dispose([value, ...Object.values(grads)]);
  return result;
}

for (const backend of HOST_BACKENDS) {
  describe(`spline flows on the kernel, ${backend}`, () => {
    onBackend(backend);

    for (const [name, make] of [
      ['spline recipe', splineFlow],
      ['MAF with spline', splineMaf],
    ] as const) {
      it(`${name}: one step's loss and gradients equal the plain path's`, () => {
        const flow = make(3);
        // Spread wide enough that some points land in the identity tails.
        const batch = randomPoints(256, createRng(4), [2.5, 2.5]);
        const kernel = lossAndGradients(flow, batch);
        const plain = onPlainPath(() => lossAndGradients(flow, batch));
        expect(Math.abs(kernel.loss - plain.loss) / Math.abs(plain.loss), 'loss').toBeLessThan(TOL);
        expect(normRelative(kernel.grads.flat(), plain.grads.flat()), 'whole gradient').toBeLessThan(TOL);
        kernel.grads.forEach((g, i) => expect(normRelative(g, plain.grads[i]), `gradient of ${flow.variables[i].name}`).toBeLessThan(PER_VARIABLE_TOL));
        batch.dispose();
        flow.dispose();
      });
    }

    it('trains the spline recipe for 20 steps with tf.memory().numTensors flat', async () => {
      const flow = splineFlow(5);
      const trainer = new Trainer(flow, toySource('checkerboard', 0), { lr: 1e-3, batch: 128, seed: 0 });
      trainer.trainStep();
      await trainer.read();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 20; i++) trainer.trainStep();
      await trainer.read();
      expect(tf.memory().numTensors).toBe(before);
      trainer.dispose();
      flow.dispose();
    });
  });
}
