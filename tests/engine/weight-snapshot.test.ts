import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/engine/session';
import { restoreWeights, WeightKeeper } from '../../src/engine/weight-snapshot';
import { runConfig } from './helpers/run-config';

/*
 * What survives a lost GPU: the weights copied out as plain arrays, and a run
 * rebuilt from them that is the same model at the same step, not a fresh one.
 */

const CONFIG = runConfig({ flow: 'glow', layers: 2, hidden: 16, lr: 5e-3, batch: 64, seed: 3, vae: true });

const POINTS = tf.tensor2d([0, 0, 0.5, -0.3, -1, 0.8, 1.5, 0.2], [4, 2]);

async function logProbs(session: Session): Promise<Float32Array> {
  const t = tf.tidy(() => session.flow.logProb(POINTS));
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

describe('weight snapshots', () => {
  it('rebuild a run at its step with the same weights, actnorm not initialised again', async () => {
    const trained = new Session(CONFIG, 1);
    for (let i = 0; i < 10; i++) trained.stepLaggard();
    const keeper = new WeightKeeper(true);
    expect(keeper.due(trained, true, performance.now())).toBe(true);
    await keeper.take(trained);
    const snapshot = keeper.latest!;
    expect(snapshot.runs.flow?.steps).toBe(5);
    expect(snapshot.runs.vae?.steps).toBe(5);
    expect(snapshot.flowInitialized).toBe(true);
    const expected = await logProbs(trained);

    const fresh = new Session(CONFIG, 1);
    const untrained = await logProbs(fresh);
    fresh.dispose();
    const before = tf.memory().numTensors;
    const restored = new Session(CONFIG, 1, null, null, snapshot);
    expect(restored.steps).toBe(5);
    expect(restored.flow.needsDataInit, 'actnorm keeps its restored, data-initialised weights').toBe(false);
    const got = await logProbs(restored);
    for (let i = 0; i < expected.length; i++) expect(got[i]).toBeCloseTo(expected[i], 5);
    expect(Array.from(got), 'not the untrained model').not.toEqual(Array.from(untrained));

    // It trains on from there: the next round is round 6.
    restored.stepLaggard();
    restored.stepLaggard();
    expect(restored.steps).toBe(6);
    restored.dispose();
    trained.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  });

  it('are due every few seconds while training, once per new step when paused, never twice for one step', async () => {
    const session = new Session({ ...CONFIG, vae: false }, 1);
    const keeper = new WeightKeeper(true);
    const t = performance.now();
    await keeper.take(session);
    expect(keeper.due(session, false, t), 'nothing new').toBe(false);
    session.stepLaggard();
    expect(keeper.due(session, false, t), 'paused: a new step is saved at once').toBe(true);
    expect(keeper.due(session, true, t + 100), 'training: not yet').toBe(false);
    expect(keeper.due(session, true, t + 5000)).toBe(true);
    expect(new WeightKeeper(false).due(session, false, t), 'off on cpu and wasm').toBe(false);
    session.dispose();
  });

  it('refuse weights that do not fit the model, writing nothing', async () => {
    const session = new Session({ ...CONFIG, vae: false }, 1);
    const before = await logProbs(session);
    expect(() => restoreWeights(session.flow, new Float32Array(7))).toThrow(/do not fit/);
    expect(Array.from(await logProbs(session))).toEqual(Array.from(before));
    session.dispose();
  });
});
