import type { Trainer } from './trainer';

/** One point of a training curve, for `train` and `compare` alike. */
export interface CurvePoint {
  step: number;
  /**
   * Mean training loss since the previous point, of the run's named objective:
   * the NLL for a flow, −ELBO for a VAE, the discriminator's BCE for a GAN (ln 4
   * ≈ 1.386 when it can no longer tell real from fake). `losses` has every objective.
   */
  trainLoss: number;
  losses: Record<string, number>;
  /** The held-out figure the run's evaluate returned. */
  testNll: number;
  /** Grid JS of model samples against the test set, when the run measures it. */
  gridJs?: number;
}

export interface RunOptions {
  steps: number;
  evalEvery: number;
  /** Scores held-out points; called every evalEvery steps and at the end. */
  evaluate: (step: number) => Promise<{ testNll: number; gridJs?: number }>;
  /** Which objective's loss is the curve's training figure. */
  objective: string;
  onEval?: (point: CurvePoint, rollback: string | null) => void;
}

export interface RunResult {
  curve: CurvePoint[];
  /** Training steps per second, evaluation time excluded. */
  stepsPerSec: number;
  rollbacks: string[];
  /** Steps whose loss or gradient was not finite and so were not applied, over the whole run. */
  skippedSteps: number;
}

/** Drive a trainer for a fixed number of steps, evaluating on a schedule: the one headless training loop. */
export async function runTraining(trainer: Trainer, opts: RunOptions): Promise<RunResult> {
  const curve: CurvePoint[] = [];
  const rollbacks: string[] = [];
  let skippedSteps = 0;
  let trainMs = 0;
  while (trainer.step < opts.steps) {
    const until = Math.min(opts.steps, trainer.step + opts.evalEvery);
    const start = performance.now();
    while (trainer.step < until) trainer.trainStep();
    // read() waits for the device, so the steps are really done when the clock stops.
    const status = await trainer.read();
    trainMs += performance.now() - start;
    skippedSteps += status.skippedSteps;
    if (status.rollback) rollbacks.push(`step ${status.step}: ${status.rollback}`);
    const point = { step: status.step, trainLoss: status.losses[opts.objective], losses: status.losses, ...(await opts.evaluate(status.step)) };
    curve.push(point);
    opts.onEval?.(point, status.rollback);
  }
  return { curve, stepsPerSec: trainMs > 0 ? (opts.steps / trainMs) * 1000 : 0, rollbacks, skippedSteps };
}
