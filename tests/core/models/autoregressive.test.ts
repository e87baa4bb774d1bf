import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toySource } from '../../../src/core/data/source';
import { TOY_DATASETS } from '../../../src/core/data/toy';
import { meanNll } from '../../../src/core/metrics/evaluate';
import { createAutoregressive, type Autoregressive } from '../../../src/core/models/autoregressive';
import { MIXTURE_COMPONENTS } from '../../../src/core/models/mixture-density';
import { Trainer } from '../../../src/core/train/trainer';
import { createRng } from '../../../src/core/util/rng';
import { boxAround, integrateDensity, type Box } from '../helpers/integrate';
import { randomizeVariables } from '../helpers/randomize';

const MOONS_FLOOR = TOY_DATASETS.moons.entropy;
const STEPS = 300;

function totalMass(model: Autoregressive, seed: number): number {
  const samples = model.sample(20_000, seed);
  const box = boxAround(samples, 0.25);
  samples.dispose();
  return integrateDensity((x) => model.logProb(x), box, 400);
}

/**
 * χ² per degree of freedom of a 2-D histogram of model samples against the
 * model's own cell probabilities (a 6×6 midpoint rule inside each cell).
 */
function histogramChi2(model: Autoregressive, box: Box, cells: number, n: number, seed: number): { chi2PerDof: number; dof: number } {
  const samples = tf.tidy(() => model.sample(n, seed).dataSync());
  const dx = (box.max[0] - box.min[0]) / cells;
  const dy = (box.max[1] - box.min[1]) / cells;
  const counts = new Float64Array(cells * cells);
  for (let i = 0; i < n; i++) {
    const a = Math.floor((samples[2 * i] - box.min[0]) / dx);
    const b = Math.floor((samples[2 * i + 1] - box.min[1]) / dy);
    if (a >= 0 && a < cells && b >= 0 && b < cells) counts[a * cells + b] += 1;
  }
  const sub = 6;
  const points = new Float32Array(2 * cells * cells * sub * sub);
  let k = 0;
  for (let a = 0; a < cells; a++)
    for (let b = 0; b < cells; b++)
      for (let i = 0; i < sub; i++)
        for (let j = 0; j < sub; j++) {
          points[k++] = box.min[0] + (a + (i + 0.5) / sub) * dx;
          points[k++] = box.min[1] + (b + (j + 0.5) / sub) * dy;
        }
  const density = tf.tidy(() => tf.exp(model.logProb(tf.tensor2d(points, [points.length / 2, 2]))).dataSync());
  let chi2 = 0;
  let dof = 0;
  for (let c = 0; c < cells * cells; c++) {
    let mass = 0;
    for (let s = 0; s < sub * sub; s++) mass += density[c * sub * sub + s];
    const expected = (n * mass * dx * dy) / (sub * sub);
    if (expected < 10) continue;
    chi2 += (counts[c] - expected) ** 2 / expected;
    dof += 1;
  }
  return { chi2PerDof: chi2 / dof, dof };
}

describe.each(MIXTURE_COMPONENTS)('an untrained autoregressive model with %s components', (component) => {
  it('has a density that integrates to 1 with random weights', () => {
    const model = createAutoregressive({ seed: 3, component, hidden: 16 });
    // Random weights make p(x₂ | x₁) change from one x₁ to the next. At 0.3 the
    // samples span about 20 × 40 (logistic: 40 × 130); much larger scales give
    // components e^±3 wide, which no 400-cell grid over their span resolves.
    randomizeVariables(model.variables, createRng(8), 0.3);
    expect(Math.abs(totalMass(model, 4) - 1)).toBeLessThan(0.02);
    model.dispose();
  });
});

describe('an autoregressive model trained briefly on two moons', () => {
  const source = toySource('moons', 12, { testSize: 5000, validationSize: 500 });
  let model: Autoregressive;
  let initialNll: number;
  let trainedNll: number;
  let firstLoss: number;
  let lastLoss: number;
  let tensorsBefore: number;
  let tensorsAfter: number;

  beforeAll(async () => {
    model = createAutoregressive({ seed: 5 });
    initialNll = (await meanNll((x) => model.logProb(x), source.test)).mean;
    const trainer = new Trainer(model, source, { lr: 3e-3, batch: 256, seed: 6 });
    // Step 1 runs prepare() (quantile start) and builds the optimiser state: count tensors after it.
    trainer.trainStep();
    firstLoss = (await trainer.read()).losses.nll;
    tensorsBefore = tf.memory().numTensors;
    for (let s = 1; s < STEPS - 20; s++) trainer.trainStep();
    await trainer.read();
    for (let s = 0; s < 20; s++) trainer.trainStep();
    const status = await trainer.read();
    tensorsAfter = tf.memory().numTensors;
    lastLoss = status.losses.nll;
    expect(status.skippedSteps).toBe(0);
    trainer.dispose();
    trainedNll = (await meanNll((x) => model.logProb(x), source.test)).mean;
  });

  afterAll(() => model.dispose());

  it('leaks no tensors across training steps', () => {
    expect(tensorsAfter).toBe(tensorsBefore);
  });

  it(`lowers its loss and its test NLL to within 0.15 nats of the floor in ${STEPS} steps, never below it`, () => {
    // Measured (wasm): test NLL 3.49 → 2.48, 0.09 above the floor. The 0.05 target
    // is for 2,000+ steps at batch 512 (tests/bench/autoregressive.ts); this checks the direction.
    expect(lastLoss).toBeLessThan(firstLoss - 0.3);
    expect(trainedNll).toBeLessThan(initialNll - 0.3);
    expect(trainedNll - MOONS_FLOOR).toBeLessThan(0.15);
    expect(trainedNll).toBeGreaterThan(MOONS_FLOOR - 0.02);
  });

  it('has a density that integrates to 1', () => {
    expect(Math.abs(totalMass(model, 7) - 1)).toBeLessThan(0.02);
  });

  it('draws samples whose 2-D histogram matches its density (χ² per cell)', () => {
    const { chi2PerDof, dof } = histogramChi2(model, { min: [-3, -2], max: [3, 2.5] }, 24, 200_000, 9);
    // χ²/dof has mean 1 and sd √(2/dof) (≈ 0.07 for the ~400 cells used; measured 0.95);
    // a sampler that drew x₂ from the wrong x₁'s mixture, or a wrong scale, is off by far more.
    expect(dof).toBeGreaterThan(300);
    expect(chi2PerDof).toBeLessThan(1.5);
  });

  it('samples reproducibly from the seed', () => {
    const [a, b, c] = tf.tidy(() => [model.sample(300, 4), model.sample(300, 4), model.sample(300, 5)].map((t) => Array.from(t.dataSync())));
    expect(a).toHaveLength(600);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('sends a gradient to every variable', () => {
    const grads = tf.tidy(() => {
      const batch = tf.tensor2d(source.test.subarray(0, 512), [256, 2]);
      const { grads } = tf.variableGrads(() => model.objectives[0].loss(batch, 0), model.variables as tf.Variable[]);
      return model.variables.map((v) => tf.sum(tf.abs(grads[v.name])).dataSync()[0]);
    });
    for (const g of grads) expect(g).toBeGreaterThan(0);
  });
});

describe('createAutoregressive', () => {
  it('rejects nonsensical sizes', () => {
    expect(() => createAutoregressive({ seed: 1, components: 0 })).toThrow(/components/);
    expect(() => createAutoregressive({ seed: 1, hidden: 2.5 })).toThrow(/hidden/);
    expect(() => createAutoregressive({ seed: 1, depth: 9 })).toThrow(/depth/);
  });
});
