import type { DataSource } from '../data/source';
import { buildFlow, recipeFor, type FlowRecipe } from '../flows/recipes';
import { gridDivergence } from '../metrics/grid-divergence';
import { sampleData, scoreModel, type ModelScore } from '../metrics/score';
import { createAutoregressive, type AutoregressiveOptions } from '../models/autoregressive';
import type { DensityModel, LikelihoodKind, ModelFamily } from '../models/density-model';
import { createGan, type GanOptions } from '../models/gan';
import { createVae, type VaeOptions } from '../models/vae';
import { cosineSchedule, Trainer } from './trainer';

/**
 * Flow vs VAE vs GAN on one dataset: same batches, same test set, same scorer.
 * Headless (no DOM, no worker): the CLI's `compare` verb and the app both call it.
 */

/** Learning rates that reach the figures in bench/compare.ts at 5,000 steps, batch 512, cosine decay. */
export const COMPARE_LR: Readonly<Record<ModelFamily, number>> = { flow: 1e-3, vae: 3e-3, gan: 1e-3, autoregressive: 3e-3 };

export interface CompareOptions {
  /**
   * A fresh stream for each model, all from the same seed, so the three see
   * identical batches (the GAN draws one batch per discriminator and per
   * generator update, so it walks further along the same stream). The test and
   * validation sets of the first call score every model.
   */
  source: () => DataSource;
  flow?: FlowRecipe;
  vae?: Partial<Omit<VaeOptions, 'seed'>>;
  gan?: Partial<Omit<GanOptions, 'seed'>>;
  autoregressive?: Partial<Omit<AutoregressiveOptions, 'seed'>>;
  /** Which families to run, in order (default all four). */
  families?: readonly ModelFamily[];
  steps: number;
  seed: number;
  batch?: number;
  lr?: Partial<Record<ModelFamily, number>>;
  /** Steps between curve points (default steps / 10). */
  evalEvery?: number;
  /** Test points scored at each curve point; the final score uses the whole test set. */
  curvePoints?: number;
  iwaeK?: number;
  kdeSamples?: number;
  onProgress?: (progress: CompareProgress) => void;
}

export interface CompareProgress {
  family: ModelFamily;
  step: number;
  steps: number;
  point: CurvePoint;
}

export interface CurvePoint {
  step: number;
  /**
   * Mean training loss since the previous point: the objective itself for the
   * flow (NLL) and the VAE (−ELBO); for the GAN, the discriminator's BCE (ln 4 ≈
   * 1.386 when it can no longer tell real from fake). `losses` has every objective.
   */
  trainLoss: number;
  losses: Record<string, number>;
  /** The headline NLL (same kind as the final figure) on the first `curvePoints` test points. */
  testNll: number;
  /** Grid JS of model samples against the whole test set. */
  gridJs: number;
}

export interface CompareEntry {
  family: ModelFamily;
  kind: LikelihoodKind;
  testNll: number;
  testNllSe: number;
  negElbo?: number;
  iwae?: number;
  iwaeK?: number;
  kdeBandwidth?: number;
  gridKl: number;
  gridJs: number;
  /** Training steps per second, evaluation excluded. */
  stepsPerSec: number;
  curve: CurvePoint[];
}

export interface CompareReport {
  dataset: string;
  /** The data's entropy (nats): the floor no model's expected NLL can beat; null for user data. */
  entropyFloor: number | null;
  steps: number;
  seed: number;
  batch: number;
  models: CompareEntry[];
}

const FAMILIES: readonly ModelFamily[] = ['flow', 'vae', 'gan', 'autoregressive'];

export async function compareModels(options: CompareOptions): Promise<CompareReport> {
  const { steps, seed } = options;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be a positive integer, got ${steps}`);
  const batch = options.batch ?? 512;
  const evalEvery = options.evalEvery ?? Math.max(1, Math.round(steps / 10));
  const reference = options.source();
  const data = { test: reference.test, validation: reference.validation };
  const curvePoints = Math.min(options.curvePoints ?? 2000, data.test.length / 2);
  const curveData = { test: data.test.subarray(0, 2 * curvePoints), validation: data.validation };
  const scoreOptions = { iwaeK: options.iwaeK, kdeSamples: options.kdeSamples, seed: seed + 1 };

  const models: CompareEntry[] = [];
  for (const family of options.families ?? FAMILIES) {
    const model = build(family, options);
    const trainer = new Trainer(model, options.source(), {
      lr: options.lr?.[family] ?? COMPARE_LR[family],
      batch,
      seed,
      schedule: cosineSchedule(steps),
    });
    try {
      const curve: CurvePoint[] = [];
      let trainMs = 0;
      for (let step = 1; step <= steps; ) {
        const until = Math.min(step + evalEvery - 1, steps);
        const started = performance.now();
        for (; step <= until; step++) trainer.trainStep();
        // read() waits for the device, so the steps are really done when the clock stops.
        const status = await trainer.read();
        trainMs += performance.now() - started;
        const score = await scoreModel(model, curveData, { ...scoreOptions, gridSamples: 0 });
        // The grid needs many points on both sides to rise above histogram noise, so it uses the whole test set.
        const grid = gridDivergence(data.test, await sampleData(model, data.test.length / 2, seed + until));
        const point = { step: until, trainLoss: status.losses[model.objectives[0].name], losses: status.losses, testNll: score.testNll, gridJs: grid.js };
        curve.push(point);
        options.onProgress?.({ family, step: until, steps, point });
      }
      models.push(entry(await scoreModel(model, data, scoreOptions), (1000 * steps) / trainMs, curve));
    } finally {
      trainer.dispose();
      model.dispose();
    }
  }
  return { dataset: reference.label, entropyFloor: reference.entropy, steps, seed, batch, models };
}

function build(family: ModelFamily, options: CompareOptions): DensityModel {
  switch (family) {
    case 'flow':
      return buildFlow(options.flow ?? recipeFor('realnvp'), options.seed);
    case 'vae':
      return createVae({ ...options.vae, seed: options.seed });
    case 'gan':
      return createGan({ ...options.gan, seed: options.seed });
    case 'autoregressive':
      return createAutoregressive({ ...options.autoregressive, seed: options.seed });
  }
}

function entry(score: ModelScore, stepsPerSec: number, curve: CurvePoint[]): CompareEntry {
  return {
    family: score.family,
    kind: score.kind,
    testNll: score.testNll,
    testNllSe: score.testNllSe,
    negElbo: score.negElbo?.mean,
    iwae: score.iwae?.mean,
    iwaeK: score.iwae?.k,
    kdeBandwidth: score.kde?.bandwidth,
    gridKl: score.gridKl,
    gridJs: score.gridJs,
    stepsPerSec,
    curve,
  };
}
