import { describe, expect, it } from 'vitest';
import {
  appendPoint,
  EMPTY_SERIES,
  MAX_STORED_POINTS,
  RECENT_POINTS,
  storedCount,
  storedPoints,
  type BoundedSeries,
  type WorkMeter,
} from '../../src/state/series';
import { seriesOf } from './helpers/series-of';

/** A noisy decreasing training curve with a few spikes, deterministic. */
function valueAt(i: number): number {
  const noise = Math.sin(i * 12.9898) * 0.05;
  const spike = i === 123_457 ? 9 : i === 654_321 ? -3 : 0;
  return 1 + 5 / (1 + i / 1000) + noise + spike;
}

/** The newest stored point. */
function lastPoint(s: BoundedSeries): { step: number; value: number } {
  const { steps, values } = storedPoints(s);
  return { step: steps[steps.length - 1], value: values[values.length - 1] };
}

describe('a bounded chart series', () => {
  it('keeps short series exactly, in order', () => {
    const s = seriesOf([0, 10, 20], [3, 2, 1]);
    expect(storedPoints(s)).toEqual({ steps: [0, 10, 20], values: [3, 2, 1] });
    expect(storedCount(s)).toBe(3);
    expect(lastPoint(s)).toEqual({ step: 20, value: 1 });
  });

  it('a point at the last step replaces it instead of repeating it', () => {
    const s = appendPoint(seriesOf([0, 5], [3, 2]), 5, 1.5);
    expect(storedPoints(s)).toEqual({ steps: [0, 5], values: [3, 1.5] });
    expect(s.total).toBe(2);
  });

  it('never changes a series already handed out (each append is a new object)', () => {
    const a = seriesOf([0, 1, 2], [1, 2, 3]);
    const before = structuredClone(storedPoints(a));
    const b = appendPoint(a, 2, 9);
    const c = appendPoint(a, 3, 4);
    expect(storedPoints(a)).toEqual(before);
    expect(storedPoints(b).values).toEqual([1, 2, 9]);
    expect(storedPoints(c).values).toEqual([1, 2, 3, 4]);
  });

  it('after 1,000,000 points: stored points bounded, min and max of the raw series kept, last point exact, recent points exact', () => {
    let s: BoundedSeries = EMPTY_SERIES;
    let min = Infinity;
    let max = -Infinity;
    let largestStored = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const v = valueAt(i);
      min = Math.min(min, v);
      max = Math.max(max, v);
      s = appendPoint(s, i, v);
      if (i % 997 === 0) largestStored = Math.max(largestStored, storedCount(s));
    }
    expect(s.total).toBe(1_000_000);
    const { steps, values } = storedPoints(s);
    expect(steps.length).toBe(storedCount(s));
    expect(steps.length).toBeLessThanOrEqual(MAX_STORED_POINTS);
    expect(largestStored).toBeLessThanOrEqual(MAX_STORED_POINTS);
    expect(Math.min(...values)).toBe(min);
    expect(Math.max(...values)).toBe(max);
    // The spikes sit where they happened.
    expect(steps[values.indexOf(max)]).toBe(123_457);
    expect(steps[values.indexOf(min)]).toBe(654_321);
    expect(lastPoint(s)).toEqual({ step: 999_999, value: valueAt(999_999) });
    // Steps strictly increase: the envelope keeps each bucket's points in step order.
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1]);
    // The newest RECENT_POINTS points are all there, unchanged.
    const tail = steps.slice(-RECENT_POINTS);
    expect(tail).toEqual(Array.from({ length: RECENT_POINTS }, (_, k) => 1_000_000 - RECENT_POINTS + k));
    expect(values.slice(-RECENT_POINTS)).toEqual(tail.map(valueAt));
    // Old history spans the whole run at one resolution: the first point is still near step 0.
    expect(steps[0]).toBeLessThan(1_000_000 / 256);
  });

  it('the work of an append does not grow with the history', () => {
    const meter: WorkMeter = { elements: 0 };
    let s: BoundedSeries = EMPTY_SERIES;
    const worstPerWindow: number[] = [];
    const averagePerWindow: number[] = [];
    const WINDOW = 100_000;
    let worst = 0;
    let windowStart = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const before = meter.elements;
      s = appendPoint(s, i, valueAt(i), meter);
      worst = Math.max(worst, meter.elements - before);
      if ((i + 1) % WINDOW === 0) {
        worstPerWindow.push(worst);
        averagePerWindow.push((meter.elements - windowStart) / WINDOW);
        worst = 0;
        windowStart = meter.elements;
      }
    }
    // Worst single append: bounded by the structure's sizes, not by i.
    expect(Math.max(...worstPerWindow)).toBeLessThanOrEqual(4 * MAX_STORED_POINTS);
    // Mean work per append in the last 100k appends is no more than in the second 100k.
    expect(averagePerWindow.at(-1)!).toBeLessThanOrEqual(averagePerWindow[1] * 1.05);
    expect(averagePerWindow.at(-1)!).toBeLessThan(200);
  });
});
