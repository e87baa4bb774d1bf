import { planarRows, planarRowsBack } from './planar-kernels';

/**
 * A planar layer's closed-form step (its data→latent direction in density
 * training) on host arrays, for the whole-flow loss kernel
 * (flow-loss-kernel.ts): the parameter-side values planar.ts derives with
 * tfjs ops, here in doubles, then planar-kernels.ts's rows. Variables
 * [w [1,2], u [1,2], b [1]]:
 *   wu = w·u,  P = 1 + m = softplus(wu),  m = P − 1,
 *   c = (m − wu) / ‖w‖²,  û = u + c·w.
 * Backward (gû, gm, gP, gw from the rows):
 *   gc = gû·w,  gm' = gm + gc/‖w‖²,  gP' = gP + gm',
 *   gwu = gP'·σ(wu) − gc/‖w‖²,  g‖w‖² = −gc·(m − wu)/‖w‖⁴,
 *   du = gû + gwu·w,  dw = gw + c·gû + gwu·u + 2·g‖w‖²·w.
 */
export interface PlanarParts {
  w: Float32Array;
  u: Float32Array;
  b: number;
  wu: number;
  wSq: number;
  m: number;
  onePlusM: number;
  c: number;
  uHat: [number, number];
}

/** softplus as tfjs computes it: log(1 + eˣ), overflow-safe. */
const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function planarParts(w: Float32Array, u: Float32Array, b: Float32Array): PlanarParts {
  const wu = w[0] * u[0] + w[1] * u[1];
  const wSq = w[0] * w[0] + w[1] * w[1];
  const onePlusM = softplus(wu);
  const m = onePlusM - 1;
  const c = (m - wu) / wSq;
  return { w, u, b: b[0], wu, wSq, m, onePlusM, c, uHat: [u[0] + c * w[0], u[1] + c * w[1]] };
}

/** y = v + û·tanh(v·wᵀ + b) per row, its log|det| into logDet; t kept for the backward pass. */
export function planarStep(v: Float32Array, p: PlanarParts, y: Float32Array, logDet: Float32Array, t: Float32Array): void {
  planarRows(v, p.w, p.b, p.uHat, p.m, p.onePlusM, y, logDet, t);
}

/** Writes dv and [dw₀, dw₁, du₀, du₁, db] into `grad` at `at`. */
export function planarStepBack(
  dy: Float32Array, dl: Float32Array, v: Float32Array, p: PlanarParts, t: Float32Array, dv: Float32Array, grad: Float32Array, at: number,
): void {
  const g = planarRowsBack(dy, dl, v, p.w, p.uHat, p.m, p.onePlusM, t, dv);
  const gc = g.du[0] * p.w[0] + g.du[1] * p.w[1];
  const gm = g.dm + gc / p.wSq;
  const gP = g.dOnePlusM + gm;
  const gwu = gP * sigmoid(p.wu) - gc / p.wSq;
  const gwSq = (-gc * (p.m - p.wu)) / (p.wSq * p.wSq);
  for (let k = 0; k < 2; k++) {
    grad[at + k] = g.dw[k] + p.c * g.du[k] + gwu * p.u[k] + 2 * gwSq * p.w[k];
    grad[at + 2 + k] = g.du[k] + gwu * p.w[k];
  }
  grad[at + 4] = g.db;
}
