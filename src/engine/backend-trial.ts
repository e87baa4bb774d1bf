import { activate, type BackendChoice, type BackendName } from '../core/backend';
import { baseNoiseSource } from '../core/data/base-noise';
import type { FlowType } from '../core/flows/registry';
import { buildFlow, recipeFor } from '../core/flows/recipes';
import { Trainer } from '../core/train/trainer';

/** What Auto times: the run's own flow at its size, so the figure is the one the student will see. */
export interface TrialModel {
  flow: FlowType;
  layers: number;
  hidden: number;
  batch: number;
}

/** One candidate's measured speed. `timedSteps` 0 means only the first step fit the budget (`stepsPerSecond` is then 1000 / firstStepMs, a lower bound). */
export interface TrialResult {
  name: BackendName;
  stepsPerSecond: number;
  firstStepMs: number;
  timedSteps: number;
}

/**
 * Train the run's flow on the active backend for about `budgetMs` and return
 * its speed. The first step is timed apart: it compiles shaders on a GPU
 * backend, a one-off cost that says nothing about the steps after it. Each
 * step is awaited (`read` waits for the device), so a GPU's queued work is
 * counted, not just its dispatch.
 */
export async function timeTrainingSteps(name: BackendName, model: TrialModel, budgetMs: number): Promise<TrialResult> {
  const flow = buildFlow(recipeFor(model.flow, { layers: model.layers, hidden: model.hidden }), 0);
  // No warm-up or clip: a trial's few steps should cost what a mid-run step costs.
  const trainer = new Trainer(flow, baseNoiseSource(0), { lr: 1e-3, batch: model.batch, seed: 0, warmupSteps: 0, clipFactor: Number.POSITIVE_INFINITY });
  try {
    const start = performance.now();
    await oneStep(trainer);
    const firstStepMs = performance.now() - start;
    const timedStart = performance.now();
    let timedSteps = 0;
    while (performance.now() - start < budgetMs) {
      await oneStep(trainer);
      timedSteps++;
    }
    const timedMs = performance.now() - timedStart;
    const stepsPerSecond = timedSteps > 0 ? (1000 * timedSteps) / timedMs : 1000 / firstStepMs;
    return { name, stepsPerSecond, firstStepMs, timedSteps };
  } finally {
    trainer.dispose();
    flow.dispose();
  }
}

async function oneStep(trainer: Trainer): Promise<void> {
  trainer.trainStep();
  await trainer.read();
}

/**
 * Auto measures instead of assuming: each candidate that starts trains the
 * run's own flow for its share of the budget, and the fastest is kept and left
 * active (`started` readies a backend that just started, e.g. a kernel patch).
 * A GPU is not always faster than wasm for a network this small; only a
 * measurement on this machine can say which wins. Null when none started.
 */
export async function chooseByTiming(candidates: readonly BackendName[], model: TrialModel, started: (name: BackendName) => void = () => {}, totalMs = AUTO_BUDGET_MS): Promise<BackendChoice | null> {
  const skipped: BackendChoice['skipped'] = [];
  const share = trialShares(candidates.length, totalMs, TRIAL_CAP_MS);
  const measured: TrialResult[] = [];
  for (const name of candidates) {
    const failed = await activate(name);
    if (failed !== null) {
      skipped.push({ name, reason: failed });
      continue;
    }
    started(name);
    try {
      measured.push(await timeTrainingSteps(name, model, share));
    } catch (err) {
      skipped.push({ name, reason: `a trial training step failed: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  if (measured.length === 0) return null;
  const best = fastest(measured);
  await activate(best.name);
  const slower = measured.filter((m) => m !== best).map((m) => ({ name: m.name, reason: `measured ${speed(m)} against ${best.name}'s ${speed(best)}` }));
  return { name: best.name, skipped: [...skipped, ...slower], measured: measured.map(({ name, stepsPerSecond }) => ({ name, stepsPerSecond })) };
}

const speed = (m: TrialResult) => `${m.timedSteps === 0 ? '≤ ' : ''}${m.stepsPerSecond.toFixed(1)} steps/s`;

/** The fastest measured candidate; ties go to the earlier one (the browser's order: GPU first). */
export function fastest(results: readonly TrialResult[]): TrialResult {
  if (results.length === 0) throw new Error('no backend was measured');
  return results.reduce((best, r) => (r.stepsPerSecond > best.stepsPerSecond ? r : best));
}

/** Each candidate's share of Auto's whole budget, so the choice never delays the page by more than the budget. */
export function trialShares(candidates: number, totalMs: number, capMs: number): number {
  return candidates === 0 ? 0 : Math.min(capMs, totalMs / candidates);
}

export const AUTO_BUDGET_MS = 1500;
/** A lone candidate still gets a measured figure for the details, but the page should not wait the whole budget for it. */
export const TRIAL_CAP_MS = 500;
