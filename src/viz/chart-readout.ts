import { bisectRight, sort, union } from 'd3';
import type { StoredPoints } from '../state/series';

/**
 * The chart's hover and keyboard read-out: which step the cursor is on and
 * every curve's stored value there. Pure, so the panel, the drawing and the
 * tests agree on what "the value at a step" is.
 */

/** Index of the last point at or before `step`, or −1 (steps increase). */
export function indexAtOrBefore(steps: readonly number[], step: number): number {
  return bisectRight(steps, step) - 1;
}

/** Every step any curve has a stored point at, ascending, without repeats. */
export function unionSteps(curves: readonly StoredPoints[]): number[] {
  return sort(union(...curves.map((c) => c.steps)));
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
