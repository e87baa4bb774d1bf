import { storedPoints } from './series';
import type { RunInfo, Series } from './types';

/**
 * How the loaded model's data relates to the data on the page: the same
 * (its figures are on its own data), another dataset the page has (offer to
 * switch), or data the page does not have (a CSV file, a drawing: say so).
 */
export type DataMatch = { kind: 'same' } | { kind: 'switchable'; label: string } | { kind: 'unavailable'; name: string } | { kind: 'unknown' };

export function dataMatch(run: Pick<RunInfo, 'config' | 'loaded'>): DataMatch {
  const loaded = run.loaded;
  if (!loaded || loaded.trainedOn === '') return { kind: 'unknown' };
  const here = run.config.target === 'energy' ? run.config.energy : run.config.dataset;
  if (loaded.trainedOnLabel === null) return { kind: 'unavailable', name: loaded.trainedOn };
  return loaded.trainedOn === here ? { kind: 'same' } : { kind: 'switchable', label: loaded.trainedOnLabel };
}

/**
 * The model's held-out figure at the step it was loaded at (the first point
 * of the flow's test curve, if it is at that step): its NLL on the page's
 * data before any training here.
 */
export function figureAtLoad(curves: readonly Series[], loadedSteps: number | null): number | null {
  const test = curves.find((c) => c.family === 'flow' && c.split === 'test');
  if (!test) return null;
  const { steps, values } = storedPoints(test.points);
  return steps.length > 0 && steps[0] === (loadedSteps ?? 0) ? values[0] : null;
}
