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

/** Linear ramp from 1/steps at step 1 to 1 at step `steps`, then 1. No ramp when steps ≤ 0. */
export function warmupFactor(steps: number): LrSchedule {
  return (step) => (steps > 0 ? Math.min(1, step / steps) : 1);
}

/** Cosine decay from 1 to `floor` over `total` steps: the default schedule for fixed-length CLI runs. */
export function cosineSchedule(total: number, floor = 0.05): LrSchedule {
  return (step) => floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * Math.min(step / total, 1)));
}
