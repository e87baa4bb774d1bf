import type { DataSource } from '../data/source';
import { gridDivergence } from '../metrics/grid-divergence';
import { sampleData, scoreModel, type ModelScore } from '../metrics/score';
import type { ModelFamily } from '../models/density-model';
import { FAMILY_ORDER, MODEL_FAMILIES, type BuildOptions } from '../models/families';
import { runTraining, type CurvePoint } from './run';
import { cosineSchedule, Trainer } from './trainer';

/**
 * Every model family on one dataset: same batches, same test set, same scorer.
 * Headless (no DOM, no worker): the CLI's `compare` verb and the app both call it.
 */

export interface CompareOptions extends Omit<BuildOptions, 'seed'> {
  /**
   * A fresh stream for each model, all from the same seed, so the three see
   * identical batches (the GAN draws one batch per discriminator and per
   * generator update, so it walks further along the same stream). The test and
   * validation sets of the first call score every model.
   */
  source: () => DataSource;
  /** Which families to run, in order (default all). */
  families?: readonly ModelFamily[];
  steps: number;
  seed: number;
  batch?: number;
  /** Overrides of each family's compareLr. */
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

/** A model's final score (score.ts), its IWAE figure and KDE bandwidth picked out, with its speed and curve. */
export interface CompareEntry extends Pick<ModelScore, 'family' | 'kind' | 'testNll' | 'testNllSe' | 'negElbo' | 'iwaeK' | 'gridKl' | 'gridJs'> {
  iwae?: number;
  kdeBandwidth?: number;
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
  for (const family of options.families ?? FAMILY_ORDER) {
    const entry = MODEL_FAMILIES[family];
    const model = entry.build({ ...options, seed });
    const trainer = new Trainer(model, options.source(), { lr: options.lr?.[family] ?? entry.compareLr, batch, seed, schedule: cosineSchedule(steps) });
    try {
      const run = await runTraining(trainer, {
        steps,
        evalEvery,
        objective: model.objectives[0].name,
        evaluate: async (step) => ({
          testNll: (await scoreModel(model, curveData, { ...scoreOptions, gridSamples: 0 })).testNll,
          // The grid needs many points on both sides to rise above histogram noise, so it uses the whole test set.
          gridJs: gridDivergence(data.test, await sampleData(model, data.test.length / 2, seed + step)).js,
        }),
        onEval: (point) => options.onProgress?.({ family, step: point.step, steps, point }),
      });
      models.push(compareEntry(await scoreModel(model, data, scoreOptions), run.stepsPerSec, run.curve));
    } finally {
      trainer.dispose();
      model.dispose();
    }
  }
  return { dataset: reference.label, entropyFloor: reference.entropy, steps, seed, batch, models };
}

function compareEntry(score: ModelScore, stepsPerSec: number, curve: CurvePoint[]): CompareEntry {
  const { family, kind, testNll, testNllSe, negElbo, iwaeK, gridKl, gridJs } = score;
  const iwae = score.figures.find((f) => f.id === 'iwae')?.value;
  return { family, kind, testNll, testNllSe, negElbo, iwae, iwaeK, kdeBandwidth: score.kde?.bandwidth, gridKl, gridJs, stepsPerSec, curve };
}
