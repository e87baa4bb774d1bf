import { baseNoiseSource } from '../core/data/base-noise';
import { ENERGIES } from '../core/data/energies';
import type { Flow } from '../core/flows/flow';
import { buildFlow, recipeFor } from '../core/flows/recipes';
import { FLOW_REGISTRY } from '../core/flows/registry';
import type { DensityModel } from '../core/models/density-model';
import { createEnergyFit, type EnergyFit } from '../core/models/energy-fit';
import { FAMILY_ORDER, MODEL_FAMILIES } from '../core/models/families';
import { Trainer } from '../core/train/trainer';
import { LIVE_KEYS, type LiveKey } from '../state/settings';
import { planData, type DataPlan } from './data-plan';
import { morphBasePoints, morphLayout } from './morph-base';
import { PeekableSource } from './peekable-source';
import type { CustomPoints, Family, LoadSummary, RunConfig, RunInfo } from './protocol';
import { runFamilies } from './run-families';
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
 *
 * In the page each model trains in its own worker, so a session builds only
 * the families it is given (`trains`); the data plan, seeds and batch streams
 * are the whole run's, so a model trains the same alone as beside the others.
 */
export class Session {
  /** The run as the page knows it: what the 'run' message carries. */
  readonly info: RunInfo;
  readonly test: Float32Array;
  readonly validation: Float32Array;
  readonly morphBase: Float32Array;
  /** The flow, when this session trains it (see `flow`). */
  private readonly flowModel: Flow | null;
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
    /** Which of the run's families this session builds and trains (a worker's share); all of them by default. */
    trains: readonly Family[] = runFamilies(config),
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
    // Layers that sample by root finding (planar) get fewer points to trace: the registry's cost hint.
    const morph = morphLayout(FLOW_REGISTRY[config.flow].cost.morphPoints);
    this.morphBase = morphBasePoints(morph, config.seed);

    this.flowBatches = new PeekableSource(config.target === 'energy' ? baseNoiseSource(config.seed) : plan.source!);
    if (loaded && !trains.includes('flow')) loaded.flow.dispose();
    this.runs = buildRuns(config, plan, trains.includes('flow') ? (loaded?.flow ?? null) : null, this.flowBatches, restored, trains);
    const flowRun = this.run('flow');
    // A loaded model's step count goes on from the file's: "step 0" would misdescribe a trained flow.
    // (Restored weights carry their own count.)
    if (flowRun && !restored && loaded?.summary?.steps) flowRun.steps = loaded.summary.steps;
    this.energyFit = flowRun && config.target === 'energy' ? (flowRun.model as EnergyFit) : null;
    this.flowModel = flowRun ? (this.energyFit ? this.energyFit.flow : (flowRun.model as Flow)) : null;
    // Restored actnorm weights are already data-initialised: the first step must not redo it over them.
    if (restored?.flowInitialized) this.flowModel?.markInitialized();
    this.info = {
      ...plan.data,
      gen,
      config: this.config,
      loadedFrom: loaded?.fileName ?? null,
      loaded: loaded?.summary ?? null,
      families: runFamilies(config),
      layerKinds: this.flowModel?.layers.map((l) => l.kind) ?? [],
      morph,
    };
  }

  /** The flow; only the session that trains it has one (the flow worker's), and only it is asked. */
  get flow(): Flow {
    if (!this.flowModel) throw new Error('this worker does not train the flow');
    return this.flowModel;
  }

  get hasFlow(): boolean {
    return this.flowModel !== null;
  }

  /** The step the flow's lr warm-up counts from: 0, or its last rollback (0 in a baseline's worker). */
  get warmupFrom(): number {
    return this.run('flow')?.trainer.warmupStart ?? 0;
  }

  run(family: Family): ModelRun | undefined {
    return this.runs.find((r) => r.family === family);
  }

  get families(): Family[] {
    return this.runs.map((r) => r.family);
  }

  /** Completed rounds: every model of this session has taken at least this many steps (in the page, one model's count). */
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
 * The models and their trainers, of the families in `trains`. Each family has
 * its own seed, so a model's weights do not depend on which others train; a
 * trainer's seed is by the family's place among the run's families, whichever
 * worker builds it. If one cannot be built, the ones already built are
 * disposed before the error goes up. In energy mode there is only the flow,
 * trained by reverse KL on its own base noise.
 */
function buildRuns(
  config: RunConfig,
  plan: DataPlan,
  loaded: Flow | null,
  flowBatches: PeekableSource,
  restored: WeightSnapshot | null,
  trains: readonly Family[],
): ModelRun[] {
  const runs: ModelRun[] = [];
  const all = runFamilies(config);
  const add = (family: Family, model: () => DensityModel, source: () => { nextBatch(size: number): Float32Array }) => {
    if (!trains.includes(family)) return;
    const built = model();
    try {
      // Before the trainer exists, so its last-good snapshot (for rollbacks) is the restored weights.
      const saved = restored?.runs[family];
      if (saved) restoreWeights(built, saved.values);
      const trainer = new Trainer(built, source(), { lr: config.lr, batch: config.batch, seed: config.seed + 7 * (all.indexOf(family) + 1) });
      runs.push({ family, model: built, trainer, msPerStep: 0, steps: saved?.steps ?? 0 });
    } catch (err) {
      built.dispose();
      throw err;
    }
  };
  try {
    const mode = config.target === 'energy' ? 'energy' : 'density';
    const flow = () => loaded ?? buildFlow(recipeFor(config.flow, { layers: config.layers, hidden: config.hidden, mode }), config.seed);
    if (config.target === 'energy') {
      add('flow', () => createEnergyFit(flow(), ENERGIES[config.energy]), () => flowBatches);
    } else {
      // The flow draws batches from the same stream as the CLI for this seed; the others get
      // their own (by their place in FAMILY_ORDER), so switching one on does not change the flow's batches.
      add('flow', flow, () => flowBatches);
      FAMILY_ORDER.forEach((family, i) => {
        if (family !== 'flow' && config[family]) add(family, () => MODEL_FAMILIES[family].build({ seed: config.seed + i }), () => plan.sourceFor(i));
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
