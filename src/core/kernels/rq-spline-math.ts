/**
 * The rational-quadratic spline (bijectors/transforms/rational-quadratic.ts)
 * element by element in plain JS over flat arrays: the arithmetic behind the
 * FlowRQSpline kernels (rq-spline-kernel.ts). One element costs a few hundred
 * flops, tiny next to the bookkeeping of the hundreds of tfjs ops the plain
 * path records per layer, so one loop here replaces that whole graph. Same maths as the plain
 * path (see that file's header for the formulas): softmax widths/heights with
 * minimums, softplus inner derivatives shifted so θ = 0 is the identity,
 * boundary derivatives 1, identity tails beyond ±B, the "citardauq" quadratic
 * root for the inverse. Arithmetic runs in float64 and is stored as float32.
 *
 * Layout: `input` holds n values; `theta` holds n rows of P = 3K − 1 numbers
 * (K width logits, K height logits, K − 1 derivative logits), row i for value i.
 */
export interface SplineSettings {
  bins: number;
  bound: number;
  minBinWidth: number;
  minBinHeight: number;
  minDerivative: number;
}

type Floats = Float32Array;

/**
 * Per-row knots and the softmax values the gradient needs; reused across rows.
 * Only the two derivatives at the ends of the input's bin are ever used, so
 * they are computed on demand (softplus costs an exp and a log each, and
 * transcendental functions are most of this loop's time).
 */
class Knots {
  readonly pw: Float64Array; // softmax of the width logits
  readonly ph: Float64Array;
  readonly w: Float64Array; // bin widths
  readonly h: Float64Array;
  readonly xl: Float64Array; // left edges, x⁽ᵏ⁾ = −B + Σ_{i<k} w_i
  readonly yl: Float64Array;
  private readonly shift: number;
  private theta: Floats = new Float32Array(0);
  private at = 0;

  constructor(private readonly cfg: SplineSettings) {
    const K = cfg.bins;
    [this.pw, this.ph, this.w, this.h, this.xl, this.yl] = [0, 1, 2, 3, 4, 5].map(() => new Float64Array(K));
    // softplus(c) = 1 − m_δ, so θ_δ = 0 gives δ = 1 (as in the plain path).
    this.shift = Math.log(Math.expm1(1 - cfg.minDerivative));
  }

  /** Widths, heights and edges from θ's row starting at `at`. */
  load(theta: Floats, at: number): void {
    const { bins: K, bound: B } = this.cfg;
    this.theta = theta;
    this.at = at;
    softmax(theta, at, K, this.pw);
    softmax(theta, at + K, K, this.ph);
    const scaleW = 2 * B * (1 - K * this.cfg.minBinWidth);
    const scaleH = 2 * B * (1 - K * this.cfg.minBinHeight);
    let xEdge = -B;
    let yEdge = -B;
    for (let k = 0; k < K; k++) {
      this.w[k] = 2 * B * this.cfg.minBinWidth + scaleW * this.pw[k];
      this.h[k] = 2 * B * this.cfg.minBinHeight + scaleH * this.ph[k];
      this.xl[k] = xEdge;
      this.yl[k] = yEdge;
      xEdge += this.w[k];
      yEdge += this.h[k];
    }
  }

  /** δ⁽ʲ⁾, j = 0…K: 1 at both ends, m_δ + softplus(θ_δ + c) inside. */
  derivative(j: number): number {
    if (j === 0 || j === this.cfg.bins) return 1;
    const z = this.theta[this.at + 2 * this.cfg.bins + j - 1] + this.shift;
    // softplus(z) = max(z, 0) + log1p(e^−|z|): no overflow for large |z|.
    return this.cfg.minDerivative + Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  }

  /** dδ⁽ʲ⁾/dθ_δ = σ(θ_δ + c) for an inner j (θ index 2K + j − 1). */
  derivativeSlope(j: number): number {
    return 1 / (1 + Math.exp(-(this.theta[this.at + 2 * this.cfg.bins + j - 1] + this.shift)));
  }
}

