import { extent, mean, variance } from 'd3';
import type { DensityModel, ScoreContext, Scorer } from '../models/density-model';
import { readAndDispose } from '../util/read-back';

/**
 * Gaussian kernel density estimate over a model's samples: how a GAN, which has
 * no likelihood, gets an NLL figure (kind 'estimate').
 *
 *   log p̂(x) = log Σ_j exp(−‖x − s_j‖² / 2h²) − log M − log(2πh²)
 *
 * One isotropic bandwidth h on the raw coordinates, chosen by maximising the
 * mean log-likelihood of a held-out validation split. Why not one h per
 * dimension: the toy sets have comparable spread on both axes and their
 * anisotropy is local (a thin arc turning through every direction), which a
 * global diagonal bandwidth cannot follow; a single h keeps the search 1-D.
 *
 * Plain JS, not tensors: per-pair exp is the whole cost (50,000 test points ×
 * 10,000 samples = 5·10⁸ pairs), tfjs's wasm exp is no faster than Math.exp,
 * and in JS the kernel can be truncated to the samples near each point (see
 * SampleIndex), which at the bandwidths that win is a few hundred of 10,000.
 */

const CUTOFF = 6;
const LOG_2PI = Math.log(2 * Math.PI);
/** Grid of the bandwidth search, as multiples of the validation data's scale. */
const GRID_LOG10_MIN = -2.5;
const GRID_LOG10_STEP = 0.2;
const GRID_POINTS = 14;
const MAX_CELLS_PER_AXIS = 256;

export interface Kde {
  readonly bandwidth: number;
  /** M, the sample count the density is normalised by (non-finite samples count as mass that is nowhere). */
  readonly sampleCount: number;
  /** Mean log p̂ over the validation split at the chosen bandwidth. */
  readonly validationLogLik: number;
  /** log p̂ at each row of a row-major [n, 2] array. */
  logProb(points: Float32Array): Float64Array;
}

export interface KdeFitOptions {
  /** Skip the search and use this bandwidth (tests; reusing a fit). */
  bandwidth?: number;
}

/**
 * Fit the bandwidth on `validation` (a log-spaced grid scanned upwards until the
 * score has clearly peaked, then one parabolic step in log h) and return
 * the estimator. Async so a long fit can be awaited like the other metrics.
 */
export async function fitKde(samples: Float32Array, validation: Float32Array, options: KdeFitOptions = {}): Promise<Kde> {
  const index = new SampleIndex(samples);
  // The chosen h was already scored during the search: remember, don't redo.
  const cache = new Map<number, number>();
  const score = (h: number) => {
    if (!cache.has(h)) cache.set(h, mean(index.logProb(validation, h))!);
    return cache.get(h)!;
  };
  let bandwidth = options.bandwidth;
  if (bandwidth === undefined) bandwidth = searchBandwidth(score, spread(validation));
  if (!(bandwidth > 0)) throw new Error(`KDE bandwidth must be positive, got ${bandwidth}`);
  const h = bandwidth;
  return { bandwidth: h, sampleCount: index.total, validationLogLik: score(h), logProb: (points) => index.logProb(points, h) };
}

/**
 * A likelihood-free model's scorer: a kernel density over ctx.kdeSamples of its
 * samples. An 'estimate', biased upward by the smoothing (how much is measured
 * by feeding the KDE real data; see bench/compare.ts), not a bound either way.
 * Query chunks are small: a point far from every sample sums over all of them.
 */
export async function kdeScorer(model: DensityModel, ctx: ScoreContext): Promise<Scorer> {
  const samples = await readAndDispose(model.sample(ctx.kdeSamples, ctx.seed));
  const kde = await (ctx.fitKde ?? fitKde)(samples, ctx.validation);
  const logLik = (points: Float32Array) => kde.logProb(points);
  return {
    figures: [{ id: 'kde', label: 'KDE', kind: 'estimate', logLik, chunk: 500, maxPoints: ctx.costlyPoints }],
    density: { method: 'kernel estimate', logLik, chunk: 500 },
    kde: { bandwidth: kde.bandwidth, samples: ctx.kdeSamples, validationNll: -kde.validationLogLik },
  };
}

