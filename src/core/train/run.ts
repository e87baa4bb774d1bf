import type { NllEstimate } from '../metrics/nll';
import type { Trainer } from './trainer';

export interface CurvePoint {
  step: number;
  /** Mean training loss since the previous evaluation (NLL for a flow). */
  trainNll: number;
  testNll: number;
}

export interface RunOptions {
  steps: number;
  evalEvery: number;
  /** Scores held-out points; called every evalEvery steps and at the end. */
  evaluate: () => Promise<NllEstimate>;
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

/** Drive a trainer for a fixed number of steps, evaluating on a schedule. */
export async function runTraining(trainer: Trainer, opts: RunOptions): Promise<RunResult> {
  const curve: CurvePoint[] = [];
  const rollbacks: string[] = [];
  let skippedSteps = 0;
  let trainMs = 0;
  while (trainer.step < opts.steps) {
    const until = Math.min(opts.steps, trainer.step + opts.evalEvery);
    const start = performance.now();
    while (trainer.step < until) trainer.trainStep();
    const status = await trainer.read();
    trainMs += performance.now() - start;
    skippedSteps += status.skippedSteps;
    if (status.rollback) rollbacks.push(`step ${status.step}: ${status.rollback}`);
    const test = await opts.evaluate();
    const point = { step: status.step, trainNll: status.losses[opts.objective], testNll: test.mean };
    curve.push(point);
    opts.onEval?.(point, status.rollback);
  }
  return { curve, stepsPerSec: trainMs > 0 ? (opts.steps / trainMs) * 1000 : 0, rollbacks, skippedSteps };
}
