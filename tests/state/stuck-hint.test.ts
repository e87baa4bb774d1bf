import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src/state/settings';
import { MIN_EVALUATIONS, plateau, PLATEAU_STEPS, stuckHint, suggestionsFor } from '../../src/state/stuck-hint';
import { type StoredPoints } from '../../src/state/series';
import { seriesOf } from './helpers/series-of';
import type { Series } from '../../src/state/types';

const FLOOR = 2.0;

/** A test curve evaluated every `every` steps up to `last`, of value f(step). */
function curve(last: number, f: (step: number) => number, every = 100): StoredPoints {
  const steps: number[] = [];
  const values: number[] = [];
  for (let s = every; s <= last; s += every) {
    steps.push(s);
    values.push(f(s));
  }
  return { steps, values };
}

function testSeries(points: StoredPoints): Series {
  return { id: 'flow:test:nll', family: 'flow', label: 'Flow test NLL', kind: 'exact', split: 'test', points: seriesOf(points.steps, points.values) };
}

describe('when a run is stuck', () => {
  it('flat well above the floor for 1,500 steps: stuck', () => {
    const p = plateau(curve(3000, (s) => (s < 1000 ? 3 - s / 2000 : 2.5)), FLOOR);
    expect(p).not.toBeNull();
    expect(p!.gap).toBeCloseTo(0.5);
    expect(p!.improvement).toBe(0);
  });

  it('still improving by 0.01 nats or more over the window: not stuck', () => {
    expect(plateau(curve(3000, (s) => 2.6 - s * 1e-5), FLOOR)).toBeNull(); // 0.015 nats per 1,500 steps
    expect(plateau(curve(3000, (s) => 2.6 - s * 5e-6), FLOOR)).not.toBeNull(); // 0.0075
  });

  it('a fast run with evaluations far apart: the window stretches to hold enough of them', () => {
    // Every 1,000 steps: the last 1,500 steps hold one evaluation; the window covers the last four.
    const c = curve(10_000, (s) => (s <= 6000 ? 2.5 + (6000 - s) / 10_000 : 2.5), 1000);
    expect(plateau(c, FLOOR)).not.toBeNull();
    const improving = curve(10_000, (s) => 2.6 - s * 2e-5, 1000); // 0.02 nats per 1,000 steps
    expect(plateau(improving, FLOOR)).toBeNull();
  });

  it('a noisy curve that wobbles around a level is stuck (best, not latest)', () => {
    expect(plateau(curve(4000, (s) => 2.5 + 0.05 * Math.sin(s / 37)), FLOOR)).not.toBeNull();
  });

  it('close to the floor: not stuck, however flat', () => {
    expect(plateau(curve(4000, () => FLOOR + 0.1), FLOOR)).toBeNull();
    expect(plateau(curve(4000, () => FLOOR + 0.16), FLOOR)).not.toBeNull();
  });

  it('too early, too few evaluations, or no floor: no judgement', () => {
    expect(plateau(curve(PLATEAU_STEPS, () => 2.5), FLOOR), 'the curve must span more than the window').toBeNull();
    expect(plateau(curve(3000, () => 2.5, 1000), FLOOR), `no more than ${MIN_EVALUATIONS} evaluations in all`).toBeNull();
    expect(plateau(curve(3000, () => 2.5), null), 'the user’s own points have no floor').toBeNull();
    expect(plateau(undefined, FLOOR)).toBeNull();
  });

  it('a loaded model’s curve (starting at its own step) is judged on its own span', () => {
    const c = curve(5000, () => 2.5);
    const from = c.steps.findIndex((s) => s >= 4000);
    expect(plateau({ steps: c.steps.slice(from), values: c.values.slice(from) }, FLOOR)).toBeNull();
    expect(plateau({ steps: c.steps.slice(from - 6), values: c.values.slice(from - 6) }, FLOOR)).not.toBeNull();
  });

  it('a long curve the chart has thinned is judged like the full one', () => {
    // 3,000 evaluations: older points survive only as min/max envelopes (state/series.ts).
    const flat = curve(300_000, (s) => (s < 100_000 ? 3 - s / 200_000 : 2.5));
    const creeping = curve(300_000, (s) => 3 - s * 2e-6); // 0.003 nats per 1,500 steps: too slow to count
    const stillFalling = curve(300_000, (s) => 3 - s * 1e-5); // 0.015 nats per 1,500 steps
    expect(stuckHint([testSeries(flat)], FLOOR, defaultSettings())).not.toBeNull();
    expect(stuckHint([testSeries(creeping)], FLOOR, defaultSettings())).not.toBeNull();
    expect(stuckHint([testSeries(stillFalling)], FLOOR, defaultSettings())).toBeNull();
  });

  it('stuckHint reads the flow’s test curve and names concrete settings', () => {
    const train: Series = { ...testSeries(curve(3000, () => 2.5)), id: 'flow:train', split: 'train' };
    const test = testSeries(curve(3000, () => 2.5));
    expect(stuckHint([train], FLOOR, defaultSettings()), 'a train curve alone is not judged').toBeNull();
    const hint = stuckHint([train, test], FLOOR, defaultSettings());
    // The page's default, Spline 4 × 64: no other flow type is more flexible, so none is suggested.
    expect(hint?.suggestions.map((s) => s.label)).toEqual(['Layers 4 → 8', 'Hidden units 64 → 128', 'Learning rate 0.005 → 0.002']);
    const realnvp = stuckHint([train, test], FLOOR, { ...defaultSettings(), flow: 'realnvp', layers: 8, lr: 3e-3 });
    expect(realnvp?.suggestions.map((s) => s.label)).toEqual(['Layers 8 → 16', 'Flow Glow, 8 layers', 'Hidden units 64 → 128', 'Learning rate 0.003 → 0.001']);
  });
});

describe('what usually helps', () => {
  it('planar: RealNVP; at the layer limit no "more layers"; low lr no "lower lr"; planar has no hidden units', () => {
    const s = { ...defaultSettings(), flow: 'planar' as const, layers: 32, lr: 1e-3 };
    const out = suggestionsFor(s);
    expect(out.map((x) => x.change)).toEqual([{ flow: 'realnvp', layers: 16 }]);
  });

  it('Glow: RealNVP with 16 layers; every suggested value is one the controls accept', () => {
    const out = suggestionsFor({ ...defaultSettings(), flow: 'glow', layers: 4, hidden: 128 });
    expect(out.map((x) => x.change)).toEqual([{ layers: 8 }, { flow: 'realnvp', layers: 16 }, { lr: 0.002 }]);
  });
});