function searchBandwidth(score: (h: number) => number, scale: number): number {
  const logH = (k: number) => Math.log(scale) + (GRID_LOG10_MIN + GRID_LOG10_STEP * k) * Math.LN10;
  // Small bandwidths are cheap (few neighbours), large ones cost up to M per
  // point, so scan upwards and stop two grid points after the peak.
  const scores: number[] = [];
  let best = 0;
  for (let k = 0; k < GRID_POINTS; k++) {
    scores.push(score(Math.exp(logH(k))));
    if (scores[k] > scores[best]) best = k;
    else if (k - best >= 2) break;
  }
  if (best === 0 || best === scores.length - 1) return Math.exp(logH(best));
  // Near its peak the validation score is close to quadratic in log h: one
  // evaluation at the vertex of the parabola through the best grid point and
  // its neighbours refines h as well as a dozen golden-section steps would.
  const [f0, f1, f2] = [scores[best - 1], scores[best], scores[best + 1]];
  const curvature = f0 - 2 * f1 + f2;
  const offset = curvature < 0 ? (0.5 * (f0 - f2)) / curvature : 0;
  const vertex = Math.exp(logH(best + offset));
  return score(vertex) > f1 ? vertex : Math.exp(logH(best));
}

/**
 * Samples bucketed into square cells (a counting sort), built once per fit.
 * A query first finds its nearest sample by searching rings of cells outwards,
 * then sums every sample within √(d_min² + (CUTOFF·h)²): the terms left out are
 * each below e^{−CUTOFF²/2} of the largest one, so the truncation costs
 * < M·e^{−18} (2·10⁻⁴ nats at M = 10,000) even if every sample sat just
 * outside. Queries outside the samples' bounding box (rare unless the model has
 * collapsed) are summed over every sample instead.
 */
class SampleIndex {
  readonly total: number;
  private readonly finite: number;
  private readonly size: number;
  private readonly x0: number;
  private readonly y0: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly start: Int32Array;
  private readonly sx: Float64Array;
  private readonly sy: Float64Array;

