import { baseNoiseSource } from '../core/data/base-noise';
import { ENERGIES } from '../core/data/energies';
import type { Flow } from '../core/flows/flow';
import { buildFlow, recipeFor } from '../core/flows/recipes';
import { FLOW_REGISTRY } from '../core/flows/registry';
import type { DensityModel } from '../core/models/density-model';
import { createEnergyFit, type EnergyFit } from '../core/models/energy-fit';
import { createGan } from '../core/models/gan';
import { createVae } from '../core/models/vae';
import { Trainer } from '../core/train/trainer';
import { planData, type DataPlan } from './data-plan';
import { morphBasePoints, morphLayout } from './morph-base';
import { PeekableSource } from './peekable-source';
import type { CustomPoints, Family, LoadSummary, MorphLayout, RunConfig, ViewBox } from './protocol';
import { restoreWeights, type WeightSnapshot } from './weight-snapshot';

/** A flow read from a model file, to train on instead of a freshly built one. */
export interface LoadedFlow {
  flow: Flow;
  fileName: string;
  /** What the file said about itself; its step count is where the run's count continues. */
  summary?: LoadSummary;
}

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
  readonly floor: number | null;
  readonly floorLabel: string;
  readonly dataWarning: string | null;
  readonly loadedFrom: string | null;
  readonly loaded: LoadSummary | null;
  readonly morph: MorphLayout;
  readonly morphBase: Float32Array;
  readonly flow: Flow;
  /** Energy mode's model (the flow with the reverse-KL objective); null when fitting data. */
  readonly energyFit: EnergyFit | null;
  readonly runs: ModelRun[];
  /** Bumped by every model step; read-backs compare it to know whether anything changed. */
  version = 0;
  /** The flow's batches, which the step walkthrough may look at before the trainer takes them. */
  readonly flowBatches: PeekableSource;
  /** The batch the step walkthrough last described, to score again after its step (see walkthrough-step.ts). */
  walkthroughMemo: { step: number; batch: Float32Array; loss: number } | null = null;
  /** A copy: the learning rate changes during a run, the rest never does. */
  readonly config: RunConfig;

  constructor(
    config: RunConfig,
    readonly gen: number,
    custom: CustomPoints | null = null,
    loaded: LoadedFlow | null = null,
    /** Weights saved from this run on a backend that was lost: the models continue from them. */
    restored: WeightSnapshot | null = null,
  ) {
    this.config = { ...config };
    let plan: DataPlan;
    try {
      plan = planData(config, custom);
    } catch (err) {
      loaded?.flow.dispose();
      throw err;
    }
    this.datasetLabel = plan.datasetLabel;
    this.floor = plan.floor;
    this.floorLabel = plan.floorLabel;
    this.dataWarning = plan.dataWarning;
    this.loadedFrom = loaded?.fileName ?? null;
    this.loaded = loaded?.summary ?? null;
    this.box = plan.box;
    this.test = plan.test;
    this.validation = plan.validation;
    this.shownPoints = plan.shownPoints;
    // Layers that sample by root finding (planar) get fewer points to trace: the registry's cost hint.
    this.morph = morphLayout(FLOW_REGISTRY[config.flow].cost.morphPoints);
    this.morphBase = morphBasePoints(this.morph, config.seed);

    this.flowBatches = new PeekableSource(config.target === 'energy' ? baseNoiseSource(config.seed) : plan.source!);
    this.runs = buildRuns(config, plan, loaded?.flow ?? null, this.flowBatches, restored);
    // A loaded model's step count goes on from the file's: "step 0" would misdescribe a trained flow.
    // (Restored weights carry their own count.)
    if (!restored && loaded?.summary?.steps) this.runs[0].steps = loaded.summary.steps;
    const first = this.runs[0].model;
    this.energyFit = config.target === 'energy' ? (first as EnergyFit) : null;
    this.flow = this.energyFit ? this.energyFit.flow : (first as Flow);
    // Restored actnorm weights are already data-initialised: the first step must not redo it over them.
    if (restored?.flowInitialized) this.flow.markInitialized();
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
 * ones already built are disposed before the error goes up. In energy mode
 * there is only the flow, trained by reverse KL on its own base noise.
 */
function buildRuns(config: RunConfig, plan: DataPlan, loaded: Flow | null, flowBatches: PeekableSource, restored: WeightSnapshot | null): ModelRun[] {
  const runs: ModelRun[] = [];
  const add = (family: Family, model: DensityModel, source: () => { nextBatch(size: number): Float32Array }) => {
    try {
      // Before the trainer exists, so its last-good snapshot (for rollbacks) is the restored weights.
      const saved = restored?.runs[family];
      if (saved) restoreWeights(model, saved.values);
      const trainer = new Trainer(model, source(), { lr: config.lr, batch: config.batch, seed: config.seed + 7 * (runs.length + 1) });
      runs.push({ family, model, trainer, msPerStep: 0, steps: saved?.steps ?? 0 });
    } catch (err) {
      model.dispose();
      throw err;
    }
  };
  try {
    const mode = config.target === 'energy' ? 'energy' : 'density';
    const flow = loaded ?? buildFlow(recipeFor(config.flow, { layers: config.layers, hidden: config.hidden, mode }), config.seed);
    if (config.target === 'energy') {
      add('flow', createEnergyFit(flow, ENERGIES[config.energy]), () => flowBatches);
    } else {
      // The flow draws batches from the same stream as the CLI for this seed; the others get
      // their own, so switching the VAE or GAN on does not change the flow's batches.
      add('flow', flow, () => flowBatches);
      if (config.vae) add('vae', createVae({ seed: config.seed + 1 }), () => plan.sourceFor(1));
      if (config.gan) add('gan', createGan({ seed: config.seed + 2 }), () => plan.sourceFor(2));
    }
  } catch (err) {
    for (const run of runs) {
      run.trainer.dispose();
      run.model.dispose();
    }
    throw err;
  }
  return runs;
}
