import * as tf from '@tensorflow/tfjs-core';
import { stepTallyOnWebgpu } from '../kernels/step-tally-webgpu';
import { webgpuKernelsActive } from '../kernels/webgpu-kernel';
import type { DensityModel, Objective } from '../models/density-model';
import { readAndDispose } from '../util/read-back';
import { createRng, type Rng } from '../util/rng';
import { assignFlat, FlatAdam, snapshotFlat } from './flat-adam';
import { DEFAULT_CLIP_FACTOR, DEFAULT_WARMUP_STEPS, liveSchedule, warmupFactor, type LrSchedule } from './stability';

// Older callers import the cosine schedule from here.
export { cosineSchedule } from './stability';

/** What the trainer draws batches from (see data/source.ts). */
export interface BatchSource {
  nextBatch(size: number): Float32Array;
}

export interface TrainerOptions {
  lr: number;
  batch: number;
  seed: number;
  /** Consecutive non-finite steps after which the model rolls back to its last good parameters. */
  maxBadSteps?: number;
  /**
   * Multiplier on lr as a function of the step (1-based); the live schedule
   * (stability.ts: 1/√t decay for open-ended runs, the page's) if absent,
   * `constantSchedule` for none. The warm-up multiplies into it.
   */
  schedule?: LrSchedule;
  /** Steps of linear lr warm-up at the start of the run (stability.ts; 0 for none). */
  warmupSteps?: number;
  /** Clip the gradient norm at this multiple of its running average (stability.ts); Infinity for none. */
  clipFactor?: number;
}

export interface TrainStatus {
  step: number;
  /** Mean loss of each objective over the finite steps since the previous read (NaN if there were none). */
  losses: Record<string, number>;
  /** Steps since the previous read whose loss or gradient was not finite and so were not applied. */
  skippedSteps: number;
  /** Set when this read rolled the model back, saying why. */
  rollback: string | null;
}

/** Device-side running sums, so a step never waits on a read-back. */
interface Tally {
  objective: Objective;
  optimizer: FlatAdam;
  lossSum: tf.Variable;
  finiteSteps: tf.Variable;
  badSteps: tf.Variable;
  consecutiveBad: tf.Variable;
}

/**
 * The training loop shared by the worker and the CLI. Each step runs inside
 * one tf.tidy; the only state that outlives it is in tf.Variables.
 */
export class Trainer {
  private readonly rng: Rng;
  private readonly tallies: Tally[];
  private readonly maxBadSteps: number;
  private stepCount = 0;
  private lastGood: { step: number; params: tf.Tensor1D };
  private prepared = false;
  private baseLr: number;
  private readonly warmup: LrSchedule;
  private readonly schedule: LrSchedule;
  /** The step the warm-up counts from: 0, or the last rollback (the optimiser's moments start over there). */
  private warmupFrom = 0;

  constructor(
    readonly model: DensityModel,
    private readonly source: BatchSource,
    private readonly options: TrainerOptions,
  ) {
    if (!(options.lr > 0) || !Number.isFinite(options.lr)) throw new Error(`learning rate must be a positive number, got ${options.lr}`);
    if (!Number.isInteger(options.batch) || options.batch < 1) throw new Error(`batch size must be a positive integer, got ${options.batch}`);
    this.rng = createRng(options.seed);
    this.baseLr = options.lr;
    this.maxBadSteps = options.maxBadSteps ?? 10;
    const warmupSteps = options.warmupSteps ?? DEFAULT_WARMUP_STEPS;
    if (!(warmupSteps >= 0)) throw new Error(`warm-up steps must be 0 or more, got ${warmupSteps}`);
    this.warmup = warmupFactor(warmupSteps);
    this.schedule = options.schedule ?? liveSchedule();
    const clip = options.clipFactor ?? DEFAULT_CLIP_FACTOR;
    const clipFactor = clip === Number.POSITIVE_INFINITY ? undefined : clip;
    this.tallies = model.objectives.map((objective) => ({
      objective,
      optimizer: new FlatAdam(objective.variables, { lr: options.lr, beta1: objective.beta1, clipFactor }),
      ...tf.tidy(() => ({
        lossSum: tf.variable(tf.scalar(0), false),
        finiteSteps: tf.variable(tf.scalar(0), false),
        badSteps: tf.variable(tf.scalar(0), false),
        consecutiveBad: tf.variable(tf.scalar(0), false),
      })),
    }));
    this.lastGood = { step: 0, params: snapshotFlat(model.variables) };
  }

  get step(): number {
    return this.stepCount;
  }

  /** The peak lr the user set (the schedule and warm-up multiply it). */
  get learningRate(): number {
    return this.baseLr;
  }

  /** The step the lr warm-up counts from: 0, or the last rollback (the page's lr read-out needs it). */
  get warmupStart(): number {
    return this.warmupFrom;
  }

  /** The lr the last step used: the peak times the warm-up and the schedule. */
  get effectiveLearningRate(): number {
    return this.stepCount === 0 ? 0 : this.lrAt(this.stepCount);
  }

  private lrAt(step: number): number {
    return this.baseLr * this.warmup(step - this.warmupFrom) * this.schedule(step);
  }

