/**
 * How much of a core a baseline's worker may train in, so the flow keeps a
 * core of its own: the baselines share the others. With more busy workers
 * than cores the system shares the cores out evenly, and the flow (the
 * playground's subject) would get no more than a VAE; a baseline that rests
 * for part of each turn leaves the flow its core. At least a quarter each, so
 * on one core a baseline still moves.
 */
export function baselineShare(cores: number, baselines: number): number {
  if (baselines <= 0) return 1;
  return Math.max(0.25, Math.min(1, (cores - 1) / baselines));
}

/** The rest after `busyMs` of work that keeps the work at `share` of the wall time. */
export function restAfter(busyMs: number, share: number): number {
  return share >= 1 ? 0 : busyMs * (1 / share - 1);
}
