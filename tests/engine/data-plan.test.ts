import { describe, expect, it } from 'vitest';
import { ENERGY_INFO } from '../../src/core/data/energy-catalog';
import { TOY_DATASETS } from '../../src/core/data/toy';
import { planData, TEST_POINTS } from '../../src/engine/data-plan';
import type { RunConfig } from '../../src/engine/protocol';
import { boxAroundPoints } from '../../src/engine/view-box';

const BASE: RunConfig = { target: 'data', energy: 'u1', dataset: 'moons', flow: 'realnvp', layers: 4, hidden: 32, lr: 3e-3, batch: 64, seed: 2, vae: false, gan: false, autoregressive: false };

describe('what a run trains on', () => {
  it('a toy dataset: its entropy as the floor, the CLI’s test stream, shown points from elsewhere', () => {
    const plan = planData(BASE, null);
    expect(plan.data.floor).toBe(TOY_DATASETS.moons.entropy);
    expect(plan.data.floorLabel).toBe('entropy floor');
    expect(plan.test.length).toBe(2 * TEST_POINTS);
    expect(plan.data.dataWarning).toBeNull();
  });

  it('the user’s points: no floor, a box around them, a warning when they have no area', () => {
    const line = new Float32Array(400);
    for (let i = 0; i < 200; i++) [line[2 * i], line[2 * i + 1]] = [i / 20, (2 * i) / 20];
    const plan = planData({ ...BASE, dataset: 'custom' }, { label: 'line.csv', points: line });
    expect(plan.data.floor).toBeNull();
    expect(plan.data.datasetLabel).toBe('line.csv');
    expect(plan.data.dataWarning).toMatch(/area/);
    expect(plan.test.length).toBe(2 * 40); // the held-out 20 %
    const { x0, x1, y0, y1 } = plan.data.box;
    expect(x1 - x0).toBeCloseTo(y1 - y0, 6);
    expect(y1).toBeGreaterThanOrEqual(19);
    expect(plan.data.points.length).toBe(line.length);
  });

  it('a custom run with no points is an error, not an empty run', () => {
    expect(() => planData({ ...BASE, dataset: 'custom' }, null)).toThrow(/no drawn or imported points/);
  });

  it('an energy: −ln Z as the floor, base noise as the held-out draws, no samples to show', () => {
    const plan = planData({ ...BASE, target: 'energy', energy: 'u2' }, null);
    expect(plan.data.floor).toBe(-ENERGY_INFO.u2.logZ);
    expect(plan.data.floorLabel).toBe('−ln Z');
    expect(plan.source).toBeNull();
    expect(plan.data.points.length).toBe(0);
    expect(plan.data.box).toEqual({ x0: -4, x1: 4, y0: -4, y1: 4 });
    let sum = 0;
    for (const v of plan.test) sum += v * v;
    expect(sum / plan.test.length).toBeCloseTo(1, 1); // standard normal draws
    expect(() => plan.sourceFor(1)).toThrow(/need samples/);
  });
});

describe('boxAroundPoints', () => {
  it('is square, holds the points and the Gaussian’s ±3σ', () => {
    const pts = new Float32Array([10, 10, 12, 11, 11, 13, 10.5, 12]);
    const b = boxAroundPoints(pts);
    expect(b.x1 - b.x0).toBeCloseTo(b.y1 - b.y0, 6);
    expect(b.x0).toBeLessThanOrEqual(-3);
    expect(b.y0).toBeLessThanOrEqual(-3);
    expect(b.x1).toBeGreaterThanOrEqual(12);
    expect(b.y1).toBeGreaterThanOrEqual(13);
  });
});
