import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseBackend, NODE_ORDER } from '../../src/core/backend';
import { chooseByTiming, fastest, timeTrainingSteps, trialShares, type TrialModel, type TrialResult } from '../../src/engine/backend-trial';

// The page's live RealNVP, smaller in batch so a trial step is quick in a loaded test run.
const MODEL: TrialModel = { flow: 'realnvp', layers: 4, hidden: 16, batch: 64 };

const result = (name: TrialResult['name'], stepsPerSecond: number): TrialResult => ({ name, stepsPerSecond, firstStepMs: 10, timedSteps: 5 });

describe('Auto backend by timing', () => {
  afterAll(async () => {
    await chooseBackend(NODE_ORDER);
  });

  it('keeps the fastest measurement, the earlier candidate on a tie', () => {
    expect(fastest([result('webgl', 40), result('wasm', 55), result('cpu', 12)]).name).toBe('wasm');
    expect(fastest([result('webgpu', 50), result('wasm', 50)]).name).toBe('webgpu');
    expect(() => fastest([])).toThrow(/no backend/);
  });

  it('splits the budget among candidates and caps a lone one', () => {
    expect(trialShares(3, 1500, 500)).toBe(500);
    expect(trialShares(4, 1500, 500)).toBe(375);
    expect(trialShares(1, 1500, 500)).toBe(500);
    expect(trialShares(0, 1500, 500)).toBe(0);
  });

  it('times real training steps and leaves no tensor behind', async () => {
    // The first trial creates tfjs's one-off cached constants; a second must add nothing.
    await timeTrainingSteps('wasm', MODEL, 0);
    const before = tf.memory().numTensors;
    const r = await timeTrainingSteps('wasm', MODEL, 300);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.firstStepMs).toBeGreaterThan(0);
    expect(r.stepsPerSecond).toBeGreaterThan(0);
    expect(Number.isFinite(r.stepsPerSecond)).toBe(true);
  });

  it('with no time after the first step, reports the first step as a bound', async () => {
    const r = await timeTrainingSteps('wasm', MODEL, 0);
    expect(r.timedSteps).toBe(0);
    expect(r.stepsPerSecond).toBeCloseTo(1000 / r.firstStepMs, 9);
  });

  it('measures every candidate that starts, skips one that cannot and leaves the winner active', async () => {
    const choice = await chooseByTiming(['wasm', 'cpu'], MODEL, () => {}, 600);
    expect(choice).not.toBeNull();
    const measured = choice!.measured!;
    expect(measured.map((m) => m.name)).toEqual(['wasm', 'cpu']);
    const winner = measured.reduce((a, b) => (b.stepsPerSecond > a.stepsPerSecond ? b : a));
    expect(choice!.name).toBe(winner.name);
    expect(tf.getBackend()).toBe(winner.name);
    const loser = measured.find((m) => m !== winner)!;
    expect(choice!.skipped).toEqual([{ name: loser.name, reason: expect.stringMatching(/^measured (≤ )?[\d.]+ steps\/s against \w+'s (≤ )?[\d.]+ steps\/s$/) }]);
  });

  it('says why a backend that cannot start was passed over, and returns null when none can', async () => {
    // Node has no WebGL: its package loads but finds no context to start on.
    const choice = await chooseByTiming(['webgl', 'wasm'], MODEL, () => {}, 300);
    expect(choice!.name).toBe('wasm');
    expect(choice!.skipped).toEqual([{ name: 'webgl', reason: expect.any(String) }]);
    expect(await chooseByTiming(['webgl'], MODEL, () => {}, 300)).toBeNull();
  });
});
