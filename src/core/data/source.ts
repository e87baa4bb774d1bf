import { createRng, type Rng } from '../util/rng';
import { TOY_DATASETS, type ToyName } from './toy';

/** The data stream the trainer consumes, the same shape for a toy density and a user's file. */
export interface DataSource {
  /** Dataset label or file name. */
  readonly label: string;
  /** Entropy floor in nats per point; null for user data, whose density nobody knows. */
  readonly entropy: number | null;
  /** Toy: fresh samples every call. Points: the next minibatch of the train split. */
  nextBatch(size: number): Float32Array;
  /** Toy: fresh samples from their own seed stream. Points: the held-out 20 %. The same array on every read: do not write to it. */
  readonly test: Float32Array;
  /** Toy: fresh samples from a third stream. Points: a 10 % slice of the train split. For KDE bandwidth choice. */
  readonly validation: Float32Array;
  /** Points in the train split; null for a toy source, which never runs out. */
  readonly trainCount: number | null;
}

export const TOY_TEST_SIZE = 50_000;
export const TOY_VALIDATION_SIZE = 10_000;
export const TEST_FRACTION = 0.2;
export const VALIDATION_FRACTION = 0.1;
export const MIN_SOURCE_POINTS = 10;

/**
 * Each purpose reads its own random stream, derived from the run seed alone, so
 * the test set never depends on how many batches were drawn before it was
 * looked at, and the same seed always gives the same test set.
 */
const STREAMS = { train: 1, test: 2, validation: 3, split: 4 } as const;

/** A well-mixed 32-bit seed for (run seed, stream): unlike seed + constant, runs with nearby seeds share no stream. */
export function streamSeed(seed: number, stream: keyof typeof STREAMS): number {
  let h = (Math.floor(seed) ^ Math.imul(STREAMS[stream], 0x9e3779b1)) >>> 0;
  // murmur3's finaliser
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function checkBatchSize(size: number): void {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, got ${size}`);
}

/** Compute on first read, then always return the same array. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export function toySource(name: ToyName, seed: number, opts: { testSize?: number; validationSize?: number } = {}): DataSource {
  const dataset = TOY_DATASETS[name];
  const train = createRng(streamSeed(seed, 'train'));
  // Lazy: 50,000 points are cheap, but the first frame should not wait on them.
  const test = once(() => dataset.sample(opts.testSize ?? TOY_TEST_SIZE, createRng(streamSeed(seed, 'test'))));
  const validation = once(() =>
    dataset.sample(opts.validationSize ?? TOY_VALIDATION_SIZE, createRng(streamSeed(seed, 'validation'))),
  );
  return {
    label: dataset.label,
    entropy: dataset.entropy,
    trainCount: null,
    nextBatch(size) {
      checkBatchSize(size);
      return dataset.sample(size, train);
    },
    get test() {
      return test();
    },
    get validation() {
      return validation();
    },
  };
}

function shuffledIndices(n: number, rng: Rng): Uint32Array {
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx;
}

function gather(points: Float32Array, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(2 * indices.length);
  for (let i = 0; i < indices.length; i++) {
    out[2 * i] = points[2 * indices[i]];
    out[2 * i + 1] = points[2 * indices[i] + 1];
  }
  return out;
}

/**
 * A user's points: a seeded shuffle, the last 20 % held out as the test set, the
 * rest for training. Minibatches walk the train split in a fresh random order
 * each epoch, so every point is seen once per epoch.
 */
export function pointsSource(points: Float32Array, seed: number, label: string): DataSource {
  if (points.length % 2 !== 0) throw new RangeError(`points must hold x,y pairs; got ${points.length} values`);
  const n = points.length / 2;
  if (n < MIN_SOURCE_POINTS) {
    throw new RangeError(`${label}: ${n} point${n === 1 ? '' : 's'} is too few to split into train and test; at least ${MIN_SOURCE_POINTS} are needed`);
  }
  const order = shuffledIndices(n, createRng(streamSeed(seed, 'split')));
  const testCount = Math.max(1, Math.round(n * TEST_FRACTION));
  const trainCount = n - testCount;
  const train = gather(points, order.subarray(0, trainCount));
  const test = gather(points, order.subarray(trainCount));
  // The train split is already in random order, so its head is a random 10 %.
  const validation = train.slice(0, 2 * Math.max(1, Math.round(trainCount * VALIDATION_FRACTION)));

  const rng = createRng(streamSeed(seed, 'train'));
  let epoch = shuffledIndices(trainCount, rng);
  let cursor = 0;
  return {
    label,
    entropy: null,
    trainCount,
    test,
    validation,
    nextBatch(size) {
      checkBatchSize(size);
      const batch = new Float32Array(2 * size);
      for (let i = 0; i < size; i++) {
        if (cursor === trainCount) {
          epoch = shuffledIndices(trainCount, rng);
          cursor = 0;
        }
        const p = epoch[cursor++];
        batch[2 * i] = train[2 * p];
        batch[2 * i + 1] = train[2 * p + 1];
      }
      return batch;
    },
  };
}
