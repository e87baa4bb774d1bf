/**
 * One chart curve's points, bounded in memory and in per-append work however
 * long the page trains.
 *
 * The newest RECENT_POINTS points are kept exactly; older ones are folded
 * into buckets of `stride` consecutive points, each kept as its lowest and
 * highest point (a min/max envelope, in step order), so an old spike or dip
 * still shows and the series' overall min and max are never lost. When the
 * buckets exceed OLD_BUCKETS, neighbours merge pairwise and the stride
 * doubles: old history has one uniform resolution across the x axis, which
 * suits the chart's linear step axis.
 *
 * Immutable, because zustand notifies on a new reference and a snapshot of
 * the store (an export, a hover read-out) must not change under its reader.
 * Yet an append copies only the open chunk of at most CHUNK points: the
 * recent points are a list of frozen chunks, and the bucket list is rebuilt
 * only when a whole chunk ages out (once every CHUNK appends). The work of
 * any single append is bounded by a constant, never by the history's length.
 */

/** Points kept at full resolution, at the end of the series. */
export const RECENT_POINTS = 512;
/** Points per frozen chunk of the recent part; an append copies the open chunk only. */
export const CHUNK = 64;
/** Buckets kept for the older part (each one or two stored points). */
export const OLD_BUCKETS = 512;
/** No series ever stores more points than this. */
export const MAX_STORED_POINTS = RECENT_POINTS + CHUNK + 2 * (OLD_BUCKETS + 1);

export interface Point {
  readonly step: number;
  readonly value: number;
}

interface Chunk {
  readonly steps: readonly number[];
  readonly values: readonly number[];
}

/** `count` consecutive raw points, kept as the lowest and the highest of them. */
interface Bucket {
  readonly count: number;
  readonly min: Point;
  readonly max: Point;
}

export interface BoundedSeries {
  /** Older history: each bucket covers `stride` raw points, oldest first. */
  readonly old: readonly Bucket[];
  readonly stride: number;
  /** Raw points that left the recent part but do not yet fill a bucket. */
  readonly pending: Bucket | null;
  /** Full-resolution frozen chunks of CHUNK points, then the open tail (never empty once a point exists). */
  readonly chunks: readonly Chunk[];
  readonly tail: Chunk;
  /** Raw points ever appended (a replaced last point counts once). */
  readonly total: number;
}

/** Counts array elements written, so tests can show an append's work does not grow with history. */
export interface WorkMeter {
  elements: number;
}

export const EMPTY_SERIES: BoundedSeries = { old: [], stride: 1, pending: null, chunks: [], tail: { steps: [], values: [] }, total: 0 };

/**
 * A new series with one more point. A point at the same step as the last one
 * replaces it (a read repeated while paused), rather than repeating it.
 */
export function appendPoint(s: BoundedSeries, step: number, value: number, meter?: WorkMeter): BoundedSeries {
  const { tail } = s;
  const n = tail.steps.length;
  if (n > 0 && tail.steps[n - 1] === step) {
    count(meter, n);
    return { ...s, tail: { steps: tail.steps, values: [...tail.values.slice(0, -1), value] } };
  }
  if (n < CHUNK) {
    count(meter, 2 * (n + 1));
    return { ...s, tail: { steps: [...tail.steps, step], values: [...tail.values, value] }, total: s.total + 1 };
  }
  // The tail is full: freeze it and open a new one.
  let chunks = [...s.chunks, tail];
  count(meter, chunks.length + 2);
  let next: BoundedSeries = { ...s, chunks, tail: { steps: [step], values: [value] }, total: s.total + 1 };
  if (chunks.length * CHUNK > RECENT_POINTS) {
    const [aged, ...rest] = chunks;
    chunks = rest;
    next = { ...fold(next, aged, meter), chunks };
  }
  return next;
}

/** Fold an aged-out chunk into the buckets; merge neighbours when there are too many. */
function fold(s: BoundedSeries, aged: Chunk, meter?: WorkMeter): BoundedSeries {
  const old = s.old.slice();
  let { stride, pending } = s;
  count(meter, old.length + aged.steps.length);
  for (let i = 0; i < aged.steps.length; i++) {
    const p = { step: aged.steps[i], value: aged.values[i] };
    pending = pending ? mergeBuckets(pending, { count: 1, min: p, max: p }) : { count: 1, min: p, max: p };
    if (pending.count >= stride) {
      old.push(pending);
      pending = null;
    }
  }
  if (old.length <= OLD_BUCKETS) return { ...s, old, pending };
  // Halve the resolution of all old history at once, so it stays uniform.
  const merged: Bucket[] = [];
  for (let i = 0; i + 1 < old.length; i += 2) merged.push(mergeBuckets(old[i], old[i + 1]));
  count(meter, old.length);
  stride *= 2;
  // An odd bucket out (stride points, fewer than the new stride) joins the pending one, which it precedes.
  if (old.length % 2 === 1) pending = pending ? mergeBuckets(old[old.length - 1], pending) : old[old.length - 1];
  return { ...s, old: merged, stride, pending };
}

function mergeBuckets(a: Bucket, b: Bucket): Bucket {
  return { count: a.count + b.count, min: b.min.value < a.min.value ? b.min : a.min, max: b.max.value > a.max.value ? b.max : a.max };
}

function count(meter: WorkMeter | undefined, n: number): void {
  if (meter) meter.elements += n;
}

export interface StoredPoints {
  steps: number[];
  values: number[];
}

const arraysCache = new WeakMap<BoundedSeries, StoredPoints>();

/**
 * The stored points in step order, as plain arrays (cached per series object,
 * so the chart, its hover read-out and the table share one copy per update).
 * A bucket contributes its min and max points in step order (one if they are
 * the same point).
 */
export function storedPoints(s: BoundedSeries): StoredPoints {
  const cached = arraysCache.get(s);
  if (cached) return cached;
  const steps: number[] = [];
  const values: number[] = [];
  const bucket = (b: Bucket) => {
    const [first, second] = b.min.step <= b.max.step ? [b.min, b.max] : [b.max, b.min];
    steps.push(first.step);
    values.push(first.value);
    if (second !== first) {
      steps.push(second.step);
      values.push(second.value);
    }
  };
  s.old.forEach(bucket);
  if (s.pending) bucket(s.pending);
  for (const c of [...s.chunks, s.tail]) {
    steps.push(...c.steps);
    values.push(...c.values);
  }
  const out = { steps, values };
  arraysCache.set(s, out);
  return out;
}

/** How many points the series holds now (at most MAX_STORED_POINTS). */
export function storedCount(s: BoundedSeries): number {
  let n = s.tail.steps.length + s.chunks.length * CHUNK;
  for (const b of s.old) n += b.min === b.max ? 1 : 2;
  if (s.pending) n += s.pending.min === s.pending.max ? 1 : 2;
  return n;
}
