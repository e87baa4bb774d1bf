import { describe, expect, it } from 'vitest';
import { toySource } from '../../../src/core/data/source';
import { buildFlow, recipeFor } from '../../../src/core/flows/recipes';
import {
  constantSchedule,
  DEFAULT_WARMUP_STEPS,
  inverseSqrtSchedule,
  LIVE_DECAY_FROM,
  LIVE_LR_FLOOR,
  liveLearningRate,
  liveSchedule,
} from '../../../src/core/train/stability';
import { Trainer } from '../../../src/core/train/trainer';

describe('the 1/√t schedule for open-ended runs', () => {
  it('holds 1 until its start, then halves for every fourfold of steps', () => {
    const s = inverseSqrtSchedule(1000, 0.01);
    expect(s(1)).toBe(1);
    expect(s(1000)).toBe(1);
    expect(s(4000)).toBeCloseTo(0.5, 12);
    expect(s(16_000)).toBeCloseTo(0.25, 12);
  });

  it('never goes below its floor, however long the run', () => {
    const s = inverseSqrtSchedule(1000, 0.1);
    expect(s(100_000)).toBeCloseTo(0.1, 12);
    expect(s(10_000_000)).toBe(0.1);
    let previous = 1;
    for (let step = 1; step < 1_000_000; step = Math.ceil(step * 1.3)) {
      const v = s(step);
      expect(v).toBeLessThanOrEqual(previous);
      expect(v).toBeGreaterThanOrEqual(0.1);
      previous = v;
    }
  });

  it('the live rate warms up to the peak, holds it, decays, then rests on the floor, naming each phase', () => {
    const peak = 4e-3;
    expect(liveLearningRate(peak, 1)).toEqual({ lr: peak / DEFAULT_WARMUP_STEPS, phase: 'warm-up' });
    expect(liveLearningRate(peak, DEFAULT_WARMUP_STEPS / 2).lr).toBeCloseTo(peak / 2, 12);
    expect(liveLearningRate(peak, DEFAULT_WARMUP_STEPS)).toEqual({ lr: peak, phase: 'peak' });
    expect(liveLearningRate(peak, LIVE_DECAY_FROM)).toEqual({ lr: peak, phase: 'peak' });
    const later = liveLearningRate(peak, 4 * LIVE_DECAY_FROM);
    expect(later.phase).toBe('decay');
    expect(later.lr).toBeCloseTo(peak / 2, 12);
    const end = liveLearningRate(peak, 1e9);
    expect(end.phase).toBe('floor');
    expect(end.lr).toBeCloseTo(peak * LIVE_LR_FLOOR, 12);
    // Before the first step the page shows the rate the first step will use.
    expect(liveLearningRate(peak, 0).lr).toBe(liveLearningRate(peak, 1).lr);
    // A rollback at step 3,000 warms up again from there, under the decay the step has reached.
    expect(liveLearningRate(peak, 3000, 3000)).toEqual({ lr: (peak / DEFAULT_WARMUP_STEPS) * liveSchedule()(3000), phase: 'warm-up' });
    expect(liveLearningRate(peak, 3000 + DEFAULT_WARMUP_STEPS, 3000)).toEqual({ lr: peak * liveSchedule()(3000 + DEFAULT_WARMUP_STEPS), phase: 'decay' });
  });
});

describe('the trainer applies the live schedule unless told otherwise', () => {
  const trainerWith = (schedule?: typeof constantSchedule) => {
    const flow = buildFlow(recipeFor('realnvp', { layers: 1, hidden: 4, depth: 1 }), 0);
    const trainer = new Trainer(flow, toySource('moons', 0), { lr: 2e-3, batch: 8, seed: 0, schedule });
    return { flow, trainer };
  };

  it('its effective lr is the page’s liveLearningRate at every step, and follows a new peak', () => {
    const { flow, trainer } = trainerWith();
    expect(trainer.effectiveLearningRate).toBe(0);
    for (let i = 0; i < 3; i++) trainer.trainStep();
    expect(trainer.effectiveLearningRate).toBeCloseTo(liveLearningRate(2e-3, 3).lr, 15);
    trainer.setLearningRate(1e-3);
    trainer.trainStep();
    expect(trainer.effectiveLearningRate).toBeCloseTo(liveLearningRate(1e-3, 4).lr, 15);
    // The schedule is a function of the step: check it far out without training that long.
    expect(liveSchedule()(9 * LIVE_DECAY_FROM)).toBeCloseTo(1 / 3, 12);
    trainer.dispose();
    flow.dispose();
  });

  it('a constant schedule keeps the peak after the warm-up', () => {
    const { flow, trainer } = trainerWith(constantSchedule);
    trainer.trainStep();
    expect(trainer.effectiveLearningRate).toBeCloseTo(2e-3 / DEFAULT_WARMUP_STEPS, 15);
    expect(constantSchedule(1e9)).toBe(1);
    trainer.dispose();
    flow.dispose();
  });
});
