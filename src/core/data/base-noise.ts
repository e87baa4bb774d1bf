import type { BatchSource } from '../train/trainer';
import { createRng, type Rng } from '../util/rng';
import { streamSeed } from './source';

/**
 * Standard-normal base samples z ~ N(0, I) in 2-D, as [x, y] pairs.
 *
 * For reverse-KL energy fitting there is no data: the "batch" the trainer hands
 * to the loss is base noise, which the loss pushes through the flow. Drawn in
 * plain JS from the seeded stream so a run is reproducible from its seed and the
 * trainer needs no special case.
 */
export function baseNoise(count: number, seed: number): Float32Array {
  return fillNormal(new Float32Array(2 * count), createRng(seed));
}

/** A trainer batch source of fresh base noise, reproducible from `seed`. */
export function baseNoiseSource(seed: number): BatchSource {
  // The same stream split as the data sources: training noise never coincides
  // with a held-out set drawn by `heldOutBaseNoise` from the same run seed.
  const rng = createRng(streamSeed(seed, 'train'));
  return {
    nextBatch(size) {
      if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, got ${size}`);
      return fillNormal(new Float32Array(2 * size), rng);
    },
  };
}

/** A fixed set of base samples for a held-out Monte-Carlo estimate of the loss. */
export function heldOutBaseNoise(count: number, seed: number): Float32Array {
  return baseNoise(count, streamSeed(seed, 'test'));
}

function fillNormal(out: Float32Array, rng: Rng): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = rng.normal();
  return out;
}