function softmax(theta: Floats, at: number, K: number, out: Float64Array): void {
  let max = -Infinity;
  for (let k = 0; k < K; k++) max = Math.max(max, theta[at + k]);
  let sum = 0;
  for (let k = 0; k < K; k++) sum += out[k] = Math.exp(theta[at + k] - max);
  for (let k = 0; k < K; k++) out[k] /= sum;
}

/** The bin holding v: the last k with edge_k ≤ v (edges[0] = −B, so k ≥ 0 for v ≥ −B). */
function binOf(edges: Float64Array, v: number): number {
  let k = edges.length - 1;
  while (k > 0 && v < edges[k]) k--;
  return k;
}

/** The forward map's pieces in bin k at position ξ, shared by the value and the gradient. */
class Piece {
  s = 0; // h/w, the bin's mean slope
  d0 = 0; // δ⁽ᵏ⁾
  d1 = 0; // δ⁽ᵏ⁺¹⁾
  t = 0; // ξ(1 − ξ)
  num = 0; // s·ξ² + δ⁽ᵏ⁾·t
  den = 0; // D = s + (δ⁽ᵏ⁺¹⁾ + δ⁽ᵏ⁾ − 2s)·t
  inner = 0; // I = δ⁽ᵏ⁺¹⁾ξ² + 2s·t + δ⁽ᵏ⁾(1 − ξ)²

  at(knots: Knots, k: number, xi: number, d0: number, d1: number): this {
    this.s = knots.h[k] / knots.w[k];
    this.d0 = d0;
    this.d1 = d1;
    this.t = xi * (1 - xi);
    this.num = this.s * xi * xi + this.d0 * this.t;
    this.den = this.s + (this.d0 + this.d1 - 2 * this.s) * this.t;
    this.inner = this.d1 * xi * xi + 2 * this.s * this.t + this.d0 * (1 - xi) * (1 - xi);
    return this;
  }

