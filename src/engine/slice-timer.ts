import type { Session } from './session';

/**
 * Sizes training slices. On cpu and wasm a step runs synchronously, so the
 * slice simply stops once its time budget is spent. On WebGL and WebGPU a step
 * only queues GPU work and returns at once; timing the loop would queue seconds
 * of work per slice, and a Pause would then wait for the queue to drain. So on
 * GPU backends each slice ends with a fence (an awaited read of a weight), and
 * the next slice gets as many model steps as fit the budget at the measured rate.
 */
export class SliceTimer {
  /** Training time per slice: short enough for a 200 ms Pause with read-backs in between. */
  readonly budgetMs = 25;
  stepsPerSlice: number;

  constructor(private readonly gpu: boolean) {
    this.stepsPerSlice = gpu ? 1 : Number.POSITIVE_INFINITY;
  }

  async finish(session: Session, steps: number, start: number): Promise<void> {
    if (!this.gpu || steps === 0) return;
    const lastModel = session.runs[session.runs.length - 1].model;
    // Every queued step precedes this read in the device queue, so it resolves when they are done.
    await lastModel.variables[0].data();
    const perStep = (performance.now() - start) / steps;
    const fit = Math.floor(this.budgetMs / Math.max(perStep, 1e-3));
    this.stepsPerSlice = Math.max(1, Math.min(fit, 2 * this.stepsPerSlice));
  }
}
