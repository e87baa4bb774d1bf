import { toySource, type DataSource } from '../core/data/source';
import { TOY_DATASETS } from '../core/data/toy';
import type { Flow } from '../core/flows/flow';
import { buildFlow, recipeFor } from '../core/flows/recipes';
import type { DensityModel } from '../core/models/density-model';
import { createGan } from '../core/models/gan';
import { createVae } from '../core/models/vae';
import { Trainer } from '../core/train/trainer';
import { morphBasePoints, morphLayout } from './morph-base';
import type { Family, MorphLayout, RunConfig, ViewBox } from './protocol';
import { viewBoxFor } from './view-box';

/**
 * Points of the fixed held-out subsets the live figures use (the full 50k would
 * stall the tab). 5 × 1024, in chunks of the density grid's shape: WebGPU
 * compiles a shader per tensor shape, and on a software adapter each compile
 * costs seconds.
 */
export const TEST_POINTS = 5120;
export const VALIDATION_POINTS = 2000;
/** Training points drawn in the Data panel. */
const SHOWN_POINTS = 2000;

export interface ModelRun {
  family: Family;
  model: DensityModel;
  trainer: Trainer;
  /** Smoothed wall time of one trainStep (on GPU backends: dispatch time only). */
  msPerStep: number;
  steps: number;
}

/**
 * One training run: the data, the models and their trainers, all built from
 * the config's seed. A reset disposes the session and builds a new one, so
 * nothing survives from the previous run but the generation number.
 */
export class Session {
  readonly box: ViewBox;
  readonly test: Float32Array;
  readonly validation: Float32Array;
  readonly shownPoints: Float32Array;
  readonly datasetLabel: string;
  readonly entropy: number;
  readonly morph: MorphLayout;
  readonly morphBase: Float32Array;
  readonly flow: Flow;
  readonly runs: ModelRun[];
  /** Bumped by every model step; read-backs compare it to know whether anything changed. */
  version = 0;
  /** A copy: the learning rate changes during a run, the rest never does. */
  readonly config: RunConfig;

  constructor(
    config: RunConfig,
    readonly gen: number,
  ) {
    this.config = { ...config };
    // Only as many held-out points as the live figures use: the same leading points of the
    // seed's test and validation streams as the CLI's 50k, without generating the rest.
    const source = toySource(config.dataset, config.seed, { testSize: TEST_POINTS, validationSize: VALIDATION_POINTS + SHOWN_POINTS });
    this.datasetLabel = TOY_DATASETS[config.dataset].label;
    this.entropy = TOY_DATASETS[config.dataset].entropy;
    this.box = viewBoxFor(config.dataset);
    this.test = source.test;
    this.validation = source.validation.subarray(0, 2 * VALIDATION_POINTS);
    this.shownPoints = source.validation.subarray(2 * VALIDATION_POINTS);
    // Planar layers sample by root finding, so trace fewer points through them.
    this.morph = morphLayout(config.flow === 'planar' ? 800 : 1500);
    this.morphBase = morphBasePoints(this.morph, config.seed);

    this.runs = buildRuns(config, source);
    this.flow = this.runs[0].model as Flow;
  }

  run(family: Family): ModelRun | undefined {
    return this.runs.find((r) => r.family === family);
  }

  get families(): Family[] {
    return this.runs.map((r) => r.family);
  }

  /** Completed rounds: every model has taken at least this many steps. The step count shown. */
  get steps(): number {
    let min = Infinity;
    for (const run of this.runs) min = Math.min(min, run.steps);
    return min;
  }

  /**
   * One step of the model furthest behind (the flow first on ties). Called
   * repeatedly this keeps the models in lockstep, yet lets the scheduler stop
   * between two models' steps: with three models a whole round can outlast
   * the 200 ms a Pause may take on a slow machine. A round cut short is
   * finished first when training resumes.
   */
  stepLaggard(): void {
    let run = this.runs[0];
    for (const r of this.runs) if (r.steps < run.steps) run = r;
    const start = performance.now();
    run.trainer.trainStep();
    const ms = performance.now() - start;
    run.msPerStep = run.msPerStep === 0 ? ms : 0.9 * run.msPerStep + 0.1 * ms;
    run.steps += 1;
    this.version += 1;
  }

  setLearningRate(lr: number): void {
    this.config.lr = lr;
    for (const run of this.runs) run.trainer.setLearningRate(lr);
  }

  dispose(): void {
    for (const run of this.runs) {
      run.trainer.dispose();
      run.model.dispose();
    }
  }
}

/**
 * The models and their trainers. Each family has its own seed, so a model's
 * weights do not depend on which others train; if one cannot be built, the
 * ones already built are disposed before the error goes up.
 */
function buildRuns(config: RunConfig, source: DataSource): ModelRun[] {
  const runs: ModelRun[] = [];
  const add = (family: Family, model: DensityModel) => {
    const i = runs.length;
    try {
      // The flow draws batches from the same stream as the CLI for this seed; the others get
      // their own, so switching the VAE or GAN on does not change the flow's batches.
      const batches = i === 0 ? source : toySource(config.dataset, config.seed + 101 * i);
      const trainer = new Trainer(model, batches, { lr: config.lr, batch: config.batch, seed: config.seed + 7 * (i + 1) });
      runs.push({ family, model, trainer, msPerStep: 0, steps: 0 });
    } catch (err) {
      model.dispose();
      throw err;
    }
  };
  try {
    add('flow', buildFlow(recipeFor(config.flow, { layers: config.layers, hidden: config.hidden }), config.seed));
    if (config.vae) add('vae', createVae({ seed: config.seed + 1 }));
    if (config.gan) add('gan', createGan({ seed: config.seed + 2 }));
  } catch (err) {
    for (const run of runs) {
      run.trainer.dispose();
      run.model.dispose();
    }
    throw err;
  }
  return runs;
}
