import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { buildFlow, recipeFor } from '../../../src/core/flows/recipes';
import { kdeScorer } from '../../../src/core/metrics/kde';
import { scoreModel } from '../../../src/core/metrics/score';
import type { DensityModel } from '../../../src/core/models/density-model';
import { createVae } from '../../../src/core/models/vae';
import { createRng } from '../../../src/core/util/rng';

const LOG_2PI = Math.log(2 * Math.PI);

function standardNormal(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: 2 * n }, () => rng.normal());
}

/** Exact mean NLL of N(0, I) on the points. */
function exactNll(points: Float32Array): number {
  let s = 0;
  for (const v of points) s += 0.5 * v * v;
  return s / (points.length / 2) + LOG_2PI;
}

/** A likelihood-free model whose samples are N(0, I): what a perfect GAN on Gaussian data would be. */
function gaussianSampler(): DensityModel {
  const model: DensityModel = {
    family: 'gan',
    kind: 'estimate',
    objectives: [],
    variables: [],
    sample: (n, seed) => tf.randomNormal([n, 2], 0, 1, 'float32', seed) as tf.Tensor2D,
    scorer: (context) => kdeScorer(model, context),
    dispose: () => undefined,
  };
  return model;
}

describe('scoreModel', () => {
  const data = { test: standardNormal(3000, 1), validation: standardNormal(1000, 2) };

  it('scores a flow by its exact log-likelihood', async () => {
    // A fresh RealNVP is the identity (zero last layers), so its density is N(0, I).
    const flow = buildFlow(recipeFor('realnvp', { layers: 2, hidden: 8 }), 1);
    const test = standardNormal(20_000, 4);
    const score = await scoreModel(flow, { ...data, test }, { seed: 1 });
    flow.dispose();
    expect(score.family).toBe('flow');
    expect(score.kind).toBe('exact');
    expect(score.testNll).toBeCloseTo(exactNll(test), 4);
    expect(score.testNllSe).toBeCloseTo(1 / Math.sqrt(20_000), 3);
    expect(score.negElbo).toBeUndefined();
    expect(score.kde).toBeUndefined();
    // Samples and test points from one distribution: only finite-sample noise on the grid.
    expect(score.gridJs).toBeLessThan(0.05);
    expect(score.gridKl).toBeLessThan(0.2);
  });

  it('scores a likelihood-free model with a KDE over its samples, labelled as an estimate', async () => {
    const score = await scoreModel(gaussianSampler(), data, { seed: 2, kdeSamples: 5000 });
    expect(score.kind).toBe('estimate');
    expect(score.kde!.samples).toBe(5000);
    expect(score.kde!.bandwidth).toBeGreaterThan(0.1);
    expect(score.kde!.bandwidth).toBeLessThan(0.5);
    // The KDE's own smoothing bias on a Gaussian at M = 5,000 is a few hundredths.
    const gap = score.testNll - exactNll(data.test);
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThan(0.04);
  });

  it('scores a VAE by IWAE-k, with −ELBO beside it, both labelled as bounds', async () => {
    const vae = createVae({ seed: 3, hidden: 16 });
    const score = await scoreModel(vae, data, { seed: 3, iwaeK: 32 });
    vae.dispose();
    expect(score.kind).toBe('bound');
    expect(score.iwaeK).toBe(32);
    const [iwae, negElbo] = score.figures;
    expect([iwae.id, iwae.label, iwae.kind, negElbo.id, negElbo.kind]).toEqual(['iwae', 'IWAE k=32', 'bound', 'neg-elbo', 'bound']);
    expect(score.testNll).toBe(iwae.value);
    expect(iwae.value).toBeLessThan(score.negElbo!);
    expect(negElbo.value).toBe(score.negElbo);
    expect(iwae.count).toBe(3000);
  });
});
