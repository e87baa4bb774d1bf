/** What the page's main thread keeps to draw at 60 frames a second: half a core. */
const MAIN_THREAD_CORES = 0.5;

/**
 * How much of a core a baseline's worker may train in, so the flow keeps a
 * core of its own and the page's main thread half of one: the baselines share
 * the rest. With more busy workers than cores the system shares the cores out
 * evenly, and the flow (the playground's subject) would get no more than a
 * VAE, the drawing no more than either; a baseline that rests for part of each
 * turn leaves them their share. At least a quarter each, so on a small machine
 * a baseline still moves.
 */
export function baselineShare(cores: number, baselines: number): number {
  if (baselines <= 0) return 1;
  return Math.max(0.25, Math.min(1, (cores - 1 - MAIN_THREAD_CORES) / baselines));
}

/** The rest after `busyMs` of work that keeps the work at `share` of the wall time. */
export function restAfter(busyMs: number, share: number): number {
  return share >= 1 ? 0 : busyMs * (1 / share - 1);
}
