import { appendPoint, EMPTY_SERIES, type BoundedSeries } from '../../../src/state/series';

/** A series holding these points, every one appended in turn as the store does. */
export function seriesOf(steps: readonly number[], values: readonly number[]): BoundedSeries {
  let s = EMPTY_SERIES;
  for (let i = 0; i < Math.min(steps.length, values.length); i++) s = appendPoint(s, steps[i], values[i]);
  return s;
}
