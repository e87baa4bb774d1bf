import { FLOW_REGISTRY } from '../core/flows/registry';
import { readAndDispose } from '../core/util/read-back';
import { LiveScores } from './live-scores';
import type { Family, FromWorker } from './protocol';
import { readTrace } from './read-trace';
import type { Session } from './session';

/**
 * One kind of read-back: how often it may run while training, and the work,
 * which ends in a message for the main thread. Tasks run between training
 * slices, never during one, so a task sees the weights of a single step.
 */
export interface ReadbackTask {
  readonly id: string;
  /** Minimum ms between runs while training; when paused a task runs once per new step. */
  readonly intervalMs: number;
  /**
   * Most of the worker's time this task may take while training. On a slow or
   * busy machine a read-back costs more, and without this cap the panels
   * would eat the time the models should be training in.
   */
  readonly maxShare: number;
  run(): Promise<FromWorker[]>;
  lastRunAt: number;
  /** How long the last run took, ms. */
  lastDurationMs: number;
  /** The session version (see Session.version) this task last described; −1 until its first run. */
  lastVersion: number;
}

/** However costly a read-back, it runs at least this often while training, so no figure goes stale. */
const MAX_INTERVAL_MS = 8000;

/** Samples of the other models drawn over the Data panel. */
const SHOWN_SAMPLES = 1500;

/**
 * The read-back table of a session, in priority order (first drawn first after a
 * reset: the density, which the page must show within a second and a half, then
 * the figures; the trace last, as its shapes are new to a GPU backend's shader
 * cache: on a software WebGPU adapter the first trace takes many seconds).
 * Intervals are the throttle: visuals a few times a second, the held-out
 * figures about once a second, the other models' (costlier) read-backs less often, and
 * traces as often as the flow type's cost hint says (planar layers find roots).
 * A session has tasks for the models it trains: in the page, a worker's one model.
 */
export function readbackTasks(session: Session): ReadbackTask[] {
  const scores = new LiveScores(session);
  const stamp = { gen: session.gen };
  const losses = { id: 'losses', intervalMs: 250, maxShare: 0.03, run: () => readLosses(session) };
  const tasks: Omit<ReadbackTask, 'lastRunAt' | 'lastVersion' | 'lastDurationMs'>[] = [];
  for (const { family } of session.runs) {
    // The flow is the playground's subject; the others are there to compare with.
    if (family === 'flow') tasks.push(densityTask('flow', 300, 0.08), evaluationTask('flow', 1000, 0.05), traceTask());
    else tasks.push(densityTask(family, 1500, 0.03), samplesTask(family, 600, 0.015), evaluationTask(family, 2500, 0.05));
  }
  // The losses right after the first picture: they are the chart's first points.
  tasks.splice(1, 0, losses);
  return tasks.map((t) => ({ ...t, lastRunAt: -Infinity, lastVersion: -1, lastDurationMs: 0 }));

  function traceTask() {
    return task('trace', FLOW_REGISTRY[session.config.flow].cost.traceIntervalMs, 0.07, async () => [
      { type: 'trace', ...stamp, step: session.steps, layers: session.flow.layers.length, snapshots: await readTrace(session) },
    ]);
  }

  function densityTask(family: Family, intervalMs: number, maxShare: number) {
    return task(`density-${family}`, intervalMs, maxShare, async () => {
      const { method, logDensity } = await scores.density(family);
      return [{ type: 'density', ...stamp, step: session.steps, family, method, size: Math.sqrt(logDensity.length), logDensity }];
    });
  }

  function evaluationTask(family: Family, intervalMs: number, maxShare: number) {
    return task(`evaluation-${family}`, intervalMs, maxShare, async () => [
      { type: 'evaluation', ...stamp, step: session.steps, family, figures: await scores.figures(family) },
    ]);
  }

  function samplesTask(family: Family, intervalMs: number, maxShare: number) {
    return task(`samples-${family}`, intervalMs, maxShare, async () => {
      // A copy: on the cpu backend data() hands out the tensor's own store, which transferring would detach.
      const points = Float32Array.from(await readAndDispose(session.run(family)!.model.sample(SHOWN_SAMPLES, session.config.seed + 5)));
      return [{ type: 'samples', ...stamp, step: session.steps, family, points }];
    });
  }
}

const task = (id: string, intervalMs: number, maxShare: number, run: () => Promise<FromWorker[]>) => ({ id, intervalMs, maxShare, run });

/** Mean training losses since the last read, and any rollback the trainers performed. */
async function readLosses(session: Session): Promise<FromWorker[]> {
  const out: FromWorker[] = [];
  const losses: Partial<Record<Family, Record<string, number>>> = {};
  for (const run of session.runs) {
    const status = await run.trainer.read();
    losses[run.family] = status.losses;
    if (status.rollback) out.push({ type: 'notice', gen: session.gen, message: `${run.family.toUpperCase()}: ${status.rollback}` });
  }
  out.unshift({ type: 'losses', gen: session.gen, step: session.steps, losses });
  return out;
}

/**
 * The task to run next: among those with something new to show (a model step
 * they have not described) whose interval has passed (stretched when the
 * task's cost would exceed its share, up to MAX_INTERVAL_MS), the most
 * overdue relative to its interval, so slow tasks are not starved by fast ones. When paused,
 * intervals are ignored: a Step or a reset refreshes every panel at once.
 */
export function nextDueTask(tasks: ReadbackTask[], version: number, training: boolean, now: number): ReadbackTask | null {
  let best: ReadbackTask | null = null;
  let bestLateness = -Infinity;
  for (const task of tasks) {
    if (task.lastVersion === version) continue;
    const interval = Math.min(MAX_INTERVAL_MS, Math.max(task.intervalMs, task.lastDurationMs / task.maxShare));
    const lateness = (now - task.lastRunAt) / interval;
    if (training && lateness < 1) continue;
    if (!training) return task;
    if (lateness > bestLateness) {
      best = task;
      bestLateness = lateness;
    }
  }
  return best;
}
