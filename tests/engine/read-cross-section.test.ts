import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { toySource } from '../../src/core/data/source';
import { buildFlow, recipeFor } from '../../src/core/flows/recipes';
import { Trainer } from '../../src/core/train/trainer';
import { readCrossSection } from '../../src/engine/read-cross-section';
import { bend } from '../../src/viz/cross-section';

describe("a layer's cross-section", () => {
  it('a coupling: τ along the transformed coordinate, the identity when fresh, a straight line (affine) after training, the kept coordinate conditioning it', async () => {
    const flow = buildFlow(recipeFor('realnvp', { layers: 2, hidden: 16 }), 3);
    const fresh = await readCrossSection(flow.layers, 1, 0);
    expect(fresh.transformDim).toBe(0);
    expect(fresh.note).toBeNull();
    const p = fresh.points!;
    for (let i = 0; i < p.length; i += 2) expect(p[i + 1]).toBeCloseTo(p[i], 5);
    expect(p[0]).toBe(-4);
    expect(p[p.length - 2]).toBe(4);

    const trainer = new Trainer(flow, toySource('moons', 3), { lr: 1e-2, batch: 128, seed: 3, warmupSteps: 0 });
    for (let i = 0; i < 40; i++) trainer.trainStep();
    const atZero = await readCrossSection(flow.layers, 1, 0);
    const atOne = await readCrossSection(flow.layers, 1, 1);
    // Affine in x_d for a fixed kept coordinate: a line, whatever θ is.
    expect(bend(atZero)).toBeLessThan(1e-4);
    // No longer the identity, and a different line for another kept value: θ depends on it.
    const moved = (s: typeof atZero) => Math.max(...Array.from({ length: s.points!.length / 2 }, (_, i) => Math.abs(s.points![2 * i + 1] - s.points![2 * i])));
    expect(moved(atZero)).toBeGreaterThan(1e-3);
    const differs = Math.max(...Array.from(atZero.points!, (v, i) => Math.abs(v - atOne.points![i])));
    expect(differs).toBeGreaterThan(1e-4);
    // Layer 2 transforms the other coordinate.
    expect((await readCrossSection(flow.layers, 2, 0)).transformDim).toBe(1);
    trainer.dispose();
    flow.dispose();
  });

  it('Glow: actnorm and the LU layer are described, not drawn; no tensors are left behind; a bad index is refused', async () => {
    const flow = buildFlow(recipeFor('glow', { layers: 1, hidden: 8 }), 1);
    const before = tf.memory().numTensors;
    const kinds = flow.layers.map((l) => l.kind);
    expect(kinds).toEqual(['affine-coupling', 'lu-linear', 'actnorm']);
    const lu = await readCrossSection(flow.layers, 2, 0);
    expect(lu.points).toBeNull();
    expect(lu.note).toMatch(/2×2 matrix/);
    expect((await readCrossSection(flow.layers, 3, 0)).note).toMatch(/scales and shifts each coordinate/);
    expect((await readCrossSection(flow.layers, 1, 0.5)).points).not.toBeNull();
    expect(tf.memory().numTensors).toBe(before);
    await expect(readCrossSection(flow.layers, 4, 0)).rejects.toThrow(/there is no layer 4 \(the flow has 3\)/);
    flow.dispose();
  });

  it('a spline coupling: the knots come with the curve, on the diagonal when fresh, and after training the curve bends', async () => {
    const flow = buildFlow(recipeFor('spline', { layers: 2, hidden: 16 }), 5);
    const index = flow.layers.findIndex((l) => l.kind === 'spline-coupling') + 1;
    const fresh = await readCrossSection(flow.layers, index, 0);
    const knots = fresh.knots!;
    expect(knots.length).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < knots.length; i += 2) expect(knots[i + 1]).toBeCloseTo(knots[i], 4);
    // The sweep runs past the outer knots into the identity tails.
    expect(fresh.points![0]).toBeLessThan(knots[0]);
    expect(bend(fresh)).toBeLessThan(1e-3);
    const trainer = new Trainer(flow, toySource('2spirals', 5), { lr: 2e-2, batch: 128, seed: 5, warmupSteps: 0 });
    for (let i = 0; i < 60; i++) trainer.trainStep();
    const trained = await readCrossSection(flow.layers, index, 0);
    console.info(`spline cross-section after 60 steps: bend ${bend(trained).toFixed(4)}`);
    expect(bend(trained)).toBeGreaterThan(1e-2);
    // Every knot lies on the drawn curve: τ at a knot's x is the knot's y.
    const p = trained.points!;
    const k = trained.knots!;
    const tauAt = (x: number) => {
      let j = 0;
      while (j < p.length / 2 - 2 && p[2 * (j + 1)] < x) j++;
      const f = (x - p[2 * j]) / (p[2 * j + 2] - p[2 * j]);
      return p[2 * j + 1] + f * (p[2 * j + 3] - p[2 * j + 1]);
    };
    for (let i = 0; i < k.length; i += 2) expect(Math.abs(tauAt(k[i]) - k[i + 1])).toBeLessThan(0.05);
    trainer.dispose();
    flow.dispose();
  });
});