  /** Changing the learning rate keeps the weights and the optimiser's moments. */
  setLearningRate(lr: number): void {
    if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`learning rate must be a positive number, got ${lr}`);
    this.baseLr = lr;
  }

  /** One optimisation step on a fresh batch; never reads anything back. */
  trainStep(): void {
    this.stepCount += 1;
    const lr = this.lrAt(this.stepCount);
    for (const tally of this.tallies) {
      tally.optimizer.lr = lr;
      for (let r = 0; r < (tally.objective.repeats ?? 1); r++) this.stepObjective(tally);
    }
  }

  private stepObjective(t: Tally): void {
    const size = this.options.batch;
    const data = this.source.nextBatch(size);
    const seed = this.rng.seed();
    if (!this.prepared) this.prepare(data, size);
    tf.tidy(() => {
      const batch = tf.tensor2d(data, [size, 2]);
      const { loss, gradient, params } = t.objective.lossAndGradient?.(batch, seed) ?? this.tapedLossAndGradient(t, batch, seed);
      if (webgpuKernelsActive()) {
        // The same bookkeeping as below in one dispatch and a split (step-tally-webgpu.ts).
        const next = stepTallyOnWebgpu(loss, gradient, t);
        t.optimizer.applyGated(gradient, next.gate, params);
        t.lossSum.assign(next.lossSum);
        t.finiteSteps.assign(next.finiteSteps);
        t.badSteps.assign(next.badSteps);
        t.consecutiveBad.assign(next.consecutiveBad);
        return;
      }
      const ok = tf.logicalAnd(tf.isFinite(loss), tf.isFinite(tf.sum(gradient))) as tf.Scalar;
      t.optimizer.apply(gradient, ok);
      const okf = tf.cast(ok, 'float32');
      t.lossSum.assign(tf.add(t.lossSum, tf.where(ok, loss, 0)));
      t.finiteSteps.assign(tf.add(t.finiteSteps, okf));
      t.badSteps.assign(tf.add(t.badSteps, tf.sub(1, okf)));
      t.consecutiveBad.assign(tf.where(ok, tf.scalar(0), tf.add(t.consecutiveBad, 1)));
    });
  }

  /** The loss under tfjs's gradient tape, and its gradient flattened in the optimiser's order. */
  private tapedLossAndGradient(t: Tally, batch: tf.Tensor2D, seed: number): { loss: tf.Scalar; gradient: tf.Tensor1D; params?: tf.Tensor1D } {
    const { value, grads } = tf.variableGrads(() => t.objective.loss(batch, seed), t.objective.variables as tf.Variable[]);
    return { loss: value, gradient: t.optimizer.flatten(grads) };
  }

  /**
   * Data-dependent initialisation (actnorm) on the first batch, and the
   * step-0 snapshot taken after it: a rollback to step 0 must land on the
   * initialised model, since prepare never runs again.
   */
  private prepare(data: Float32Array, size: number): void {
    tf.tidy(() => this.model.prepare?.(tf.tensor2d(data, [size, 2])));
    this.prepared = true;
    this.lastGood.params.dispose();
    this.lastGood = { step: 0, params: snapshotFlat(this.model.variables) };
  }

  /**
   * Read the running tallies back (asynchronously) and reset them. This is also
   * where a run of non-finite steps is noticed and rolled back, and where a new
   * last-good snapshot is taken.
   */
  async read(): Promise<TrainStatus> {
    const values = await Promise.all(
      this.tallies.map(async (t) => {
        const data = await readAndDispose(tf.stack([t.lossSum, t.finiteSteps, t.badSteps, t.consecutiveBad]));
        return { name: t.objective.name, lossSum: data[0], finite: data[1], bad: data[2], consecutive: data[3] };
      }),
    );
    tf.tidy(() => {
      for (const t of this.tallies) for (const v of [t.lossSum, t.finiteSteps, t.badSteps]) v.assign(tf.zerosLike(v));
    });
    const losses: Record<string, number> = {};
    for (const v of values) losses[v.name] = v.finite > 0 ? v.lossSum / v.finite : Number.NaN;
    const skippedSteps = values.reduce((a, v) => a + v.bad, 0);
    const worst = Math.max(...values.map((v) => v.consecutive));
    let rollback: string | null = null;
    if (worst >= this.maxBadSteps) {
      rollback = `${worst} consecutive steps had a non-finite loss or gradient; restored the parameters of step ${this.lastGood.step} and reset the optimiser`;
      this.restoreLastGood();
    } else if (skippedSteps === 0) {
      this.lastGood.params.dispose();
      this.lastGood = { step: this.stepCount, params: snapshotFlat(this.model.variables) };
    }
    return { step: this.stepCount, losses, skippedSteps, rollback };
  }

  private restoreLastGood(): void {
    tf.tidy(() => {
      assignFlat(this.model.variables, this.lastGood.params);
      for (const t of this.tallies) t.consecutiveBad.assign(tf.scalar(0));
    });
    for (const t of this.tallies) t.optimizer.reset();
    this.warmupFrom = this.stepCount;
  }

  /** Disposes the trainer's own state; the model belongs to the caller. */
  dispose(): void {
    for (const t of this.tallies) {
      t.optimizer.dispose();
      tf.dispose([t.lossSum, t.finiteSteps, t.badSteps, t.consecutiveBad]);
    }
    this.lastGood.params.dispose();
  }
}
