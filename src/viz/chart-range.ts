/**
 * The NLL chart's y range, chosen so the curves as they are now fill the
 * plot: the first steps' losses (a GAN's kernel estimate starts past 7 nats)
 * and single spikes of a small test set would otherwise squash every curve
 * into the bottom fifth. Whatever is left out is clipped at the plot's edge
 * with a mark, never silently.
 */

/** Points in the first share of the steps are warm-up: they do not set the range. */
export const WARM_UP_SHARE = 0.1;
/*
 * Nor does a single spike after warm-up (one bad reading of a small test
 * set): each curve is passed through a 3-point running median first, which
 * removes isolated points but leaves a smooth decline, however steep, and
 * the newest reading (the last point) exactly as they are.
 */

export interface CurveValues {
  steps: readonly number[];
  /** Already in the axis's units (the NLL, or its gap above the floor on a log axis). */
  values: readonly number[];
}

/**
 * [lo, hi] covering every curve after warm-up, outliers aside, or null when
 * there is nothing finite. A curve with no point after warm-up (a figure
 * read rarely) contributes its last point.
 */
export function robustExtent(curves: readonly CurveValues[], maxStep: number): [number, number] | null {
  const cut = WARM_UP_SHARE * maxStep;
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of curves) {
    let kept: number[] = [];
    for (let i = 0; i < c.values.length; i++) if (c.steps[i] >= cut && Number.isFinite(c.values[i])) kept.push(c.values[i]);
    if (kept.length === 0) {
      const last = lastFinite(c.values);
      if (last === undefined) continue;
      kept = [last];
    }
    const n = kept.length;
    for (let i = 0; i < n; i++) {
      const v = median3(kept[Math.max(0, i - 1)], kept[i], kept[Math.min(n - 1, i + 1)]);
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
}

function lastFinite(values: readonly number[]): number | undefined {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i])) return values[i];
  return undefined;
}

function median3(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}

/** The smallest gap above the floor a log axis shows; a figure at or below the floor sits on the bottom edge. */
export const MIN_GAP = 1e-3;

/**
 * The y domain: the robust extent padded a little, widened to the floor on a
 * linear axis (the floor is the yardstick, it must be in view), and never
 * narrower than `minSpan` nats so a flat curve is not magnified into noise.
 */
export function yDomain(extent: [number, number] | null, floor: number | null, log: boolean): [number, number] {
  if (log) {
    if (!extent) return [0.01, 10];
    const lo = Math.max(MIN_GAP, extent[0]);
    const hi = Math.max(extent[1], lo * 4);
    return [lo / 1.25, hi * 1.25];
  }
  if (!extent) return floor === null ? [0, 5] : [floor - 0.2, floor + 3];
  let [lo, hi] = extent;
  if (floor !== null) lo = Math.min(lo, floor);
  const span = Math.max(hi - lo, 0.2);
  return [lo - 0.06 * span, lo + span * 1.1];
}
