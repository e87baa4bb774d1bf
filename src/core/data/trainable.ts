/**
 * Points that float32 training cannot use, told apart from points it can.
 * Refused at load time (csv.ts, for the page and the CLI alike) with what to
 * do about it, rather than accepted and left to fail every step. Refused, not
 * silently rescaled or centred: the README promises the NLL of the user's own
 * coordinates, and the fix (divide or subtract) is one line of the user's own.
 */
import { float32Spacing } from '../util/float32';

/**
 * Largest |coordinate| accepted for training. Training squares coordinates
 * (the Gaussian base, actnorm's variance) and sums them over a batch: at 1e15
 * a batch of 65,536 (the CLI's largest) sums to ~7·10³⁴, a 5,000× margin
 * inside float32's 3.4·10³⁸ for the other factors in those sums, and flows
 * with actnorm (Glow, NICE) train there. At 1e19 the squares alone overflow
 * and no flow takes a single finite step (tests/core/data/trainable.test.ts).
 */
export const MAX_ABS_COORDINATE = 1e15;

/**
 * Fewest float32 steps a column's standard deviation must span where its
 * values lie. Below this the stored points sit visibly on a grid (at 1000
 * steps rounding moves a point by at most 0.05 % of the spread), and the NLL
 * measures the grid as much as the density. N(0,1) + 10⁶ spans 16 steps of
 * 0.0625; N(0,1) + 10⁴ spans 1,000 steps of 0.001.
 */
export const MIN_STEPS_PER_SPREAD = 1000;

const short = (v: number) => String(Number(v.toPrecision(3)));

/** The message for a coordinate too large to train on, or null. */
export function tooLargeProblem(value: number): string | null {
  if (Math.abs(value) <= MAX_ABS_COORDINATE) return null;
  return `too large to train on: coordinates must lie within ±1e15, because training squares them in float32; divide the data by a power of ten first`;
}

/**
 * Why no flow can learn from these points in float32, or null: a column whose
 * spread is too small for where it sits (a large offset). Columns with no
 * spread at all are left to describeDegeneracy, which explains them.
 */
export function coarseColumnProblem(points: Float32Array): string | null {
  const n = Math.floor(points.length / 2);
  if (n === 0) return null;
  for (const column of [0, 1]) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += points[2 * i + column];
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (points[2 * i + column] - mean) ** 2;
    const std = Math.sqrt(ss / n);
    const step = float32Spacing(Math.abs(mean) + std);
    if (std > 0 && std < MIN_STEPS_PER_SPREAD * step) {
      return (
        `column ${column + 1} is centred near ${short(mean)} but spreads only about ${short(std)}: float32, which training uses, ` +
        `stores values there in steps of ${short(step)}, too coarse to learn a density from; subtract about ${short(mean)} from column ${column + 1} first (a shift leaves the NLL unchanged)`
      );
    }
  }
  return null;
}
