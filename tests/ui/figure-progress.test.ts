import { describe, expect, it } from 'vitest';
import { appendPoint, EMPTY_SERIES, type BoundedSeries } from '../../src/state/series';
import { seriesOf } from '../state/helpers/series-of';
import type { Series } from '../../src/state/types';
import { figureProgress } from '../../src/ui/panels/figure-progress';

const curve = (points: BoundedSeries): Series => ({ id: 'flow:test:nll', family: 'flow', label: 'Flow test NLL', kind: 'exact', split: 'test', points });

describe('the Metrics table’s smoothed and best figures', () => {
  it('best is the lowest reading and its step, even long after it was decimated into old history', () => {
    let s = EMPTY_SERIES;
    for (let i = 0; i < 200_000; i++) s = appendPoint(s, i * 10, i === 1234 ? 0.5 : 2 + 0.2 * Math.sin(i));
    const p = figureProgress([curve(s)], 'flow', 'nll', 2_000_000)!;
    expect(p.best).toBe(0.5);
    expect(p.bestStep).toBe(12_340);
  });

  it('smoothed damps a noisy reading that best and the latest value do not', () => {
    const steps = Array.from({ length: 100 }, (_, i) => i * 10);
    const values = steps.map((_, i) => (i === 99 ? 3 : 2 + (i % 2 ? 0.1 : -0.1)));
    const p = figureProgress([curve(seriesOf(steps, values))], 'flow', 'nll', 990)!;
    expect(p.smoothed).toBeGreaterThan(2);
    expect(p.smoothed).toBeLessThan(2.6); // the last reading (3) moved it, but not all the way
    expect(p.best).toBeCloseTo(1.9, 12);
  });

  it('is null for a model with no curve yet', () => {
    expect(figureProgress([], 'vae', 'iwae', 10)).toBeNull();
  });
});
