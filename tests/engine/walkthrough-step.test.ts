import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../src/engine/protocol';
import { Session } from '../../src/engine/session';
import { describeNextStep } from '../../src/engine/walkthrough-step';
import { runConfig } from './helpers/run-config';

const BASE = runConfig({ layers: 4, hidden: 16, batch: 64, seed: 3 });

/** The trainer's own report of the steps since its last read. */
async function reportedLoss(session: Session): Promise<number> {
  const status = await session.runs[0].trainer.read();
  return Object.values(status.losses)[0];
}

describe('the step walkthrough describes the step the trainer then takes', () => {
  it.each([
    ['RealNVP on moons', BASE],
    ['Glow at step 0 (actnorm initialised from the walkthrough’s batch)', { ...BASE, flow: 'glow', layers: 2 } as RunConfig],
    ['planar on rings', { ...BASE, flow: 'planar', layers: 6, dataset: 'rings' } as RunConfig],
    ['NICE with VAE and GAN training beside it', { ...BASE, flow: 'nice', vae: true, gan: true } as RunConfig],
  ])('%s: same batch, same loss as the step reports; the terms add up', async (_what, config) => {
    const session = new Session(config, 1);
    try {
      // A few steps first, so the weights are not the identity and the read-back is clean.
      for (let i = 0; i < 3 * session.runs.length; i++) session.stepLaggard();
      await reportedLoss(session);
      const frame = await describeNextStep(session);
      expect(frame.step).toBe(3);
      expect(frame.batchSize).toBe(64);
      expect(frame.layers).toBe(session.flow.layers.length);
      expect(frame.path.length).toBe(2 * 64 * (frame.layers + 1));
      expect(frame.loss).toBeCloseTo(-(frame.meanLogBase + frame.meanLogDet), 4);
      // The latent end of the path really is z: log N(z) of snapshot 0 is the reported mean.
      const z = frame.path.subarray(0, 128);
      let logBase = 0;
      for (let i = 0; i < 64; i++) logBase += -0.5 * (z[2 * i] ** 2 + z[2 * i + 1] ** 2) - Math.log(2 * Math.PI);
      expect(logBase / 64).toBeCloseTo(frame.meanLogBase, 3);

      const roundBefore = session.steps;
      while (session.steps === roundBefore) session.stepLaggard();
      expect(await reportedLoss(session)).toBeCloseTo(frame.loss, 5);

      const next = await describeNextStep(session);
      expect(next.after).not.toBeNull();
      expect(next.after!.before).toBe(frame.loss);
      expect(Number.isFinite(next.after!.after)).toBe(true);
      expect(next.after!.after).not.toBe(frame.loss);
    } finally {
      session.dispose();
    }
  });

  it('at step 0 of a Glow run: the described loss is that of the first step, actnorm included', async () => {
    const session = new Session({ ...BASE, flow: 'glow', layers: 2 }, 1);
    try {
      expect(session.flow.needsDataInit).toBe(true);
      const frame = await describeNextStep(session);
      session.stepLaggard();
      expect(await reportedLoss(session)).toBeCloseTo(frame.loss, 5);
    } finally {
      session.dispose();
    }
  });

  it('energy mode: base noise pushed forward; loss = mean[log N(z) − Σ log|det| + U], as the step reports', async () => {
    const session = new Session({ ...BASE, target: 'energy', energy: 'u2', flow: 'planar', layers: 4 }, 1);
    try {
      session.stepLaggard();
      await reportedLoss(session);
      const frame = await describeNextStep(session);
      expect(frame.target).toBe('energy');
      expect(frame.meanEnergy).not.toBeNull();
      expect(frame.loss).toBeCloseTo(frame.meanLogBase - frame.meanLogDet + frame.meanEnergy!, 4);
      session.stepLaggard();
      expect(await reportedLoss(session)).toBeCloseTo(frame.loss, 5);
    } finally {
      session.dispose();
    }
  });

  it('no tensors leak across describe + step cycles; no "after" unless exactly one step was taken', async () => {
    const session = new Session(BASE, 1);
    try {
      const first = await describeNextStep(session);
      expect(first.after).toBeNull();
      const again = await describeNextStep(session);
      expect(again.after, 'no step in between').toBeNull();
      expect(again.loss).toBe(first.loss);
      session.stepLaggard();
      await describeNextStep(session);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 4; i++) {
        session.stepLaggard();
        await describeNextStep(session);
      }
      await session.runs[0].trainer.read();
      await session.runs[0].trainer.read();
      expect(tf.memory().numTensors).toBe(before);
      session.stepLaggard();
      session.stepLaggard();
      expect((await describeNextStep(session)).after, 'two steps since').toBeNull();
    } finally {
      session.dispose();
    }
  });
});
