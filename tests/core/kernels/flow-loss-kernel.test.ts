import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, type BackendName } from '../../../src/core/backend';
import { FLOW_TYPES, buildFlow, recipeFor, type FlowType } from '../../../src/core/flows/recipes';
import { setHostKernelsEnabled } from '../../../src/core/kernels/host-kernel';
import { createRng } from '../../../src/core/util/rng';
import { randomPoints, randomizeVariables } from '../helpers/randomize';
import { expectSameAsPlain } from './helpers/same-as-plain';

/** The flow types whose every layer has a host form (affine and additive couplings, actnorm, LU, closed-form planar): the whole loss is one kernel. */
const FUSED: FlowType[] = ['realnvp', 'glow', 'planar', 'nice'];

/** A flow with random parameters (seeded), its actnorms initialised on the batch as the trainer does. */
function randomFlow(type: FlowType, batch: tf.Tensor2D, activation: 'relu' | 'tanh' = 'relu') {
  const flow = buildFlow(recipeFor(type, { layers: 3, hidden: 12, depth: 2, activation }), 3);
  flow.prepare(batch);
  randomizeVariables(flow.variables, createRng(11), 0.3);
  return flow;
}

/** Loss and per-variable gradients: the fused kernel's (split from its flat vector) and tfjs's taped ones. */
function fusedAndTaped(type: FlowType, rows: number, activation: 'relu' | 'tanh' = 'relu') {
  return tf.tidy(() => {
    const batch = randomPoints(rows, createRng(5), [1.5, 1], [0.3, -0.2]);
    const flow = randomFlow(type, batch, activation);
    const fused = flow.objectives[0].lossAndGradient!(batch, 0);
    expect(fused).not.toBeNull();
    const sizes = flow.variables.map((v) => v.size);
    const parts = tf.split(fused!.gradient, sizes);
    const host = { loss: fused!.loss.dataSync()[0], grads: parts.map((p) => Array.from(p.dataSync())) };
    setHostKernelsEnabled(false);
    const { value, grads } = tf.variableGrads(() => flow.objectives[0].loss(batch, 0), flow.variables as tf.Variable[]);
    const plain = { loss: value.dataSync()[0], grads: flow.variables.map((v) => Array.from(grads[v.name].dataSync())) };
    setHostKernelsEnabled(true);
    flow.dispose();
    return { host, plain };
  });
}

describe.each(['wasm', 'cpu'] as BackendName[])('the whole flow loss as one kernel on %s', (backend) => {
  beforeAll(() => chooseBackend([backend]));
  afterAll(() => chooseBackend(['wasm']));
  afterEach(() => setHostKernelsEnabled(true));

  for (const type of FUSED) {
    for (const [rows, activation] of [[64, 'relu'], [37, 'tanh']] as const) {
      it(`${type} (batch ${rows}, ${activation}): the same loss and gradient for every variable as tfjs's tape`, () => {
        const { host, plain } = fusedAndTaped(type, rows, activation);
        expect(Number.isFinite(plain.loss)).toBe(true);
        expect(Math.abs(host.loss - plain.loss)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(plain.loss)));
        const scales = expectSameAsPlain(host.grads, plain.grads);
        // Random parameters: every variable's gradient carries signal, so the comparison means something.
        for (const s of scales) expect(s).toBeGreaterThan(1e-4);
      });
    }
  }

  it('overflows where the taped path does: points too large for float32 training give a non-finite loss on both', () => {
    for (const type of FUSED) {
      const [fused, taped] = tf.tidy(() => {
        const batch = tf.mul(randomPoints(16, createRng(5)), 1e19) as tf.Tensor2D;
        const flow = buildFlow(recipeFor(type, { layers: 2, hidden: 8, depth: 1 }), 1);
        const fusedLoss = flow.objectives[0].lossAndGradient!(batch, 0)!.loss.dataSync()[0];
        setHostKernelsEnabled(false);
        const tapedLoss = flow.objectives[0].loss(batch, 0).dataSync()[0];
        setHostKernelsEnabled(true);
        flow.dispose();
        return [fusedLoss, tapedLoss];
      });
      expect(Number.isFinite(taped), type).toBe(false);
      expect(Number.isFinite(fused), type).toBe(false);
    }
  });

  it('leaves no tensors behind across calls', () => {
    const batch = randomPoints(64, createRng(5));
    const flow = randomFlow('glow', batch);
    const run = () => tf.tidy(() => void flow.objectives[0].lossAndGradient!(batch, 0));
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    flow.dispose();
    batch.dispose();
  });

  it('declines (null, so the trainer takes the tape) for other flow types and when host kernels are off', () => {
    const batch = randomPoints(16, createRng(5));
    for (const type of FLOW_TYPES) {
      const flow = buildFlow(recipeFor(type, { layers: 2, hidden: 8, depth: 1 }), 1);
      const fused = tf.tidy(() => {
        const result = flow.objectives[0].lossAndGradient?.(batch, 0);
        return result ? [result.loss, result.gradient] : [];
      });
      expect(fused.length > 0, type).toBe(FUSED.includes(type));
      tf.dispose(fused);
      setHostKernelsEnabled(false);
      expect(flow.objectives[0].lossAndGradient?.(batch, 0) ?? null, `${type}, host kernels off`).toBeNull();
      setHostKernelsEnabled(true);
      flow.dispose();
    }
    batch.dispose();
  });
});
