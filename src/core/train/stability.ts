/**
 * What keeps a training run steady, in one place: the learning-rate warm-up
 * and the gradient-norm clip every Trainer applies (the page's worker and the
 * CLI both build Trainers, so both get them), and the schedules a run may add
 * on top.
 *
 * Why a warm-up: Adam's first updates divide by a second-moment estimate made
 * from a handful of gradients, so every parameter moves by about the full lr
 * in whichever direction those few batches said. Glow stacks 3 scale-bearing
 * layers per step (actnorm, the LU diagonal, the coupling), and their log-scales
 * moving together at full lr is what threw its test NLL up by nats early on.
 * Ramping the lr over the first steps lets the moment estimates settle first.
 *
 * Why a clip: a batch that lands on the thin tail of the current flow gives a
 * gradient many times the usual size; Adam's first moment carries a tenth of
 * it into the next ten-odd updates. Clipping the global norm at a multiple of
 * its running average bounds that, whatever the model's usual gradient size.
 */

/** Steps over which the lr ramps linearly up to its set value. */
export const DEFAULT_WARMUP_STEPS = 200;

/**
 * The gradient's global norm is clipped at this multiple of its running
 * average (flat-adam.ts): ordinary batches pass untouched, a batch several
 * times steeper than usual is scaled back to this.
 */
export const DEFAULT_CLIP_FACTOR = 2;

/** Multiplier on the lr as a function of the 1-based step. */
export type LrSchedule = (step: number) => number;

/** No schedule: the lr stays at its set value (after the warm-up). */
export const constantSchedule: LrSchedule = () => 1;

/** Linear ramp from 1/steps at step 1 to 1 at step `steps`, then 1. No ramp when steps ≤ 0. */
export function warmupFactor(steps: number): LrSchedule {
  return (step) => (steps > 0 ? Math.min(1, step / steps) : 1);
}

/** Cosine decay from 1 to `floor` over `total` steps: the default schedule for fixed-length CLI runs. */
export function cosineSchedule(total: number, floor = 0.05): LrSchedule {
  return (step) => floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * Math.min(step / total, 1)));
}

/**
 * 1/√t decay for open-ended runs (the page trains with no known end, so a
 * cosine has nothing to aim at): the multiplier is 1 up to step `from`, then
 * √(from / step), never below `floor`. Adam's noise around a minimum scales
 * with the lr, so a constant lr keeps the density shimmering (and spiking)
 * at the level it reached early; halving the lr for every fourfold of steps
 * lets a long run keep sharpening while early steps still move fast.
 */
export function inverseSqrtSchedule(from: number, floor: number): LrSchedule {
  return (step) => Math.max(floor, step <= from ? 1 : Math.sqrt(from / step));
}

/** Step after which the live schedule starts to decay. */
export const LIVE_DECAY_FROM = 1000;
/** The live schedule's multiplier never goes below this. */
export const LIVE_LR_FLOOR = 0.05;

/** The schedule of every run without a fixed length (the page's, and the CLI's `--schedule live`). */
export function liveSchedule(): LrSchedule {
  return inverseSqrtSchedule(LIVE_DECAY_FROM, LIVE_LR_FLOOR);
}

/** What the live lr is doing at a step, for the page to show beside the slider. */
export type LivePhase = 'warm-up' | 'peak' | 'decay' | 'floor';

/**
 * The lr a run with the Trainer's defaults (warm-up, live schedule) uses at
 * `step` (1-based; 0 before the first step) for the peak lr `peak`, and which
 * phase that is. The page computes this from the step count it is shown and
 * `warmupFrom`, the step the trainer's warm-up counts from (0, or its last
 * rollback, which starts the warm-up again: Trainer.warmupStart).
 */
export function liveLearningRate(peak: number, step: number, warmupFrom = 0): { lr: number; phase: LivePhase } {
  const s = Math.max(1, step);
  const sinceWarmup = Math.max(1, s - warmupFrom);
  const lr = peak * warmupFactor(DEFAULT_WARMUP_STEPS)(sinceWarmup) * liveSchedule()(s);
  const phase: LivePhase = sinceWarmup < DEFAULT_WARMUP_STEPS ? 'warm-up' : s <= LIVE_DECAY_FROM ? 'peak' : liveSchedule()(s) <= LIVE_LR_FLOOR ? 'floor' : 'decay';
  return { lr, phase };
}
