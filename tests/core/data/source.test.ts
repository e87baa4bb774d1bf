import { describe, expect, it } from 'vitest';
import { pointsSource, streamSeed, toySource } from '../../../src/core/data/source';
import { TOY_DATASETS } from '../../../src/core/data/toy';

/** Points i = 0..n−1 at (i, −i): each point names itself, so any array of them can be traced back. */
const numbered = (n: number) => Float32Array.from({ length: 2 * n }, (_, j) => (j % 2 === 0 ? j / 2 : -(j - 1) / 2));
const ids = (pts: Float32Array) => Array.from({ length: pts.length / 2 }, (_, i) => pts[2 * i]);

describe('toySource', () => {
  it('describes its dataset and its floor', () => {
    const src = toySource('moons', 1);
    expect(src.label).toBe('Two moons');
    expect(src.entropy).toBe(TOY_DATASETS.moons.entropy);
    expect(src.trainCount).toBeNull();
  });

  it('has test and validation sets of the default sizes, overridable', () => {
    const src = toySource('rings', 2);
    expect(src.test.length).toBe(2 * 50_000);
    expect(src.validation.length).toBe(2 * 10_000);
    const small = toySource('rings', 2, { testSize: 300, validationSize: 40 });
    expect(small.test.length).toBe(600);
    expect(small.validation.length).toBe(80);
    // A smaller set is a prefix of the same stream, not another draw.
    expect(small.test).toEqual(src.test.subarray(0, 600));
  });

  it('gives the same test and validation sets on every read and for every source with that seed', () => {
    const a = toySource('pinwheel', 3, { testSize: 2000, validationSize: 500 });
    expect(a.test).toBe(a.test);
    expect(a.validation).toBe(a.validation);
    const b = toySource('pinwheel', 3, { testSize: 2000, validationSize: 500 });
    expect(b.test).toEqual(a.test);
    expect(b.validation).toEqual(a.validation);
    expect(toySource('pinwheel', 4, { testSize: 2000 }).test).not.toEqual(a.test);
  });

  it('keeps the test set independent of how many batches were drawn, and before or after', () => {
    const fresh = toySource('2spirals', 5, { testSize: 1000, validationSize: 200 });
    const busy = toySource('2spirals', 5, { testSize: 1000, validationSize: 200 });
    for (let i = 0; i < 7; i++) busy.nextBatch(256);
    expect(busy.test).toEqual(fresh.test);
    expect(busy.validation).toEqual(fresh.validation);
    // …and reading the test set does not move the training stream either.
    const untouched = toySource('2spirals', 5);
    for (let i = 0; i < 7; i++) untouched.nextBatch(256);
    expect(busy.nextBatch(64)).toEqual(untouched.nextBatch(64));
  });

  it('draws training, test and validation points from three different streams', () => {
    const src = toySource('checkerboard', 6, { testSize: 100, validationSize: 100 });
    const batch = src.nextBatch(100);
    expect(batch).not.toEqual(src.test);
    expect(batch).not.toEqual(src.validation);
    expect(src.test).not.toEqual(src.validation);
    expect(new Set([streamSeed(6, 'train'), streamSeed(6, 'test'), streamSeed(6, 'validation'), streamSeed(7, 'train')]).size).toBe(4);
  });

  it('samples fresh batches every call, reproducibly per seed', () => {
    const a = toySource('swissroll', 8);
    const b = toySource('swissroll', 8);
    const first = a.nextBatch(128);
    expect(first.length).toBe(256);
    expect(b.nextBatch(128)).toEqual(first);
    expect(a.nextBatch(128)).not.toEqual(first);
    expect(toySource('swissroll', 9).nextBatch(128)).not.toEqual(first);
    expect(() => a.nextBatch(0)).toThrow(RangeError);
  });
});

describe('pointsSource', () => {
  const N = 1000;

  it('splits 80/20 by a seeded shuffle, losing and duplicating nothing', () => {
    const src = pointsSource(numbered(N), 1, 'mine.csv');
    expect(src.label).toBe('mine.csv');
    expect(src.entropy).toBeNull();
    expect(src.trainCount).toBe(800);
    expect(src.test.length).toBe(2 * 200);
    const testIds = ids(src.test);
    // Shuffled, not the last fifth of the file.
    expect(testIds.filter((i) => i >= 800).length).toBeLessThan(100);
    // One epoch's worth of batch is the whole train split.
    const train = new Set(ids(src.nextBatch(800)));
    expect(train.size).toBe(800);
    expect(new Set([...train, ...testIds]).size).toBe(N);
    // Points stay whole: x and y of a pair travel together.
    for (let i = 0; i < 200; i++) expect(src.test[2 * i + 1]).toBe(-src.test[2 * i]);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const a = pointsSource(numbered(N), 2, 'a');
    const b = pointsSource(numbered(N), 2, 'a');
    expect(b.test).toEqual(a.test);
    expect(b.validation).toEqual(a.validation);
    expect(b.nextBatch(50)).toEqual(a.nextBatch(50));
    expect(pointsSource(numbered(N), 3, 'a').test).not.toEqual(a.test);
  });

  it('takes validation as a 10 % slice of the train split', () => {
    const src = pointsSource(numbered(N), 4, 'v');
    expect(src.validation.length).toBe(2 * 80);
    const testIds = new Set(ids(src.test));
    for (const id of ids(src.validation)) expect(testIds.has(id)).toBe(false);
  });

  it('draws batches only from the train split, each point once per epoch', () => {
    const src = pointsSource(numbered(N), 5, 'e');
    const testIds = new Set(ids(src.test));
    const seen = new Map<number, number>();
    // Batches of 96 do not divide 800: epochs roll over mid-batch.
    for (let b = 0; b < 25; b++) {
      for (const id of ids(src.nextBatch(96))) {
        expect(testIds.has(id)).toBe(false);
        seen.set(id, (seen.get(id) ?? 0) + 1);
      }
    }
    // 2,400 draws = exactly 3 epochs of 800.
    expect(seen.size).toBe(800);
    for (const count of seen.values()) expect(count).toBe(3);
  });

  it('handles the smallest allowed file and refuses smaller or ragged ones clearly', () => {
    const ten = pointsSource(numbered(10), 6, 'ten');
    expect(ten.trainCount).toBe(8);
    expect(ten.test.length).toBe(4);
    expect(ten.nextBatch(20).length).toBe(40);
    expect(() => pointsSource(numbered(9), 6, 'nine.csv')).toThrow(/nine\.csv: 9 points is too few.*at least 10/);
    expect(() => pointsSource(new Float32Array(21), 6, 'odd')).toThrow(/x,y pairs/);
  });
});

