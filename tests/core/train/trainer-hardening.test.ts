import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toySource } from '../../../src/core/data/source';
import { ActNorm } from '../../../src/core/bijectors/actnorm';
import { buildFlow, recipeFor } from '../../../src/core/flows/recipes';
import { meanNll } from '../../../src/core/metrics/evaluate';
import { sampleData } from '../../../src/core/metrics/score';
import { Trainer } from '../../../src/core/train/trainer';

const SMALL = { layers: 2, hidden: 8 } as const;

/** The first batch is real data; every later one is NaN, so the run diverges before its first read. */
function poisonedAfterFirst(seed: number) {
  const toy = toySource('8gaussians', seed);
  let calls = 0;
  let first: Float32Array | null = null;
  return {
    get first() {
      return first!;
    },
    nextBatch(size: number) {
      calls++;
      if (calls === 1) return (first = toy.nextBatch(size));
      return new Float32Array(2 * size).fill(Number.NaN);
    },
  };
}

const actnormValues = async (flow: ReturnType<typeof buildFlow>) =>
  Promise.all(flow.layers.filter((l) => l instanceof ActNorm).flatMap((l) => l.variables.map(async (v) => Array.from(await v.data()))));

describe('trainer: rollback to step 0 keeps the data-dependent initialisation', () => {
  it.each(['glow', 'nice'] as const)('%s rolls back to an initialised actnorm, and actnorm is not initialised again', async (type) => {
    const flow = buildFlow(recipeFor(type, SMALL), 7);
    const source = poisonedAfterFirst(7);
    const trainer = new Trainer(flow, source, { lr: 1e-2, batch: 64, seed: 7, maxBadSteps: 4 });
    for (let i = 0; i < 5; i++) trainer.trainStep();
    const status = await trainer.read();
    expect(status.rollback).toMatch(/restored the parameters of step 0/);

    // What step 0 should be: the freshly built flow, initialised on the first batch.
    const twin = buildFlow(recipeFor(type, SMALL), 7);
    tf.tidy(() => twin.initializeFromData(tf.tensor2d(source.first, [64, 2])));
    const expected = await Promise.all(twin.variables.map(async (v) => Array.from(await v.data())));
    const restored = await Promise.all(flow.variables.map(async (v) => Array.from(await v.data())));
    expect(restored).toEqual(expected);
    // …which is not the uninitialised flow (actnorm the identity) that step 0 used to restore:
    // 8gaussians spreads ~2 per axis, so the actnorm the data meets first has logScale ≈ ln 2.
    const fresh = buildFlow(recipeFor(type, SMALL), 7);
    expect(await actnormValues(flow)).not.toEqual(await actnormValues(fresh));
    fresh.dispose();
    expect(flow.needsDataInit).toBe(false);
    twin.dispose();
    trainer.dispose();
    flow.dispose();
  });

  it('the first good read still replaces the step-0 snapshot', async () => {
    const flow = buildFlow(recipeFor('glow', SMALL), 2);
    let poison = false;
    const toy = toySource('moons', 2);
    const source = { nextBatch: (n: number) => (poison ? new Float32Array(2 * n).fill(Number.NaN) : toy.nextBatch(n)) };
    const trainer = new Trainer(flow, source, { lr: 1e-2, batch: 64, seed: 2, maxBadSteps: 3 });
    for (let i = 0; i < 10; i++) trainer.trainStep();
    expect((await trainer.read()).rollback).toBeNull();
    poison = true;
    for (let i = 0; i < 3; i++) trainer.trainStep();
    expect((await trainer.read()).rollback).toMatch(/restored the parameters of step 10/);
    trainer.dispose();
    flow.dispose();
  });
});

describe('read-backs that fail leak nothing', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a rejected read in Trainer.read, meanNll and sampleData disposes what it was reading', async () => {
    const flow = buildFlow(recipeFor('realnvp', SMALL), 1);
    const trainer = new Trainer(flow, toySource('moons', 1), { lr: 1e-3, batch: 32, seed: 1 });
    trainer.trainStep();
    await trainer.read();
    const before = tf.memory().numTensors;
    const lost = () => vi.spyOn(tf.Tensor.prototype, 'data').mockRejectedValueOnce(new Error('device lost'));

    trainer.trainStep();
    lost();
    await expect(trainer.read()).rejects.toThrow('device lost');
    expect(tf.memory().numTensors).toBe(before);

    lost();
    await expect(meanNll((x) => flow.logProb(x), new Float32Array(40))).rejects.toThrow('device lost');
    expect(tf.memory().numTensors).toBe(before);

    lost();
    await expect(sampleData(flow, 10, 0)).rejects.toThrow('device lost');
    expect(tf.memory().numTensors).toBe(before);

    // And the trainer still works once reads succeed again.
    vi.restoreAllMocks();
    trainer.trainStep();
    expect((await trainer.read()).skippedSteps).toBe(0);
    trainer.dispose();
    flow.dispose();
  });
});
