import type { Rng } from '../util/rng';

/**
 * The FFJORD toy densities, generated exactly as in
 * shared/reference/toy-densities.md (including every final scaling, because
 * rescaling by s moves the entropy floor by 2·ln s).
 *
 * Angles and curve parameters are drawn at random, never evenly spaced: the
 * floors are entropies of the continuous distributions, and a grid of angles is a
 * different, lower-entropy distribution at small sample sizes.
 *
 * Mixture components (moon, ring, arm, spiral, Gaussian) are dealt in turn from a
 * random starting component rather than drawn point by point: the reference asks
 * for equal halves, every batch then holds the components in exact proportion
 * (less gradient noise), and the random start keeps a batch whose size the
 * component count does not divide (or a batch of one) from favouring the first
 * components. Each point's own coordinates are fresh random draws.
 *
 * Plain JS into a Float32Array, row-major [x0, y0, x1, y1, …]: fast and identical
 * on every tfjs backend.
 */
export const TOY_NAMES = ['8gaussians', 'moons', 'checkerboard', 'rings', 'circles', '2spirals', 'pinwheel', 'swissroll'] as const;
export type ToyName = (typeof TOY_NAMES)[number];

export function isToyName(s: string): s is ToyName {
  return (TOY_NAMES as readonly string[]).includes(s);
}

export interface ToyDataset {
  readonly name: ToyName;
  /** For people: menus, chart legends. */
  readonly label: string;
  /** Differential entropy of the generating distribution, nats per point: the NLL floor. */
  readonly entropy: number;
  /** The ± of that figure (Monte Carlo standard error); 0 when exact. */
  readonly entropySe: number;
  /** n fresh points drawn from `rng`. */
  sample(n: number, rng: Rng): Float32Array;
}

/** One point of a dataset from mixture component `c` (0 for datasets that are not mixtures). */
type PointRecipe = (c: number, rng: Rng) => [number, number];

function fromRecipe(components: number, recipe: PointRecipe) {
  return (n: number, rng: Rng): Float32Array => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`sample size must be a non-negative integer, got ${n}`);
    const out = new Float32Array(2 * n);
    const start = components > 1 ? rng.int(components) : 0;
    for (let i = 0; i < n; i++) {
      const [x, y] = recipe((start + i) % components, rng);
      out[2 * i] = x;
      out[2 * i + 1] = y;
    }
    return out;
  };
}

const TAU = 2 * Math.PI;

const eightGaussians: PointRecipe = (c, rng) => {
  const angle = (c * Math.PI) / 4;
  // 1.414, not √2: the recipe's constant, and the floor was computed with it.
  return [(4 * Math.cos(angle) + 0.5 * rng.normal()) / 1.414, (4 * Math.sin(angle) + 0.5 * rng.normal()) / 1.414];
};

const moons: PointRecipe = (c, rng) => {
  const t = Math.PI * rng.uniform();
  const outer = c === 0;
  const x = (outer ? Math.cos(t) : 1 - Math.cos(t)) + 0.1 * rng.normal();
  const y = (outer ? Math.sin(t) : 0.5 - Math.sin(t)) + 0.1 * rng.normal();
  return [2 * x - 1, 2 * y - 0.2];
};

const checkerboard: PointRecipe = (_c, rng) => {
  const x1 = 4 * rng.uniform() - 2;
  const b = rng.int(2);
  // Python's % is non-negative for a positive divisor; JS's keeps the sign of floor(x1).
  const column = ((Math.floor(x1) % 2) + 2) % 2;
  const x2 = rng.uniform() - 2 * b + column;
  return [2 * x1, 2 * x2];
};

const RING_RADII = [3, 2.25, 1.5, 0.75];
const rings: PointRecipe = (c, rng) => {
  const r = RING_RADII[c];
  const a = TAU * rng.uniform();
  // Noise after the radius scaling (unlike circles).
  return [r * Math.cos(a) + 0.08 * rng.normal(), r * Math.sin(a) + 0.08 * rng.normal()];
};

const circles: PointRecipe = (c, rng) => {
  const r = c === 0 ? 1 : 0.5;
  const a = TAU * rng.uniform();
  // Noise before the ×3 (scikit-learn's make_circles, then scaled), so σ = 0.24 on the raw coordinates.
  return [3 * (r * Math.cos(a) + 0.08 * rng.normal()), 3 * (r * Math.sin(a) + 0.08 * rng.normal())];
};

const twoSpirals: PointRecipe = (c, rng) => {
  const n = Math.sqrt(rng.uniform()) * 3 * Math.PI;
  const dx = -Math.cos(n) * n + 0.5 * rng.uniform();
  const dy = Math.sin(n) * n + 0.5 * rng.uniform();
  // Each point has its own draw of n (the reference code mirrors one draw into both halves, which
  // gives the same per-point distribution but pairs of dependent points).
  const sign = c === 0 ? 1 : -1;
  return [(sign * dx) / 3 + 0.1 * rng.normal(), (sign * dy) / 3 + 0.1 * rng.normal()];
};

const pinwheel: PointRecipe = (arm, rng) => {
  const f0 = 1 + 0.3 * rng.normal();
  const f1 = 0.1 * rng.normal();
  const a = (TAU * arm) / 5 + 0.25 * Math.exp(f0);
  const c = Math.cos(a);
  const s = Math.sin(a);
  return [2 * (f0 * c + f1 * s), 2 * (-f0 * s + f1 * c)];
};

const swissroll: PointRecipe = (_c, rng) => {
  const t = 1.5 * Math.PI + 3 * Math.PI * rng.uniform();
  return [(t * Math.cos(t) + rng.normal()) / 5, (t * Math.sin(t) + rng.normal()) / 5];
};

function dataset(
  name: ToyName,
  label: string,
  entropy: number,
  entropySe: number,
  components: number,
  recipe: PointRecipe,
): ToyDataset {
  return { name, label, entropy, entropySe, sample: fromRecipe(components, recipe) };
}

/** Floors from the reference table: Monte Carlo with the exact density, checkerboard exact (ln 32). */
export const TOY_DATASETS: Readonly<Record<ToyName, ToyDataset>> = {
  '8gaussians': dataset('8gaussians', '8 Gaussians', 2.8325, 0.0007, 8, eightGaussians),
  moons: dataset('moons', 'Two moons', 2.3934, 0.0005, 2, moons),
  checkerboard: dataset('checkerboard', 'Checkerboard', Math.log(32), 0, 1, checkerboard),
  rings: dataset('rings', 'Rings', 2.623, 0.0006, 4, rings),
  circles: dataset('circles', 'Circles', 3.2681, 0.0005, 2, circles),
  '2spirals': dataset('2spirals', 'Two spirals', 2.6465, 0.0005, 2, twoSpirals),
  pinwheel: dataset('pinwheel', 'Pinwheel', 2.3182, 0.0007, 5, pinwheel),
  swissroll: dataset('swissroll', 'Swiss roll', 2.6692, 0.0005, 1, swissroll),
};
