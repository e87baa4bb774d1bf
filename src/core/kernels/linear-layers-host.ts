/**
 * Glow's two batch-cheap layers, actnorm and the LU 2×2 map, in their
 * data→latent direction (`inverse`) on host arrays, with their hand-written
 * gradients: the per-layer steps of the whole-flow loss kernel
 * (flow-loss-kernel.ts). The same maths as bijectors/actnorm.ts and
 * bijectors/lu-linear.ts, whose dozens of tiny tfjs ops (forward and back)
 * they replace; x and y are [batch, 2] row-major, dl is ∂L/∂logDet per row.
 * Both floor their log-scales at `floor` (MIN_LOG_SCALE) as tf.maximum does,
 * and pass the gradient where the log-scale ≥ floor (tfjs's Maximum gradient).
 */

/**
 * ActNorm inverse, variables [logScale [2], bias [2]]:
 *   y = (x − bias)·e^−s,  s = max(logScale, floor),  logDet = −Σ s.
 * Backward: dx = dy·e^−s,  dbias = −Σ_b dy·e^−s,  ds = −Σ_b dy·y − Σ_b dl.
 */
export function actnormInverse(x: Float32Array, logScale: Float32Array, bias: Float32Array, floor: number, y: Float32Array): number {
  const batch = x.length / 2;
  const inv0 = Math.exp(-Math.max(logScale[0], floor));
  const inv1 = Math.exp(-Math.max(logScale[1], floor));
  for (let i = 0; i < batch; i++) {
    y[2 * i] = (x[2 * i] - bias[0]) * inv0;
    y[2 * i + 1] = (x[2 * i + 1] - bias[1]) * inv1;
  }
  return -(Math.max(logScale[0], floor) + Math.max(logScale[1], floor));
}

/** Writes dx and the gradient [dlogScale₀, dlogScale₁, dbias₀, dbias₁] into `grad` at `at`. */
export function actnormInverseBack(
  dy: Float32Array, dlSum: number, y: Float32Array, logScale: Float32Array, floor: number, dx: Float32Array, grad: Float32Array, at: number,
): void {
  const batch = dy.length / 2;
  const inv = [Math.exp(-Math.max(logScale[0], floor)), Math.exp(-Math.max(logScale[1], floor))];
  const ds = [-dlSum, -dlSum];
  const db = [0, 0];
  for (let i = 0; i < batch; i++) {
    for (let r = 0; r < 2; r++) {
      const g = dy[2 * i + r];
      dx[2 * i + r] = g * inv[r];
      db[r] -= g * inv[r];
      ds[r] -= g * y[2 * i + r];
    }
  }
  for (let r = 0; r < 2; r++) {
    grad[at + r] = logScale[r] >= floor ? ds[r] : 0;
    grad[at + 2 + r] = db[r];
  }
}

/**
 * The LU layer's inverse matrix, assembled as lu-linear.ts assembles it:
 * placed = [l, v]·W + o (W [2, 8] and o [8] the layer's constant layout),
 * first = placed[0..4), second = placed[4..8) (2×2 row-major),
 * scaled = second with row r divided by e^{d_r}, d = max(logAbsDiag, floor),
 * M = first·scaled. Then y = x·M and logDet = −Σ d.
 */
export interface LuParts {
  first: number[];
  scaled: number[];
  m: number[];
  d: [number, number];
}

export function luInverseParts(lv: Float32Array, logAbsDiag: Float32Array, layout: readonly number[], floor: number): LuParts {
  // layout = [W row l (8), W row v (8), o (8)].
  const placed = Array.from({ length: 8 }, (_, e) => lv[0] * layout[e] + lv[1] * layout[8 + e] + layout[16 + e]);
  const d: [number, number] = [Math.max(logAbsDiag[0], floor), Math.max(logAbsDiag[1], floor)];
  const first = placed.slice(0, 4);
  const scaled = placed.slice(4, 8).map((x, e) => x / Math.exp(d[e >> 1]));
  const m = [0, 1, 2, 3].map((e) => first[(e >> 1) * 2] * scaled[e & 1] + first[(e >> 1) * 2 + 1] * scaled[2 + (e & 1)]);
  return { first, scaled, m, d };
}

export function luInverse(x: Float32Array, p: LuParts, y: Float32Array): number {
  const batch = x.length / 2;
  const [m00, m01, m10, m11] = p.m;
  for (let i = 0; i < batch; i++) {
    const x0 = x[2 * i], x1 = x[2 * i + 1];
    y[2 * i] = x0 * m00 + x1 * m10;
    y[2 * i + 1] = x0 * m01 + x1 * m11;
  }
  return -(p.d[0] + p.d[1]);
}

/**
 * Backward: dx = dy·Mᵀ, dM = Σ_b xᵀ·dy, dfirst = dM·scaledᵀ, dscaled = firstᵀ·dM,
 * dsecond = dscaled / e^d (by row), dd_r = −Σ_c dscaled[r][c]·scaled[r][c] − Σ_b dl,
 * d[l, v] = dplaced·Wᵀ. Writes dx and [dl, dv, dlogAbsDiag₀, dlogAbsDiag₁] at `at`.
 */
export function luInverseBack(
  dy: Float32Array, dlSum: number, x: Float32Array, p: LuParts, logAbsDiag: Float32Array, layout: readonly number[], floor: number,
  dx: Float32Array, grad: Float32Array, at: number,
): void {
  const batch = dy.length / 2;
  const [m00, m01, m10, m11] = p.m;
  let dm00 = 0, dm01 = 0, dm10 = 0, dm11 = 0;
  for (let i = 0; i < batch; i++) {
    const g0 = dy[2 * i], g1 = dy[2 * i + 1];
    const x0 = x[2 * i], x1 = x[2 * i + 1];
    dx[2 * i] = g0 * m00 + g1 * m01;
    dx[2 * i + 1] = g0 * m10 + g1 * m11;
    dm00 += x0 * g0;
    dm01 += x0 * g1;
    dm10 += x1 * g0;
    dm11 += x1 * g1;
  }
  const dm = [dm00, dm01, dm10, dm11];
  const { first, scaled } = p;
  const at2 = (a: number[], r: number, c: number) => a[2 * r + c];
  const dplaced = new Array<number>(8);
  for (let r = 0; r < 2; r++)
    for (let k = 0; k < 2; k++) dplaced[2 * r + k] = at2(dm, r, 0) * at2(scaled, k, 0) + at2(dm, r, 1) * at2(scaled, k, 1);
  const dd = [-dlSum, -dlSum];
  for (let k = 0; k < 2; k++)
    for (let c = 0; c < 2; c++) {
      const dscaled = at2(first, 0, k) * at2(dm, 0, c) + at2(first, 1, k) * at2(dm, 1, c);
      dplaced[4 + 2 * k + c] = dscaled / Math.exp(p.d[k]);
      dd[k] -= dscaled * at2(scaled, k, c);
    }
  for (let j = 0; j < 2; j++) {
    let s = 0;
    for (let e = 0; e < 8; e++) s += dplaced[e] * layout[8 * j + e];
    grad[at + j] = s;
  }
  for (let k = 0; k < 2; k++) grad[at + 2 + k] = logAbsDiag[k] >= floor ? dd[k] : 0;
}
