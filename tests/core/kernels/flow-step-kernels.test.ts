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

/**
 * How far the plain path's gradients on cpu and on wasm differ from each other
 * (largest relative error over the tensors): the plain path is a yardstick
 * only to the precision it agrees with itself. For most flows that is far
 * below REL; IAF-spline's D sequential inverse passes through float32 root
 * formulas put its two plain backends about 1.5e-5 apart.
 */
const plainSpread = new Map<FlowType, number>();
async function measurePlainSpread(type: FlowType): Promise<number> {
  const cached = plainSpread.get(type);
  if (cached !== undefined) return cached;
  const before = tf.getBackend() as BackendName;
  const onBackend = async (name: BackendName) => {
    await chooseBackend([name]);
    return lossAndGrads(type, false).grads;
  };
  const cpu = await onBackend('cpu');
  const wasm = await onBackend('wasm');
  await chooseBackend([before]);
  setHostKernelsEnabled(true);
  const spread = Math.max(...cpu.map((values, t) => {
    const scale = Math.max(1e-30, ...wasm[t].map(Math.abs));
    return Math.max(...values.map((v, i) => Math.abs(v - wasm[t][i]))) / scale;
  }));
  plainSpread.set(type, spread);
  return spread;
}

describe.each(['wasm', 'cpu'] as BackendName[])('a training step on the host kernels matches the plain tfjs path on %s', (backend) => {
  beforeAll(() => chooseBackend([backend]));
  afterAll(() => chooseBackend(['wasm']));
  afterEach(() => setHostKernelsEnabled(true));

  for (const type of FLOW_TYPES) {
    it(`${type}: the same loss and gradients, the same parameters after Trainer steps, no tensors left behind`, async () => {
      // REL, plus the plain path's own cpu-vs-wasm spread (the yardstick's error adds to the
      // kernel's); the spread itself must stay under 3·REL.
      const spread = await measurePlainSpread(type);
      expect(spread).toBeLessThan(3 * REL);
      const rel = REL + spread;
      const host = lossAndGrads(type, true);
      const plain = lossAndGrads(type, false);
      expect(Number.isFinite(plain.loss)).toBe(true);
      expect(Math.abs(host.loss - plain.loss)).toBeLessThanOrEqual(REL * Math.max(1, Math.abs(plain.loss)));
      expectSameAsPlain(host.grads, plain.grads, rel);

      const hostRun = await trainerSteps(type, true);
      const plainRun = await trainerSteps(type, false);
      expect(Math.abs(hostRun.loss - plainRun.loss)).toBeLessThanOrEqual(REL * Math.max(1, Math.abs(plainRun.loss)));
      expectSameAsPlain(hostRun.params, plainRun.params, rel);
      expect(hostRun.leaked).toBe(0);
    });
  }
});
