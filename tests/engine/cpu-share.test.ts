import { describe, expect, it } from 'vitest';
import { baselineShare, restAfter } from '../../src/engine/cpu-share';

describe('the baselines’ share of the cores (the flow keeps one, the main thread half of one)', () => {
  it('shares what the flow’s core and half a core for drawing leave among the baselines, a whole core at most, a quarter at least', () => {
    expect(baselineShare(2, 2)).toBe(0.25);
    expect(baselineShare(2, 1)).toBe(0.5);
    expect(baselineShare(4, 3)).toBeCloseTo(2.5 / 3);
    expect(baselineShare(8, 3)).toBe(1);
    expect(baselineShare(1, 2)).toBe(0.25);
    expect(baselineShare(2, 0)).toBe(1);
  });

  it('rests so that work is that share of the wall time', () => {
    expect(restAfter(25, 1)).toBe(0);
    expect(restAfter(25, 0.5)).toBe(25);
    const rest = restAfter(20, 0.25);
    expect(20 / (20 + rest)).toBeCloseTo(0.25);
  });
});
