import { describe, expect, it } from 'vitest';
import { isToyName, TOY_DATASETS, TOY_NAMES, type ToyName } from '../../../src/core/data/toy';
import { createRng } from '../../../src/core/util/rng';
import { knnEntropy } from './knn-entropy';

const N = 20_000;
const K = 2;
/**
 * At n = 20,000 the k = 2 estimate sits within about 0.02 nats of the floor for
 * every dataset (bias from hard edges and thin rings, plus noise of sd ≤ 0.012,
 * measured over 20 seeds), so 0.05 leaves room. A forgotten scale factor s moves
 * the entropy by 2·ln s: 0.69 for the 8-Gaussians' 1.414, 1.39 for a ×2, 0.19
 * even for a 10 % slip, all far outside it.
 */
const ENTROPY_TOLERANCE = 0.05;

const seedOf = (name: ToyName) => 100 + TOY_NAMES.indexOf(name);
const sampleOf = (name: ToyName, n = N, seed = seedOf(name)) => TOY_DATASETS[name].sample(n, createRng(seed));

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('toy dataset table', () => {
  it('lists the eight datasets in the agreed order, each filed under its own name', () => {
    expect(TOY_NAMES).toEqual(['8gaussians', 'moons', 'checkerboard', 'rings', 'circles', '2spirals', 'pinwheel', 'swissroll']);
    for (const name of TOY_NAMES) expect(TOY_DATASETS[name].name).toBe(name);
    expect(Object.keys(TOY_DATASETS).sort()).toEqual([...TOY_NAMES].sort());
  });

  it('carries the reference entropy floors', () => {
    expect(TOY_DATASETS['8gaussians'].entropy).toBe(2.8325);
    expect(TOY_DATASETS.checkerboard.entropy).toBeCloseTo(Math.log(32), 12);
    expect(TOY_DATASETS.checkerboard.entropySe).toBe(0);
    expect(TOY_DATASETS.swissroll.entropy).toBe(2.6692);
    for (const name of TOY_NAMES) expect(TOY_DATASETS[name].label).toMatch(/^[A-Z0-9]/);
  });

  it('recognises dataset names and nothing else', () => {
    expect(isToyName('moons')).toBe(true);
    expect(isToyName('Moons')).toBe(false);
    expect(isToyName('toString')).toBe(false);
  });
});

describe.each(TOY_NAMES)('%s', (name) => {
  const ds = TOY_DATASETS[name];

  it('is reproducible for a seed, differs across seeds, finite and of the right length', () => {
    const a = sampleOf(name, 1000, 7);
    expect(a).toBeInstanceOf(Float32Array);
    expect(a.length).toBe(2000);
    expect(a.every(Number.isFinite)).toBe(true);
    expect(sampleOf(name, 1000, 7)).toEqual(a);
    expect(sampleOf(name, 1000, 8)).not.toEqual(a);
    expect(ds.sample(0, createRng(1))).toHaveLength(0);
    expect(() => ds.sample(2.5, createRng(1))).toThrow(RangeError);
    expect(() => ds.sample(-1, createRng(1))).toThrow(RangeError);
  });

  it('draws its parameters at random rather than sweeping them along the sample', () => {
    // Evenly spaced angles or curve parameters would tie position to index.
    const pts = sampleOf(name);
    const index = Array.from({ length: N }, (_, i) => i);
    const feature = (f: (x: number, y: number) => number) => Array.from({ length: N }, (_, i) => f(pts[2 * i], pts[2 * i + 1]));
    for (const f of [(x: number) => x, (_: number, y: number) => y, Math.hypot, (x: number, y: number) => Math.atan2(y, x)]) {
      expect(Math.abs(correlation(index, feature(f)))).toBeLessThan(0.05);
    }
  });

  it(`has a k-NN entropy within ${ENTROPY_TOLERANCE} nats of its documented floor`, () => {
    const estimate = knnEntropy(sampleOf(name), K);
    expect(Math.abs(estimate - ds.entropy)).toBeLessThan(ENTROPY_TOLERANCE);
  });

  it('would fail that check if its coordinates were off by 10 %', () => {
    const scaled = sampleOf(name).map((v) => 1.1 * v);
    expect(Math.abs(knnEntropy(scaled, K) - ds.entropy)).toBeGreaterThan(ENTROPY_TOLERANCE);
  });
});

/** Which of the 8 Gaussians a point belongs to, by its compass sector. */
const sectorOf = (x: number, y: number) => (((Math.round(Math.atan2(y, x) / (Math.PI / 4)) % 8) + 8) % 8);

describe('mixture balance', () => {
  it('gives every component its share even to batches of one or of sizes the count does not divide', () => {
    const rng = createRng(12);
    for (const size of [1, 3, 100]) {
      const counts = new Array(8).fill(0);
      for (let b = 0; b < 8000 / size; b++) {
        const pts = TOY_DATASETS['8gaussians'].sample(size, rng);
        for (let i = 0; i < size; i++) counts[sectorOf(pts[2 * i], pts[2 * i + 1])]++;
      }
      const total = counts.reduce((s, c) => s + c, 0);
      // 1,000 expected per sector, binomial sd ≈ 30.
      for (const c of counts) expect(Math.abs(c / total - 1 / 8)).toBeLessThan(0.015);
    }
  });
});

describe('checkerboard geometry', () => {
  it('puts every point inside the 8 dark squares of side 2, evenly', () => {
    const pts = sampleOf('checkerboard');
    const counts = new Map<string, number>();
    for (let i = 0; i < N; i++) {
      const x = pts[2 * i], y = pts[2 * i + 1];
      expect(Math.abs(x)).toBeLessThanOrEqual(4);
      expect(Math.abs(y)).toBeLessThanOrEqual(4);
      const cx = Math.floor(x / 2), cy = Math.floor(y / 2);
      // The occupied squares are those whose column and row indices have equal parity.
      expect((((cx + cy) % 2) + 2) % 2).toBe(0);
      counts.set(`${cx},${cy}`, (counts.get(`${cx},${cy}`) ?? 0) + 1);
    }
    expect(counts.size).toBe(8);
    for (const c of counts.values()) expect(Math.abs(c / N - 1 / 8)).toBeLessThan(0.01);
  });
});

describe('8 Gaussians geometry', () => {
  it('forms 8 equal clusters on the compass directions at radius 4/1.414 with σ = 0.5/1.414', () => {
    const pts = sampleOf('8gaussians');
    const radius = 4 / 1.414;
    const sums = Array.from({ length: 8 }, () => ({ n: 0, x: 0, y: 0, sq: 0 }));
    for (let i = 0; i < N; i++) {
      const x = pts[2 * i], y = pts[2 * i + 1];
      const k = sectorOf(x, y);
      const s = sums[k];
      s.n++;
      s.x += x;
      s.y += y;
      s.sq += (x - radius * Math.cos((k * Math.PI) / 4)) ** 2 + (y - radius * Math.sin((k * Math.PI) / 4)) ** 2;
    }
    sums.forEach((s, k) => {
      expect(Math.abs(s.n / N - 1 / 8)).toBeLessThan(0.01);
      expect(s.x / s.n).toBeCloseTo(radius * Math.cos((k * Math.PI) / 4), 1);
      expect(s.y / s.n).toBeCloseTo(radius * Math.sin((k * Math.PI) / 4), 1);
      // ±0.015: a cluster of 2,500 pins σ to about ±0.004, and the unscaled σ = 0.5 is far off.
      expect(Math.abs(Math.sqrt(s.sq / s.n / 2) - 0.5 / 1.414)).toBeLessThan(0.015);
    });
  });
});