  /** log dy/dx = 2 log s + log I − 2 log D. */
  logDerivative(): number {
    return 2 * Math.log(this.s) + Math.log(this.inner) - 2 * Math.log(this.den);
  }
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** ξ in bin k for the input v: (v − x⁽ᵏ⁾)/w going forward, the quadratic's root going back. */
function positionOf(knots: Knots, k: number, v: number, inverse: boolean, d0: number, d1: number): number {
  const w = knots.w[k];
  const h = knots.h[k];
  if (!inverse) return clamp01((v - knots.xl[k]) / w);
  const s = h / w;
  const slopeSum = d0 + d1 - 2 * s;
  const delta = v - knots.yl[k];
  const a = h * (s - d0) + delta * slopeSum;
  const b = h * d0 - delta * slopeSum;
  const c = -s * delta;
  // b² − 4ac > 0 for a monotone spline; the max only guards rounding.
  return clamp01((2 * c) / (-b - Math.sqrt(Math.max(b * b - 4 * a * c, 0))));
}

/**
 * y = τ(x) (or x = τ⁻¹(y) when `inverse`) and log|d out / d in| for n values.
 * Beyond ±B the map is the identity with log-derivative 0.
 */
export function splineMap(cfg: SplineSettings, inverse: boolean, input: Floats, theta: Floats, out: Floats, logDet: Floats): void {
  const P = 3 * cfg.bins - 1;
  const knots = new Knots(cfg);
  const piece = new Piece();
  for (let i = 0; i < input.length; i++) {
    const v = input[i];
    if (!(Math.abs(v) <= cfg.bound)) {
      out[i] = v;
      logDet[i] = 0;
      continue;
    }
    knots.load(theta, i * P);
    const k = binOf(inverse ? knots.yl : knots.xl, v);
    const [d0, d1] = [knots.derivative(k), knots.derivative(k + 1)];
    const xi = positionOf(knots, k, v, inverse, d0, d1);
    piece.at(knots, k, xi, d0, d1);
    if (inverse) {
      out[i] = knots.xl[k] + xi * knots.w[k];
      logDet[i] = -piece.logDerivative();
    } else {
      out[i] = knots.yl[k] + (knots.h[k] * piece.num) / piece.den;
      logDet[i] = piece.logDerivative();
    }
  }
}

/**
 * Gradients of a loss through splineMap: given gOut = ∂L/∂out and gLd = ∂L/∂logDet,
 * write ∂L/∂input (n values) and ∂L/∂θ (n rows of P).
 *
 * Why by hand: autodiff of the plain path records ~2 ops per forward op; here
 * one pass per element. Maths, in bin k with w, h, x⁽ᵏ⁾, y⁽ᵏ⁾, δ⁽ᵏ⁾ = d0, δ⁽ᵏ⁺¹⁾ = d1,
 * s = h/w and the forward quantities N = s·ξ² + d0·t, D, I of Piece:
 *   y(ξ) = y⁽ᵏ⁾ + h·N/D,   ℓ(ξ) = 2 log s + log I − 2 log D   (ℓ = log dy/dx)
 * Partials holding the others fixed (D' etc. are d/dξ; t' = 1 − 2ξ):
 *   y_ξ  = h·s·I/D²                     (= w·dy/dx)
 *   y_s  = h·(ξ²·D − N·(1 − 2t))/D²     (∂D/∂s = 1 − 2t)
 *   y_d0 = h·(t·D − N·t)/D²,  y_d1 = −h·N·t/D²   (∂D/∂d0 = ∂D/∂d1 = t)
 *   y_h  = N/D (s fixed),  y_{y⁽ᵏ⁾} = 1
 *   ℓ_ξ  = I'/I − 2D'/D,  I' = 2d1·ξ + 2s·t' − 2d0·(1 − ξ),  D' = (d0 + d1 − 2s)·t'
 *   ℓ_s  = 2/s + 2t/I − 2(1 − 2t)/D,  ℓ_d0 = (1 − ξ)²/I − 2t/D,  ℓ_d1 = ξ²/I − 2t/D
 * Forward (ξ = (x − x⁽ᵏ⁾)/w): with G = gOut·y_ξ + gLd·ℓ_ξ,
 *   ∂x = G/w,  ∂x⁽ᵏ⁾ = −G/w,  ∂w ∋ −ξ·G/w,  ∂y⁽ᵏ⁾ = gOut,  ∂h ∋ gOut·N/D,
 *   ∂s = gOut·y_s + gLd·ℓ_s,  ∂d0, ∂d1 likewise.
 * Inverse (out x = x⁽ᵏ⁾ + ξ·w, logDet −ℓ, ξ the root of y(ξ) = v): implicit
 * differentiation gives ∂ξ/∂v = 1/y_ξ and ∂ξ/∂p = −y_p/y_ξ for p in {y⁽ᵏ⁾, h, s, d0, d1};
 * with λ = (gOut·w − gLd·ℓ_ξ)/y_ξ,
 *   ∂v = λ,  ∂y⁽ᵏ⁾ = −λ,  ∂h ∋ −λ·N/D,  ∂p = −λ·y_p − gLd·ℓ_p (p = s, d0, d1),
 *   ∂x⁽ᵏ⁾ = gOut,  ∂w ∋ gOut·ξ.
 * Both: s = h/w adds ∂s/w to ∂h and −∂s·s/w to ∂w. Then to θ: x⁽ᵏ⁾ = −B + Σ_{i<k} w_i
 * adds ∂x⁽ᵏ⁾ to every ∂w_i, i < k (y⁽ᵏ⁾ and h likewise); w = 2B(m + (1 − Km)·softmax(θ_w))
 * gives ∂θ_w,j = p_j·(g_j − Σ_i p_i·g_i) with g = 2B(1 − Km)·∂w; δ_j = m_δ + softplus(θ_δ,j + c)
 * gives ∂θ_δ,j = σ(θ_δ,j + c)·∂δ_j (only inner j = 1…K − 1 have a θ). Tails: ∂v = gOut, ∂θ = 0.
 * ξ is clamped to [0, 1] only against rounding, so its gradient passes straight through.
 */
export function splineGradient(
  cfg: SplineSettings,
  inverse: boolean,
  input: Floats,
  theta: Floats,
  gOut: Floats,
  gLd: Floats,
  gInput: Floats,
  gTheta: Floats,
): void {
  const K = cfg.bins;
  const P = 3 * K - 1;
  const knots = new Knots(cfg);
  const piece = new Piece();
  const gw = new Float64Array(K);
  const gh = new Float64Array(K);
  gTheta.fill(0);
  for (let i = 0; i < input.length; i++) {
    const v = input[i];
    const go = gOut[i];
    const gl = gLd[i];
    if (!(Math.abs(v) <= cfg.bound)) {
      gInput[i] = go;
      continue;
    }
    const at = i * P;
    knots.load(theta, at);
    const k = binOf(inverse ? knots.yl : knots.xl, v);
    const [d0, d1] = [knots.derivative(k), knots.derivative(k + 1)];
    const xi = positionOf(knots, k, v, inverse, d0, d1);
    const { s, t, num: N, den: D, inner: I } = piece.at(knots, k, xi, d0, d1);
    const w = knots.w[k];
    const h = knots.h[k];
    const D2 = D * D;
    const tp = 1 - 2 * xi;
    const yXi = (h * s * I) / D2;
    const yS = (h * (xi * xi * D - N * (1 - 2 * t))) / D2;
    const yD0 = (h * (t * D - N * t)) / D2;
    const yD1 = (-h * N * t) / D2;
    const lXi = (2 * d1 * xi + 2 * s * tp - 2 * d0 * (1 - xi)) / I - (2 * (d0 + d1 - 2 * s) * tp) / D;
    const lS = 2 / s + (2 * t) / I - (2 * (1 - 2 * t)) / D;
    const lD0 = ((1 - xi) * (1 - xi)) / I - (2 * t) / D;
    const lD1 = (xi * xi) / I - (2 * t) / D;
    gw.fill(0);
    gh.fill(0);
    let gS: number, gD0: number, gD1: number, gXl: number, gYl: number;
    if (inverse) {
      const lambda = (go * w - gl * lXi) / yXi;
      gInput[i] = lambda;
      gYl = -lambda;
      gh[k] = (-lambda * N) / D;
      gS = -lambda * yS - gl * lS;
      gD0 = -lambda * yD0 - gl * lD0;
      gD1 = -lambda * yD1 - gl * lD1;
      gXl = go;
      gw[k] = go * xi;
    } else {
      const G = (go * yXi + gl * lXi) / w;
      gInput[i] = G;
      gXl = -G;
      gw[k] = -xi * G;
      gYl = go;
      gh[k] = (go * N) / D;
      gS = go * yS + gl * lS;
      gD0 = go * yD0 + gl * lD0;
      gD1 = go * yD1 + gl * lD1;
    }
    gh[k] += gS / w;
    gw[k] -= (gS * s) / w;
    for (let j = 0; j < k; j++) {
      gw[j] += gXl;
      gh[j] += gYl;
    }
    softmaxBackward(knots.pw, gw, 2 * cfg.bound * (1 - K * cfg.minBinWidth), gTheta, at);
    softmaxBackward(knots.ph, gh, 2 * cfg.bound * (1 - K * cfg.minBinHeight), gTheta, at + K);
    // δ⁽ᵏ⁾ is inner derivative k − 1 when 1 ≤ k ≤ K − 1; δ⁽⁰⁾ = δ⁽ᴷ⁾ = 1 are constants.
    if (k >= 1) gTheta[at + 2 * K + k - 1] = gD0 * knots.derivativeSlope(k);
    if (k + 1 <= K - 1) gTheta[at + 2 * K + k] = gD1 * knots.derivativeSlope(k + 1);
  }
}

/** ∂θ_j = p_j·(g_j − Σ_i p_i·g_i) with g = scale·∂size: softmax's vector-Jacobian product. */
function softmaxBackward(p: Float64Array, gSize: Float64Array, scale: number, gTheta: Floats, at: number): void {
  let dot = 0;
  for (let j = 0; j < p.length; j++) dot += p[j] * gSize[j];
  for (let j = 0; j < p.length; j++) gTheta[at + j] = scale * p[j] * (gSize[j] - dot);
}
