/**
 * Histogram divergences between data and model samples: a likelihood-free
 * score that treats all three families alike (it needs only samples).
 *
 * Both histograms share one grid: GRID_BINS × GRID_BINS cells over the data's
 * bounding box padded by PADDING of its size on every side, plus one overflow
 * bin for everything outside it, so model mass thrown far from the data still
 * counts against the model instead of vanishing.
 *
 * Smoothing: each normalised histogram is mixed with the uniform distribution
 * over the bins, p' = (1 − ε)·p + ε/B with ε = SMOOTHING. An empty model bin
 * under data mass then costs a large but finite amount (KL is capped at
 * ln(B/ε) ≈ 15.2 nats), two identical histograms still score exactly 0 (the
 * same mixing is applied to both), and a bin holding a fraction f of the data
 * moves KL by at most about ε·f. JS needs no smoothing (its mixture is never
 * zero where either side has mass) but uses the same p' for consistency.
 *
 * Finite samples put a floor under both: even two sample sets from the same
 * distribution differ bin by bin (KL ≈ (occupied bins)/(2·count) for large
 * counts), so compare models on the same test set and sample count.
 */

export const GRID_BINS = 64;
export const PADDING = 0.1;
export const SMOOTHING = 1e-3;

export interface GridDivergence {
  /** KL(data ‖ model), nats. */
  kl: number;
  /** Jensen–Shannon divergence, nats; 0 ≤ JS ≤ ln 2. */
  js: number;
}

export interface Grid {
  x0: number;
  y0: number;
  /** Cell width and height. */
  dx: number;
  dy: number;
  bins: number;
}

/** The shared grid: the data's bounding box, padded, cut into bins × bins cells. */
export function gridFor(data: Float32Array, bins = GRID_BINS, padding = PADDING): Grid {
  let xLo = Infinity;
  let xHi = -Infinity;
  let yLo = Infinity;
  let yHi = -Infinity;
  for (let i = 0; i < data.length; i += 2) {
    const x = data[i];
    const y = data[i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    xLo = Math.min(xLo, x);
    xHi = Math.max(xHi, x);
    yLo = Math.min(yLo, y);
    yHi = Math.max(yHi, y);
  }
  if (!(xLo <= xHi)) throw new Error('grid divergence needs at least one finite data point');
  // A degenerate (zero-width) axis still gets a unit-wide box.
  const w = xHi - xLo || 1;
  const h = yHi - yLo || 1;
  return { x0: xLo - padding * w, y0: yLo - padding * h, dx: (w * (1 + 2 * padding)) / bins, dy: (h * (1 + 2 * padding)) / bins, bins };
}

/**
 * Normalised histogram of row-major [n, 2] points on the grid; the last entry is
 * the overflow bin (outside the box, or non-finite).
 */
export function histogram(points: Float32Array, grid: Grid): Float64Array {
  const b = grid.bins;
  const counts = new Float64Array(b * b + 1);
  const n = points.length / 2;
  for (let i = 0; i < n; i++) {
    const gx = Math.floor((points[2 * i] - grid.x0) / grid.dx);
    const gy = Math.floor((points[2 * i + 1] - grid.y0) / grid.dy);
    // NaN fails every comparison, so non-finite points land in overflow too.
    counts[gx >= 0 && gx < b && gy >= 0 && gy < b ? gy * b + gx : b * b] += 1;
  }
  for (let k = 0; k < counts.length; k++) counts[k] /= Math.max(n, 1);
  return counts;
}

/** KL(p ‖ q) and JS(p, q) of two normalised histograms over the same bins, after smoothing. */
export function histogramDivergence(p: Float64Array, q: Float64Array, smoothing = SMOOTHING): GridDivergence {
  if (p.length !== q.length) throw new Error(`histograms differ in length: ${p.length} vs ${q.length}`);
  const uniform = smoothing / p.length;
  let kl = 0;
  let js = 0;
  for (let k = 0; k < p.length; k++) {
    const a = (1 - smoothing) * p[k] + uniform;
    const b = (1 - smoothing) * q[k] + uniform;
    const m = 0.5 * (a + b);
    kl += a * Math.log(a / b);
    js += 0.5 * (a * Math.log(a / m) + b * Math.log(b / m));
  }
  // Rounding can leave −1e-17 for identical inputs; divergences are never negative.
  return { kl: Math.max(kl, 0), js: Math.min(Math.max(js, 0), Math.LN2) };
}

/** KL(data ‖ model) and JS between data points and model samples on the data's grid. */
export function gridDivergence(data: Float32Array, model: Float32Array, bins = GRID_BINS): GridDivergence {
  const grid = gridFor(data, bins);
  return histogramDivergence(histogram(data, grid), histogram(model, grid));
}
