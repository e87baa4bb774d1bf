/**
 * Does a point set cover (numerically) no area? Then maximum likelihood has no
 * answer: a flow can pile ever more of its mass onto the point or the line, the
 * density there grows without limit, and the NLL falls for ever. The app says so
 * next to the chart instead of letting a student wait for a floor.
 *
 * Plain JS on purpose (no tfjs): it runs on the browser's main thread when a
 * file is loaded, and a two-pass covariance of even 10⁶ points takes milliseconds.
 */
import { float32Spacing } from '../util/float32';

export type DegeneracyKind = 'point' | 'line';

export interface Degeneracy {
  kind: DegeneracyKind;
  /** One sentence for the student, saying why the NLL has no floor. */
  message: string;
}

/**
 * 'point': the spread (√ of the covariance's largest eigenvalue) is at most
 * this many float32 steps at the points' largest coordinate, i.e. the points
 * differ only by rounding. Measured in float32 steps rather than as a fraction
 * of the distance from the origin, so data far from the origin is judged by
 * what float32 can tell apart there: N(0,1) + 10⁶ (spread 1, steps of 0.0625)
 * is a cloud, not a point, and data in tiny units is not a point either.
 */
export const POINT_STEPS = 4;

/**
 * 'line': the covariance's smallest eigenvalue is at most this fraction of its
 * largest. Exactly collinear float32 points come out near 10⁻¹⁴ (rounding), a
 * visibly noisy line far above (noise 1 % of the length: ~10⁻⁴). At ratio r the
 * entropy is ½·ln r below that of a blob of the same extent, so even at the
 * threshold the NLL's floor lies ~7 nats below the blob's: as far as training is
 * concerned it keeps falling.
 */
export const LINE_RATIO = 1e-6;

/** Covariance eigenvalues and centre of x,y pairs, in float64 with the mean taken out first. */
function spread(points: Float32Array, n: number) {
  let mx = 0;
  let my = 0;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    mx += points[2 * i];
    my += points[2 * i + 1];
    maxAbs = Math.max(maxAbs, Math.abs(points[2 * i]), Math.abs(points[2 * i + 1]));
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = points[2 * i] - mx;
    const dy = points[2 * i + 1] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  [sxx, syy, sxy] = [sxx / n, syy / n, sxy / n];
  const largest = (sxx + syy) / 2 + Math.hypot((sxx - syy) / 2, sxy);
  // det/λmax rather than tr/2 − √…: the subtraction would cancel to noise
  // exactly when λmin is the tiny number we need to measure.
  const smallest = largest > 0 ? Math.max(0, (sxx * syy - sxy * sxy) / largest) : 0;
  return { mean: [mx, my] as const, largest, smallest, maxAbs };
}

const round = (v: number) => Number(v.toPrecision(4));

/**
 * null when the points span an area (or are empty, or hold a non-finite value:
 * the loader reports those); otherwise which degeneracy and a sentence about it.
 */
export function describeDegeneracy(points: Float32Array): Degeneracy | null {
  const n = Math.floor(points.length / 2);
  if (n === 0 || !points.every(Number.isFinite)) return null;
  const { mean, largest, smallest, maxAbs } = spread(points, n);
  if (Math.sqrt(largest) <= POINT_STEPS * float32Spacing(maxAbs)) {
    const where = `(${round(mean[0])}, ${round(mean[1])})`;
    return {
      kind: 'point',
      message:
        n === 1
          ? `There is only one point, ${where}, and a single point covers no area: the flow can squeeze all its probability onto it, so the density there grows without limit and the NLL keeps falling with no floor.`
          : `All ${n} points are the same point, ${where}, which covers no area: the flow can squeeze all its probability onto that spot, so the density there grows without limit and the NLL keeps falling with no floor.`,
    };
  }
  if (smallest <= LINE_RATIO * largest) {
    return {
      kind: 'line',
      message: `All ${n} points lie on one straight line, which covers no area: the flow can squeeze all its probability onto that line, so the density there grows without limit and the NLL keeps falling with no floor.`,
    };
  }
  return null;
}
