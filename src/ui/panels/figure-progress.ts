import { storedPoints } from '../../state/series';
import type { Family, Series } from '../../state/types';
import { emaByStep, smoothingSteps } from '../../viz/ema';

/**
 * A held-out figure's history, read from its chart curve: its smoothed value
 * now (the chart's EMA, so table and chart agree) and its lowest reading so
 * far with that reading's step. The lowest is exact even after decimation
 * (state/series.ts keeps every bucket's minimum); of noisy readings it is
 * an optimistic figure, which the smoothed one is not.
 */
export function figureProgress(curves: readonly Series[], family: Family, figureId: string, maxStep: number): { smoothed: number; best: number; bestStep: number } | null {
  const curve = curves.find((c) => c.id === `${family}:test:${figureId}`);
  if (!curve) return null;
  const { steps, values } = storedPoints(curve.points);
  if (steps.length === 0) return null;
  let best = Infinity;
  let bestStep = steps[0];
  for (let i = 0; i < values.length; i++) {
    if (values[i] < best) {
      best = values[i];
      bestStep = steps[i];
    }
  }
  const smoothed = emaByStep(steps, values, smoothingSteps(steps, Math.max(maxStep, steps[steps.length - 1])));
  return { smoothed: smoothed[smoothed.length - 1], best, bestStep };
}

/** Fewer held-out points than this and a single test reading is too noisy to judge progress by. */
export const SMALL_TEST_SET = 1000;
