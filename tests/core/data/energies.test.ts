import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ENERGIES, ENERGY_BOX, ENERGY_NAMES, isEnergyName, WALL_SLOPE } from '../../../src/core/data/energies';
import { createRng } from '../../../src/core/util/rng';

/** ln ∫∫ exp(−f) over [−half, half]² by the midpoint rule (error O(h²), far below 0.01 here). */
function logIntegral(f: (z1: number, z2: number) => number, half: number, h: number): number {
  const m = Math.round((2 * half) / h);
  let sum = 0;
  for (let i = 0; i < m; i++) {
    const z1 = -half + (i + 0.5) * h;
    for (let j = 0; j < m; j++) sum += Math.exp(-f(z1, -half + (j + 0.5) * h));
  }
  return Math.log(sum * h * h);
}

/** Points across and beyond the box, where the wall applies. */
function probePoints(n: number): Float32Array {
  const rng = createRng(11);
  return new Float32Array(2 * n).map(() => 12 * rng.uniform() - 6);
}

describe('energy table', () => {
  it('lists U1–U4 with their supports and the reference ln Z', () => {
    expect(ENERGY_NAMES).toEqual(['u1', 'u2', 'u3', 'u4']);
    expect(ENERGY_NAMES.map((n) => ENERGIES[n].support)).toEqual(['plane', 'box', 'box', 'box']);
    expect(ENERGY_NAMES.map((n) => ENERGIES[n].logZ)).toEqual([1.8775, 2.083, 2.642, 2.685]);
    expect(isEnergyName('u3')).toBe(true);
    expect(isEnergyName('U3')).toBe(false);
  });
});

describe.each(ENERGY_NAMES)('%s', (name) => {
  const e = ENERGIES[name];

  it('integrates exp(−U) over its support to the reference ln Z within 0.01', () => {
    // U1 over the plane: beyond radius 6 its density is below e^−50.
    const half = e.support === 'plane' ? 6 : ENERGY_BOX;
    expect(Math.abs(logIntegral(e.energyAt, half, 0.01) - e.logZ)).toBeLessThan(0.01);
  });

  it('keeps the same ln Z with its wall, integrated over a wider square', () => {
    const withWall = logIntegral(e.targetEnergyAt, 6, 0.01);
    const inside = logIntegral(e.energyAt, e.support === 'plane' ? 6 : ENERGY_BOX, 0.01);
    expect(withWall).toBeGreaterThanOrEqual(inside);
    expect(withWall - inside).toBeLessThan(0.002);
  });

  it('adds the wall only outside the box, and only for box supports', () => {
    const inside = e.targetEnergyAt(3.9, -3.9) - e.energyAt(3.9, -3.9);
    const outside = e.targetEnergyAt(4.5, 0.3) - e.energyAt(4.5, 0.3);
    expect(inside).toBe(0);
    if (e.support === 'box') expect(outside).toBeCloseTo(0.5 * WALL_SLOPE, 6);
    else expect(outside).toBe(0);
  });

  it('gives the same values as tfjs ops and as plain JS, wall included', () => {
    const pts = probePoints(2000);
    const before = tf.memory().numTensors;
    const z = tf.tensor2d(pts, [2000, 2]);
    const u = e.energy(z);
    const target = e.targetEnergy(z);
    const [uv, tv] = [u.dataSync(), target.dataSync()];
    tf.dispose([z, u, target]);
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < 2000; i++) {
      const [z1, z2] = [pts[2 * i], pts[2 * i + 1]];
      const tol = (v: number) => 1e-4 * Math.max(1, Math.abs(v));
      expect(Math.abs(uv[i] - e.energyAt(z1, z2))).toBeLessThan(tol(uv[i]));
      expect(Math.abs(tv[i] - e.targetEnergyAt(z1, z2))).toBeLessThan(tol(tv[i]));
    }
  });

  it('has a finite gradient everywhere a flow may put a sample, the origin and far out included', () => {
    const z = tf.tensor2d([0, 0, 50, -50, -30, 2, 1, 1], [4, 2]);
    const g = tf.grad((x: tf.Tensor) => tf.sum(e.targetEnergy(x as tf.Tensor2D)))(z);
    expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([z, g]);
  });
});
