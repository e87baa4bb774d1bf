/**
 * The rational-quadratic spline of Durkan et al. (2019) in float64 plain JS,
 * written straight from the paper's equations for one coordinate: the
 * reference the tfjs version is checked against. The inverse is found by
 * bisection on the (monotone) forward map, so it shares nothing with the
 * quadratic-formula code under test.
 */
export interface SplineSettings {
  bins: number;
  bound: number;
  minBin: number;
  minDerivative: number;
}

export interface SplineKnots {
  xs: number[];
  ys: number[];
  ds: number[];
}

const softmax = (v: number[]): number[] => {
  const m = Math.max(...v);
  const e = v.map((a) => Math.exp(a - m));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((a) => a / total);
};
const softplus = (a: number): number => (a > 30 ? a : Math.log1p(Math.exp(a)));

export function referenceKnots(theta: ArrayLike<number>, s: SplineSettings): SplineKnots {
  const { bins: K, bound: B, minBin, minDerivative } = s;
  const t = Array.from(theta);
  const edges = (raw: number[]) => {
    const sizes = softmax(raw).map((p) => 2 * B * (minBin + (1 - K * minBin) * p));
    const out = [-B];
    for (const size of sizes) out.push(out[out.length - 1] + size);
    out[K] = B;
    return out;
  };
  const shift = Math.log(Math.expm1(1 - minDerivative));
  const inner = t.slice(2 * K).map((a) => minDerivative + softplus(a + shift));
  return { xs: edges(t.slice(0, K)), ys: edges(t.slice(K, 2 * K)), ds: [1, ...inner, 1] };
}

/** y and log dy/dx at x (identity outside [−B, B]). */
export function referenceForward(x: number, k: SplineKnots): { y: number; logDerivative: number } {
  const K = k.xs.length - 1;
  if (x < k.xs[0] || x > k.xs[K]) return { y: x, logDerivative: 0 };
  let bin = 0;
  while (bin < K - 1 && x >= k.xs[bin + 1]) bin++;
  const w = k.xs[bin + 1] - k.xs[bin];
  const h = k.ys[bin + 1] - k.ys[bin];
  const s = h / w;
  const [d0, d1] = [k.ds[bin], k.ds[bin + 1]];
  const xi = (x - k.xs[bin]) / w;
  const t = xi * (1 - xi);
  const denominator = s + (d1 + d0 - 2 * s) * t;
  const y = k.ys[bin] + (h * (s * xi * xi + d0 * t)) / denominator;
  const derivative = (s * s * (d1 * xi * xi + 2 * s * t + d0 * (1 - xi) ** 2)) / denominator ** 2;
  return { y, logDerivative: Math.log(derivative) };
}

/** x with forward(x) = y, by bisection. */
export function referenceInverse(y: number, k: SplineKnots): number {
  const K = k.xs.length - 1;
  if (y < k.ys[0] || y > k.ys[K]) return y;
  let [lo, hi] = [k.xs[0], k.xs[K]];
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (referenceForward(mid, k).y < y) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
