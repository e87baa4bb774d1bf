import { describe, expect, it } from 'vitest';
import { DrawnPoints } from '../../../src/ui/data/drawn-points';

describe('DrawnPoints', () => {
  it('grows past its first buffer and keeps every point in order', () => {
    const d = new DrawnPoints(10_000);
    for (let k = 0; k < 1000; k++) d.append(new Float32Array([k, -k, k + 0.5, -k - 0.5]));
    expect(d.count).toBe(2000);
    const v = d.view();
    expect(v.length).toBe(4000);
    expect(Array.from(v.subarray(0, 4))).toEqual([0, -0, 0.5, -0.5]);
    expect(Array.from(v.subarray(3996))).toEqual([999, -999, 999.5, -999.5]);
  });

  it('stops at its limit and says it is full', () => {
    const d = new DrawnPoints(5);
    expect(d.append(new Float32Array(8))).toBe(4);
    expect(d.append(new Float32Array(8))).toBe(1);
    expect(d.append(new Float32Array(2))).toBe(0);
    expect(d.count).toBe(5);
    expect(d.full).toBe(true);
  });

  it('hands out a snapshot that later drawing does not change', () => {
    const d = new DrawnPoints();
    d.append(new Float32Array([1, 2]));
    const snap = d.snapshot();
    d.clear();
    d.append(new Float32Array([7, 8]));
    expect(Array.from(snap)).toEqual([1, 2]);
    expect(Array.from(d.view())).toEqual([7, 8]);
  });

  it('clears to empty', () => {
    const d = new DrawnPoints();
    d.append(new Float32Array([1, 2, 3, 4]));
    d.clear();
    expect(d.count).toBe(0);
    expect(d.view().length).toBe(0);
    expect(d.full).toBe(false);
  });
});
