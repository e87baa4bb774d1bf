import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { toySource } from '../../../src/core/data/source';
import { buildFlow, recipeFor } from '../../../src/core/flows/recipes';
import { meanNll } from '../../../src/core/metrics/evaluate';
import type { DensityModel } from '../../../src/core/models/density-model';
import { DEFAULT_WARMUP_STEPS, liveLearningRate } from '../../../src/core/train/stability';
import { Trainer } from '../../../src/core/train/trainer';

const SMALL = { layers: 4, hidden: 32 } as const;

describe('trainer', () => {
  it.each(['planar', 'nice', 'realnvp', 'glow'] as const)('leaks no tensors across 100 %s steps and reads', async (type) => {
    const flow = buildFlow(recipeFor(type, type === 'planar' ? { layers: 8 } : SMALL), 1);
    const trainer = new Trainer(flow, toySource('moons', 1), { lr: 1e-3, batch: 64, seed: 1 });
    trainer.trainStep();
    await trainer.read();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      trainer.trainStep();
      if (i % 25 === 24) await trainer.read();
    }
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    flow.dispose();
  });

  it('is reproducible: the same seed gives the same weights after the same steps', async () => {
    const weightsAfter = async () => {
      const flow = buildFlow(recipeFor('realnvp', SMALL), 4);
      const trainer = new Trainer(flow, toySource('8gaussians', 4), { lr: 1e-3, batch: 64, seed: 4 });
      for (let i = 0; i < 20; i++) trainer.trainStep();
      const w = Array.from(await flow.variables[2].data());
      trainer.dispose();
      flow.dispose();
      return w;
    };
    expect(await weightsAfter()).toEqual(await weightsAfter());
  });

  it('changing the learning rate keeps the weights', async () => {
    const flow = buildFlow(recipeFor('realnvp', SMALL), 2);
    const trainer = new Trainer(flow, toySource('moons', 2), { lr: 1e-3, batch: 64, seed: 2 });
    for (let i = 0; i < 10; i++) trainer.trainStep();
    const before = Array.from(await flow.variables[0].data());
    trainer.setLearningRate(5e-3);
    expect(Array.from(await flow.variables[0].data())).toEqual(before);
    expect(trainer.step).toBe(10);
    expect(() => trainer.setLearningRate(-1)).toThrow(/positive/);
    trainer.dispose();
    flow.dispose();
  });

  it('never applies a non-finite step, and rolls back after a run of them', async () => {
    const flow = buildFlow(recipeFor('realnvp', SMALL), 3);
    let poison = false;
    // A model whose loss turns NaN on demand, wrapping a real flow.
    const model: DensityModel = {
      family: 'flow',
      kind: 'exact',
      variables: flow.variables,
      objectives: [
        {
          name: 'nll',
          variables: flow.variables,
          loss: (batch, seed) => {
            const loss = flow.objectives[0].loss(batch, seed);
            return poison ? (tf.mul(loss, Number.NaN) as tf.Scalar) : loss;
          },
        },
      ],
      sample: (n, seed) => flow.sample(n, seed),
      scorer: () => flow.scorer(),
      dispose: () => flow.dispose(),
    };
    const trainer = new Trainer(model, toySource('moons', 3), { lr: 1e-2, batch: 64, seed: 3, maxBadSteps: 5 });
    for (let i = 0; i < 20; i++) trainer.trainStep();
    const good = await trainer.read();
    expect(good.skippedSteps).toBe(0);
    expect(good.rollback).toBeNull();
    expect(Number.isFinite(good.losses.nll)).toBe(true);
    const snapshot = await Promise.all(flow.variables.map(async (v) => Array.from(await v.data())));

    poison = true;
    for (let i = 0; i < 3; i++) trainer.trainStep();
    const few = await trainer.read();
    expect(few.skippedSteps).toBe(3);
    expect(few.rollback).toBeNull();
    expect(Number.isNaN(few.losses.nll)).toBe(true);
    // Skipped steps left every weight untouched.
    const after = await Promise.all(flow.variables.map(async (v) => Array.from(await v.data())));
    expect(after).toEqual(snapshot);

    for (let i = 0; i < 5; i++) trainer.trainStep();
    const many = await trainer.read();
    expect(many.rollback).toMatch(/8 consecutive steps had a non-finite loss or gradient; restored the parameters of step 20/);

    expect(trainer.warmupStart, 'the rollback starts the lr warm-up again').toBe(28);

    poison = false;
    for (let i = 0; i < 10; i++) trainer.trainStep();
    expect(trainer.effectiveLearningRate, 'the page’s read-out, told where the warm-up restarted, is the lr used').toBeCloseTo(liveLearningRate(1e-2, 38, trainer.warmupStart).lr, 15);
    expect(trainer.effectiveLearningRate).toBeCloseTo((1e-2 * 10) / DEFAULT_WARMUP_STEPS, 15);
    const recovered = await trainer.read();
    expect(recovered.skippedSteps).toBe(0);
    expect(Number.isFinite(recovered.losses.nll)).toBe(true);
    trainer.dispose();
    flow.dispose();
  });

  it('rejects bad settings with a clear message', () => {
    const flow = buildFlow(recipeFor('realnvp', SMALL), 0);
    expect(() => new Trainer(flow, toySource('moons', 0), { lr: 0, batch: 64, seed: 0 })).toThrow(/learning rate must be a positive number/);
    expect(() => new Trainer(flow, toySource('moons', 0), { lr: 1e-3, batch: 0.5, seed: 0 })).toThrow(/batch size must be a positive integer/);
    flow.dispose();
  });
});

// 600 steps, not a time limit: the limit only catches a hang, so it sits far above what a busy
// two-core machine takes (~7 s alone; it passed 60 s with both cores shared many ways).
describe('learning', { timeout: 300_000 }, () => {
  // A short run exists to catch a broken likelihood, not to benchmark: a flow whose
  // log-det had the wrong sign or a missing term would not approach the floor.
  it('a short RealNVP run on moons gets within 0.2 nats of the entropy floor', async () => {
    const source = toySource('moons', 0, { testSize: 10_000 });
    const flow = buildFlow(recipeFor('realnvp', { layers: 6, hidden: 32 }), 0);
    const trainer = new Trainer(flow, source, { lr: 3e-3, batch: 256, seed: 0 });
    const initial = await meanNll((x) => flow.logProb(x), source.test);
    for (let i = 0; i < 600; i++) trainer.trainStep();
    const trained = await meanNll((x) => flow.logProb(x), source.test);
    expect(initial.mean - trained.mean).toBeGreaterThan(0.5);
    // Never below the floor beyond noise: that would mean the density does not normalise.
    expect(trained.mean).toBeGreaterThan(source.entropy! - 3 * trained.se);
    expect(trained.mean - source.entropy!).toBeLessThan(0.2);
    console.info(`realnvp-6 moons, 600 steps: test NLL ${trained.mean.toFixed(4)} (floor ${source.entropy}, gap ${(trained.mean - source.entropy!).toFixed(4)})`);
    trainer.dispose();
    flow.dispose();
  });
});
