/**
 * Exponential moving average over training steps, for the chart's smoothed
 * view and the table's smoothed figure.
 *
 * The decay is per step, not per point: train losses arrive every few steps
 * and held-out figures every few hundred, and old history is decimated
 * (state/series.ts), so a per-point average would smooth each curve over a
 * different stretch of training. Debiased (divided by the sum of weights),
 * so the first points are not pulled towards zero.
 */
export function emaByStep(steps: readonly number[], values: readonly number[], tauSteps: number): number[] {
  const out: number[] = new Array(values.length);
  let num = 0;
  let den = 0;
  for (let i = 0; i < values.length; i++) {
    const decay = i === 0 || tauSteps <= 0 ? 0 : Math.exp(-(steps[i] - steps[i - 1]) / tauSteps);
    if (!Number.isFinite(values[i])) {
      out[i] = den ? num / den : Number.NaN;
      continue;
    }
    num = decay * num + values[i];
    den = decay * den + 1;
    out[i] = num / den;
  }
  return out;
}

/** Share of the steps trained so far that the smoothing spans: the same look at step 500 and at 50,000. */
export const SMOOTHING_SHARE = 0.03;
/** However short the run, average over about this many of a curve's points. */
const MIN_POINTS = 4;

/** The EMA's time constant in steps for a curve with these steps, on a chart reaching `maxStep`. */
export function smoothingSteps(steps: readonly number[], maxStep: number): number {
  const n = steps.length;
  const meanGap = n > 1 ? (steps[n - 1] - steps[0]) / (n - 1) : 0;
  return Math.max(SMOOTHING_SHARE * maxStep, MIN_POINTS * meanGap);
}