  constructor(samples: Float32Array) {
    this.total = samples.length / 2;
    if (!Number.isInteger(this.total) || this.total < 1) throw new Error('KDE needs a non-empty [M, 2] sample array');
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < this.total; i++) {
      const x = samples[2 * i];
      const y = samples[2 * i + 1];
      if (Number.isFinite(x) && Number.isFinite(y)) {
        xs.push(x);
        ys.push(y);
      }
    }
    this.finite = xs.length;
    const [x0 = 0, x1 = 0] = extent(xs);
    const [y0 = 0, y1 = 0] = extent(ys);
    this.x0 = x0;
    this.y0 = y0;
    const w = x1 - x0;
    const hgt = y1 - y0;
    // About four samples per cell if they filled the box; never more than
    // MAX_CELLS_PER_AXIS cells a side, so ring searches stay short.
    this.size = Math.max(Math.sqrt((4 * w * hgt) / Math.max(this.finite, 1)), w / MAX_CELLS_PER_AXIS, hgt / MAX_CELLS_PER_AXIS, 1e-9);
    this.nx = Math.floor(w / this.size) + 1;
    this.ny = Math.floor(hgt / this.size) + 1;
    const cellOf = new Int32Array(this.finite);
    this.start = new Int32Array(this.nx * this.ny + 1);
    for (let j = 0; j < this.finite; j++) {
      const cell = Math.floor((ys[j] - this.y0) / this.size) * this.nx + Math.floor((xs[j] - this.x0) / this.size);
      cellOf[j] = cell;
      this.start[cell + 1]++;
    }
    for (let k = 0; k < this.nx * this.ny; k++) this.start[k + 1] += this.start[k];
    const fill = this.start.slice(0, this.nx * this.ny);
    this.sx = new Float64Array(this.finite);
    this.sy = new Float64Array(this.finite);
    for (let j = 0; j < this.finite; j++) {
      const at = fill[cellOf[j]]++;
      this.sx[at] = xs[j];
      this.sy[at] = ys[j];
    }
  }

  logProb(points: Float32Array, h: number): Float64Array {
    const n = points.length / 2;
    const out = new Float64Array(n);
    if (this.finite === 0) return out.fill(-Infinity);
    const inv2h2 = 1 / (2 * h * h);
    const cut2 = (CUTOFF * h) ** 2;
    const norm = Math.log(this.total) + LOG_2PI + 2 * Math.log(h);
    for (let i = 0; i < n; i++) {
      const qx = points[2 * i];
      const qy = points[2 * i + 1];
      const cx = Math.floor((qx - this.x0) / this.size);
      const cy = Math.floor((qy - this.y0) / this.size);
      if (!(cx >= 0 && cx < this.nx && cy >= 0 && cy < this.ny)) {
        out[i] = this.exactLogSum(qx, qy, inv2h2) - norm;
        continue;
      }
      // Rings 0..k cover every sample within k·size of the query.
      let near2 = Infinity;
      for (let k = 0; ; k++) {
        near2 = Math.min(near2, this.ringNearest2(qx, qy, cx, cy, k));
        if (near2 <= (k * this.size) ** 2 || k > this.nx + this.ny) break;
      }
      const reach2 = near2 + cut2;
      const rings = Math.ceil(Math.sqrt(reach2) / this.size);
      let sum = 0;
      for (let gy = Math.max(cy - rings, 0); gy <= Math.min(cy + rings, this.ny - 1); gy++) {
        const row = gy * this.nx;
        const first = this.start[row + Math.max(cx - rings, 0)];
        const last = this.start[row + Math.min(cx + rings, this.nx - 1) + 1];
        // Cells of one row are contiguous in the sorted arrays: one flat loop.
        for (let j = first; j < last; j++) {
          const d2 = (this.sx[j] - qx) ** 2 + (this.sy[j] - qy) ** 2;
          if (d2 < reach2) sum += Math.exp(-(d2 - near2) * inv2h2);
        }
      }
      out[i] = Math.log(sum) - near2 * inv2h2 - norm;
    }
    return out;
  }

  /** Smallest squared distance to a sample in the cells exactly k rings from (cx, cy). */
  private ringNearest2(qx: number, qy: number, cx: number, cy: number, k: number): number {
    let best = Infinity;
    const scan = (gy: number, gx0: number, gx1: number) => {
      if (gy < 0 || gy >= this.ny) return;
      const lo = Math.max(gx0, 0);
      const hi = Math.min(gx1, this.nx - 1);
      if (lo > hi) return;
      for (let j = this.start[gy * this.nx + lo]; j < this.start[gy * this.nx + hi + 1]; j++) {
        const d2 = (this.sx[j] - qx) ** 2 + (this.sy[j] - qy) ** 2;
        if (d2 < best) best = d2;
      }
    };
    if (k === 0) {
      scan(cy, cx, cx);
      return best;
    }
    scan(cy - k, cx - k, cx + k);
    scan(cy + k, cx - k, cx + k);
    for (let gy = Math.max(cy - k + 1, 0); gy <= Math.min(cy + k - 1, this.ny - 1); gy++) {
      scan(gy, cx - k, cx - k);
      scan(gy, cx + k, cx + k);
    }
    return best;
  }

  /** log Σ_j exp(−d_j²/2h²) over every sample, shifted by the nearest so it cannot underflow. */
  private exactLogSum(qx: number, qy: number, inv2h2: number): number {
    if (!Number.isFinite(qx) || !Number.isFinite(qy)) return -Infinity;
    let min2 = Infinity;
    for (let j = 0; j < this.finite; j++) min2 = Math.min(min2, (this.sx[j] - qx) ** 2 + (this.sy[j] - qy) ** 2);
    let sum = 0;
    for (let j = 0; j < this.finite; j++) sum += Math.exp(-((this.sx[j] - qx) ** 2 + (this.sy[j] - qy) ** 2 - min2) * inv2h2);
    return Math.log(sum) - min2 * inv2h2;
  }
}

/** Root-mean variance of the two coordinates: the scale the bandwidth grid is laid on. */
function spread(points: Float32Array): number {
  const n = points.length / 2;
  if (!Number.isInteger(n) || n < 2) throw new Error('KDE bandwidth search needs at least 2 validation points');
  const column = (d: number) => Array.from({ length: n }, (_, i) => points[2 * i + d]);
  return Math.sqrt((variance(column(0))! + variance(column(1))!) / 2) || 1;
}
