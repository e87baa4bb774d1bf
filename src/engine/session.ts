import { baseNoiseSource } from '../core/data/base-noise';
import { ENERGIES } from '../core/data/energies';
import type { Flow } from '../core/flows/flow';
import { buildFlow, recipeFor } from '../core/flows/recipes';
import type { DensityModel } from '../core/models/density-model';
import { createEnergyFit, type EnergyFit } from '../core/models/energy-fit';
import { FAMILY_ORDER, MODEL_FAMILIES } from '../core/models/families';
import { Trainer } from '../core/train/trainer';
import { LIVE_KEYS, type LiveKey } from '../state/settings';
import { planData, type DataPlan } from './data-plan';
import { morphBasePoints, morphLayout } from './morph-base';
import { PeekableSource } from './peekable-source';
import type { CustomPoints, Family, LoadSummary, RunConfig, RunInfo } from './protocol';
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
  /** The run as the page knows it: what the 'run' message carries. */
  readonly info: RunInfo;
  readonly test: Float32Array;
  readonly validation: Float32Array;
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
  /** A copy: the live settings change during a run (applyLive), the rest never does. */
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
    this.test = plan.test;
    this.validation = plan.validation;
    // Planar layers sample by root finding, so trace fewer points through them.
    const morph = morphLayout(config.flow === 'planar' ? 800 : 1500);
    this.morphBase = morphBasePoints(morph, config.seed);

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
    this.info = {
      ...plan.data,
      gen,
      config: this.config,
      loadedFrom: loaded?.fileName ?? null,
      loaded: loaded?.summary ?? null,
      families: this.runs.map((r) => r.family),
      layerKinds: this.flow.layers.map((l) => l.kind),
      morph,
    };
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

  /** Take the config's live settings (LIVE_KEYS in the settings table) into this run. */
  applyLive(config: RunConfig): void {
    for (const key of LIVE_KEYS) {
      (this.config as Record<LiveKey, unknown>)[key] = config[key];
      LIVE_EFFECTS[key](this, config[key]);
    }
  }

  dispose(): void {
    for (const run of this.runs) {
      run.trainer.dispose();
      run.model.dispose();
    }
  }
}

/** What each live setting does to a running session: one entry per LiveKey, so the compiler asks for a new one. */
const LIVE_EFFECTS: { [K in LiveKey]: (session: Session, value: RunConfig[K]) => void } = {
  lr: (session, lr) => {
    for (const run of session.runs) run.trainer.setLearningRate(lr);
  },
};

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
      // their own (by their place in FAMILY_ORDER), so switching one on does not change the flow's batches.
      add('flow', flow, () => flowBatches);
      FAMILY_ORDER.forEach((family, i) => {
        if (family !== 'flow' && config[family]) add(family, MODEL_FAMILIES[family].build({ seed: config.seed + i }), () => plan.sourceFor(i));
      });
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
