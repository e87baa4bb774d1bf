import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, type BackendName } from '../../../src/core/backend';
import { toySource } from '../../../src/core/data/source';
import { FLOW_TYPES, buildFlow, recipeFor, type FlowType } from '../../../src/core/flows/recipes';
import { setHostKernelsEnabled } from '../../../src/core/kernels/host-kernel';
import { Trainer } from '../../../src/core/train/trainer';
import { createRng } from '../../../src/core/util/rng';
import { randomPoints, randomizeVariables } from '../helpers/randomize';
import { expectSameAsPlain } from './helpers/same-as-plain';

const BATCH = 64;
const REL = 1e-5;

/** A small flow of `type` with random (non-identity) parameters; the same numbers for the same seed. */
function randomFlow(type: FlowType) {
  const flow = buildFlow(recipeFor(type, { layers: 3, hidden: 16, depth: 2 }), 3);
  randomizeVariables(flow.variables, createRng(11), 0.3);
  return flow;
}

/** The flow's loss and its gradient for every variable, on one path. */
function lossAndGrads(type: FlowType, host: boolean) {
  setHostKernelsEnabled(host);
  const flow = randomFlow(type);
  const out = tf.tidy(() => {
    const batch = randomPoints(BATCH, createRng(5), [1.5, 1]);
    flow.prepare?.(batch);
    const { value, grads } = tf.variableGrads(() => flow.objectives[0].loss(batch, 0), flow.variables as tf.Variable[]);
    return { loss: value.dataSync()[0], grads: flow.variables.map((v) => Array.from(grads[v.name].dataSync())) };
  });
  flow.dispose();
  return out;
}

/** Parameters after a few Trainer steps (the Adam update included), and live tensors across them. */
async function trainerSteps(type: FlowType, host: boolean) {
  setHostKernelsEnabled(host);
  const flow = randomFlow(type);
  const trainer = new Trainer(flow, toySource('moons', 0), { lr: 1e-3, batch: BATCH, seed: 0 });
  trainer.trainStep();
  await trainer.read();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) trainer.trainStep();
  const status = await trainer.read();
  const leaked = tf.memory().numTensors - before;
  const params = flow.variables.map((v) => Array.from(v.dataSync()));
  trainer.dispose();
  flow.dispose();
  return { loss: status.losses[Object.keys(status.losses)[0]], params, leaked };
}

describe.each(['wasm', 'cpu'] as BackendName[])('a training step on the host kernels matches the plain tfjs path on %s', (backend) => {
  beforeAll(() => chooseBackend([backend]));
  afterAll(() => chooseBackend(['wasm']));
  afterEach(() => setHostKernelsEnabled(true));

  for (const type of FLOW_TYPES) {
    it(`${type}: the same loss and gradients, the same parameters after Trainer steps, no tensors left behind`, async () => {
      const host = lossAndGrads(type, true);
      const plain = lossAndGrads(type, false);
      expect(Number.isFinite(plain.loss)).toBe(true);
      expect(Math.abs(host.loss - plain.loss)).toBeLessThanOrEqual(REL * Math.max(1, Math.abs(plain.loss)));
      expectSameAsPlain(host.grads, plain.grads, REL);

      const hostRun = await trainerSteps(type, true);
      const plainRun = await trainerSteps(type, false);
      expect(Math.abs(hostRun.loss - plainRun.loss)).toBeLessThanOrEqual(REL * Math.max(1, Math.abs(plainRun.loss)));
      expectSameAsPlain(hostRun.params, plainRun.params, REL);
      expect(hostRun.leaked).toBe(0);
    });
  }
});
