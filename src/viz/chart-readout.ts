import type { StoredPoints } from '../state/series';

/**
 * The chart's hover and keyboard read-out: which step the cursor is on and
 * every curve's stored value there. Pure, so the panel, the drawing and the
 * tests agree on what "the value at a step" is.
 */

/** Index of the last point at or before `step`, or −1 (binary search: steps increase). */
export function indexAtOrBefore(steps: readonly number[], step: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid] <= step) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Every step any curve has a stored point at, ascending, without repeats. */
export function unionSteps(curves: readonly StoredPoints[]): number[] {
  const all = new Set<number>();
  for (const c of curves) for (const s of c.steps) all.add(s);
  return Array.from(all).sort((a, b) => a - b);
}

/** The stored step nearest to `step` (the cursor snaps to real points), or null if there are none. */
export function nearestStep(steps: readonly number[], step: number): number | null {
  if (steps.length === 0) return null;
  const i = indexAtOrBefore(steps, step);
  if (i < 0) return steps[0];
  if (i === steps.length - 1) return steps[i];
  return step - steps[i] <= steps[i + 1] - step ? steps[i] : steps[i + 1];
}

/**
 * A curve's value at `step`: its last stored point at or before it, with
 * that point's own step (a held-out figure read every few hundred steps
 * reports the reading in force), or null before its first point.
 */
export function valueAt(points: StoredPoints, step: number): { step: number; value: number } | null {
  const i = indexAtOrBefore(points.steps, step);
  return i < 0 ? null : { step: points.steps[i], value: points.values[i] };
}
