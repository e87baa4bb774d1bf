// AssemblyScript, compiled to WebAssembly SIMD (see scripts/build-kernels.mjs):
// the arithmetic of a small MLP's forward and backward pass, for the host
// kernels in ../mlp-kernels.ts. Every matrix is float32, row-major, at a byte
// address the caller chose in this module's memory; nothing is allocated here.

// Activation codes, shared with ../mlp-kernels.ts.
const LINEAR: i32 = 0;
const RELU: i32 = 1;
const TANH: i32 = 2;
const ELU: i32 = 3;
const LEAKY_RELU: i32 = 4;
const LEAK: f32 = 0.1;

/**
 * C[M,N] = A[M,K]·B[K,N] (+ bias[N] when hasBias). The bulk is 4 rows × 8
 * columns at a time: 8 four-lane accumulators stay in registers while k runs,
 * each step one broadcast load of A[i,k] per row times two 4-wide loads of B's
 * row k. The ragged edges (M mod 4 rows, N mod 8 columns) go through `edge`.
 */
export function matmul(a: usize, b: usize, c: usize, M: i32, K: i32, N: i32, bias: usize, hasBias: bool): void {
  const M4 = M & ~3;
  const N8 = N & ~7;
  const rowA = <usize>K << 2;
  const rowB = <usize>N << 2;
  for (let i = 0; i < M4; i += 4) {
    const a0 = a + <usize>i * rowA;
    const a1 = a0 + rowA;
    const a2 = a1 + rowA;
    const a3 = a2 + rowA;
    for (let j = 0; j < N8; j += 8) {
      let init0 = f32x4.splat(0);
      let init1 = f32x4.splat(0);
      if (hasBias) {
        init0 = v128.load(bias + (<usize>j << 2));
        init1 = v128.load(bias + (<usize>j << 2), 16);
      }
      let c00 = init0, c01 = init1, c10 = init0, c11 = init1;
      let c20 = init0, c21 = init1, c30 = init0, c31 = init1;
      let bp = b + (<usize>j << 2);
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        const off = <usize>k << 2;
        const s0 = v128.load32_splat(a0 + off);
        const s1 = v128.load32_splat(a1 + off);
        const s2 = v128.load32_splat(a2 + off);
        const s3 = v128.load32_splat(a3 + off);
        c00 = f32x4.add(c00, f32x4.mul(s0, b0));
        c01 = f32x4.add(c01, f32x4.mul(s0, b1));
        c10 = f32x4.add(c10, f32x4.mul(s1, b0));
        c11 = f32x4.add(c11, f32x4.mul(s1, b1));
        c20 = f32x4.add(c20, f32x4.mul(s2, b0));
        c21 = f32x4.add(c21, f32x4.mul(s2, b1));
        c30 = f32x4.add(c30, f32x4.mul(s3, b0));
        c31 = f32x4.add(c31, f32x4.mul(s3, b1));
        bp += rowB;
      }
      const cp = c + <usize>i * rowB + (<usize>j << 2);
      v128.store(cp, c00);
      v128.store(cp, c01, 16);
      v128.store(cp + rowB, c10);
      v128.store(cp + rowB, c11, 16);
      v128.store(cp + 2 * rowB, c20);
      v128.store(cp + 2 * rowB, c21, 16);
      v128.store(cp + 3 * rowB, c30);
      v128.store(cp + 3 * rowB, c31, 16);
    }
  }
  edge(a, b, c, 0, M4, N8, N, K, N, bias, hasBias);
  edge(a, b, c, M4, M, 0, N, K, N, bias, hasBias);
}

/** Rows [i0, i1) × columns [j0, j1) of the product above, one scalar at a time. */
function edge(a: usize, b: usize, c: usize, i0: i32, i1: i32, j0: i32, j1: i32, K: i32, N: i32, bias: usize, hasBias: bool): void {
  for (let i = i0; i < i1; i++) {
    for (let j = j0; j < j1; j++) {
      let s: f32 = hasBias ? load<f32>(bias + (<usize>j << 2)) : 0;
      for (let k = 0; k < K; k++) s += load<f32>(a + ((<usize>i * K + k) << 2)) * load<f32>(b + ((<usize>k * N + j) << 2));
      store<f32>(c + ((<usize>i * N + j) << 2), s);
    }
  }
}

/**
 * C[M,N] = A[K,M]ᵀ·B[K,N], A stored as it is, [K, M] row-major: the weight
 * gradient prevᵀ·dz straight from the layer input prev [batch, fanIn], with no
 * transposed copy (a transpose writes with a stride of a whole row per value,
 * and cost more than the product it fed). Both operands are then read row by
 * row as k runs: A[k, i..i+3] as four splats, B[k, j..j+7] as two loads.
 * Columns past the last multiple of 8 (a 2-wide output layer) run as vectors
 * over i instead; rows past the last multiple of 4 (a 1-wide input layer) as
 * vectors over j.
 */
export function matmulTN(a: usize, b: usize, c: usize, M: i32, K: i32, N: i32): void {
  const M4 = M & ~3;
  const N8 = N & ~7;
  const rowA = <usize>M << 2;
  const rowB = <usize>N << 2;
  for (let i = 0; i < M4; i += 4) {
    for (let j = 0; j < N8; j += 8) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let ap = a + (<usize>i << 2);
      let bp = b + (<usize>j << 2);
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        const s0 = v128.load32_splat(ap);
        const s1 = v128.load32_splat(ap, 4);
        const s2 = v128.load32_splat(ap, 8);
        const s3 = v128.load32_splat(ap, 12);
        c00 = f32x4.add(c00, f32x4.mul(s0, b0));
        c01 = f32x4.add(c01, f32x4.mul(s0, b1));
        c10 = f32x4.add(c10, f32x4.mul(s1, b0));
        c11 = f32x4.add(c11, f32x4.mul(s1, b1));
        c20 = f32x4.add(c20, f32x4.mul(s2, b0));
        c21 = f32x4.add(c21, f32x4.mul(s2, b1));
        c30 = f32x4.add(c30, f32x4.mul(s3, b0));
        c31 = f32x4.add(c31, f32x4.mul(s3, b1));
        ap += rowA;
        bp += rowB;
      }
      const cp = c + <usize>i * rowB + (<usize>j << 2);
      v128.store(cp, c00);
      v128.store(cp, c01, 16);
      v128.store(cp + rowB, c10);
      v128.store(cp + rowB, c11, 16);
      v128.store(cp + 2 * rowB, c20);
      v128.store(cp + 2 * rowB, c21, 16);
      v128.store(cp + 3 * rowB, c30);
      v128.store(cp + 3 * rowB, c31, 16);
    }
    // Leftover columns: C[i..i+3, j] = Σ_k A[k, i..i+3]·B[k, j], a vector over i,
    // two columns at a time (two independent sums: one would wait on each add).
    for (let j = N8; j < N; j += 2) {
      const pair = j + 1 < N;
      let acc0 = f32x4.splat(0);
      let acc1 = f32x4.splat(0);
      let ap = a + (<usize>i << 2);
      let bp = b + (<usize>j << 2);
      for (let k = 0; k < K; k++) {
        const av = v128.load(ap);
        acc0 = f32x4.add(acc0, f32x4.mul(av, v128.load32_splat(bp)));
        if (pair) acc1 = f32x4.add(acc1, f32x4.mul(av, v128.load32_splat(bp, 4)));
        ap += rowA;
        bp += rowB;
      }
      const cp = c + <usize>i * rowB + (<usize>j << 2);
      store<f32>(cp, f32x4.extract_lane(acc0, 0));
      store<f32>(cp + rowB, f32x4.extract_lane(acc0, 1));
      store<f32>(cp + 2 * rowB, f32x4.extract_lane(acc0, 2));
      store<f32>(cp + 3 * rowB, f32x4.extract_lane(acc0, 3));
      if (pair) {
        store<f32>(cp, f32x4.extract_lane(acc1, 0), 4);
        store<f32>(cp + rowB, f32x4.extract_lane(acc1, 1), 4);
        store<f32>(cp + 2 * rowB, f32x4.extract_lane(acc1, 2), 4);
        store<f32>(cp + 3 * rowB, f32x4.extract_lane(acc1, 3), 4);
      }
    }
  }
  // Leftover rows: C[i, j..j+3] = Σ_k A[k, i]·B[k, j..j+3], a vector over j.
  for (let i = M4; i < M; i++) {
    const N4 = N & ~3;
    for (let j = 0; j < N4; j += 4) {
      let acc = f32x4.splat(0);
      let ap = a + (<usize>i << 2);
      let bp = b + (<usize>j << 2);
      for (let k = 0; k < K; k++) {
        acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(ap), v128.load(bp)));
        ap += rowA;
        bp += rowB;
      }
      v128.store(c + <usize>i * rowB + (<usize>j << 2), acc);
    }
    for (let j = N4; j < N; j++) {
      let s: f32 = 0;
      for (let k = 0; k < K; k++) s += load<f32>(a + ((<usize>k * M + i) << 2)) * load<f32>(b + ((<usize>k * N + j) << 2));
      store<f32>(c + ((<usize>i * N + j) << 2), s);
    }
  }
}

/**
 * C[M,N] = A[M,K]·Bt[N,K]ᵀ (+ bias[N] when hasBias), each entry a dot product
 * of two rows read four at a time: for a narrow C (N < 8, where `matmul`'s
 * 4×8 blocks do not fit), e.g. the 2-wide output layer h·W (Bt = Wᵀ) or the
 * 1-wide input gradient dz·W₁ᵀ (Bt = W₁ as stored). Four rows of A share each
 * load of Bt and keep four independent sums.
 */
export function matmulNT(a: usize, bt: usize, c: usize, M: i32, K: i32, N: i32, bias: usize, hasBias: bool): void {
  const K4 = K & ~3;
  const M4 = M & ~3;
  const row = <usize>K << 2;
  for (let i = 0; i < M; i += 4) {
    const rows = i < M4 ? 4 : M - i;
    for (let j = 0; j < N; j++) {
      const bp = bt + <usize>j * row;
      const a0 = a + <usize>i * row;
      const a1 = rows > 1 ? a0 + row : a0;
      const a2 = rows > 2 ? a1 + row : a0;
      const a3 = rows > 3 ? a2 + row : a0;
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
      for (let k = 0; k < K4; k += 4) {
        const off = <usize>k << 2;
        const bv = v128.load(bp + off);
        s0 = f32x4.add(s0, f32x4.mul(v128.load(a0 + off), bv));
        s1 = f32x4.add(s1, f32x4.mul(v128.load(a1 + off), bv));
        s2 = f32x4.add(s2, f32x4.mul(v128.load(a2 + off), bv));
        s3 = f32x4.add(s3, f32x4.mul(v128.load(a3 + off), bv));
      }
      const b0: f32 = hasBias ? load<f32>(bias + (<usize>j << 2)) : 0;
      let t0 = b0 + lanesSum(s0), t1 = b0 + lanesSum(s1), t2 = b0 + lanesSum(s2), t3 = b0 + lanesSum(s3);
      for (let k = K4; k < K; k++) {
        const off = <usize>k << 2;
        const bk = load<f32>(bp + off);
        t0 += load<f32>(a0 + off) * bk;
        t1 += load<f32>(a1 + off) * bk;
        t2 += load<f32>(a2 + off) * bk;
        t3 += load<f32>(a3 + off) * bk;
      }
      const cp = c + ((<usize>i * N + j) << 2);
      const rowC = <usize>N << 2;
      store<f32>(cp, t0);
      if (rows > 1) store<f32>(cp + rowC, t1);
      if (rows > 2) store<f32>(cp + 2 * rowC, t2);
      if (rows > 3) store<f32>(cp + 3 * rowC, t3);
    }
  }
}

/** The four lanes of v added. */
// @ts-ignore: decorator
@inline function lanesSum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** x ← act(x) in place over n values. */
export function activate(x: usize, n: i32, act: i32): void {
  if (act == LINEAR) return;
  let i = 0;
  if (act == RELU) {
    const zero = f32x4.splat(0);
    for (; i + 4 <= n; i += 4) {
      const p = x + (<usize>i << 2);
      v128.store(p, f32x4.max(v128.load(p), zero));
    }
  }
  for (; i < n; i++) {
    const p = x + (<usize>i << 2);
    const z = load<f32>(p);
    let y: f32 = z;
    if (act == RELU) y = z > 0 ? z : 0;
    else if (act == TANH) y = <f32>Math.tanh(z);
    else if (act == ELU) y = z > 0 ? z : <f32>Math.expm1(z);
    else if (act == LEAKY_RELU) y = z > 0 ? z : LEAK * z;
    store<f32>(p, y);
  }
}

/**
 * dz ← dh ⊙ act′, written in terms of the layer's output y (so only y is
 * kept from the forward pass): relu 1[y>0]; tanh 1 − y²; elu y > 0 ? 1 : y + 1
 * (y = eᶻ − 1); leaky relu y > 0 ? 1 : 0.1. In place over n values of dh.
 */
export function activationGrad(dh: usize, y: usize, n: i32, act: i32): void {
  if (act == LINEAR) return;
  let i = 0;
  if (act == RELU) {
    const zero = f32x4.splat(0);
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(dh + off, v128.and(v128.load(dh + off), f32x4.gt(v128.load(y + off), zero)));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const g = load<f32>(dh + off);
    const v = load<f32>(y + off);
    let d: f32 = 1;
    if (act == RELU) d = v > 0 ? 1 : 0;
    else if (act == TANH) d = 1 - v * v;
    else if (act == ELU) d = v > 0 ? 1 : v + 1;
    else if (act == LEAKY_RELU) d = v > 0 ? 1 : LEAK;
    store<f32>(dh + off, g * d);
  }
}

/** out[N] = Σᵢ x[i, :] over M rows (the bias gradient), four columns at a time. */
export function columnSums(x: usize, out: usize, M: i32, N: i32): void {
  const N4 = N & ~3;
  const row = <usize>N << 2;
  for (let j = 0; j < N4; j += 4) {
    let s = f32x4.splat(0);
    let p = x + (<usize>j << 2);
    for (let i = 0; i < M; i++) {
      s = f32x4.add(s, v128.load(p));
      p += row;
    }
    v128.store(out + (<usize>j << 2), s);
  }
  for (let j = N4; j < N; j++) {
    let s: f32 = 0;
    for (let i = 0; i < M; i++) s += load<f32>(x + ((<usize>i * N + j) << 2));
    store<f32>(out + (<usize>j << 2), s);
  }
}

/** dst[C,R] = src[R,C]ᵀ. */
export function transpose(src: usize, dst: usize, R: i32, C: i32): void {
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < C; j++) store<f32>(dst + ((<usize>j * R + i) << 2), load<f32>(src + ((<usize>i * C + j) << 2)));
  }
}

/**
 * Adam's first half over a flat gradient (../adam-update.ts): non-finite
 * entries zeroed in place (x − x is 0 only for finite x), and Σ g² returned
 * for the clip's norm, summed in doubles.
 */
export function finiteSquares(g: usize, n: i32): f64 {
  const zero = f32x4.splat(0);
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = g + (<usize>i << 2);
    const x = v128.load(p);
    const finite = v128.and(x, f32x4.eq(f32x4.sub(x, x), zero));
    v128.store(p, finite);
    const sq = f32x4.mul(finite, finite);
    lo = f64x2.add(lo, f64x2.promote_low_f32x4(sq));
    hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<f32>(sq, sq, 2, 3, 0, 1)));
  }
  let s = f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1) + f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1);
  for (; i < n; i++) {
    const p = g + (<usize>i << 2);
    const x = load<f32>(p);
    const finite: f32 = x - x == 0 ? x : 0;
    store<f32>(p, finite);
    s += <f64>finite * <f64>finite;
  }
  return s;
}

/**
 * Adam's second half, in place over n values, four at a time:
 *   g ← scale·g (the clip),  m ← m + (g − m)·c1,  v ← v + (g² − v)·c2,
 *   θ ← θ − m·step / (√v + ε)
 * with c1, c2 and step already carrying the 0/1 gate and the bias correction.
 */
export function adamUpdate(g: usize, m: usize, v: usize, theta: usize, n: i32, scale: f32, c1: f32, c2: f32, step: f32, eps: f32): void {
  const vs = f32x4.splat(scale), v1 = f32x4.splat(c1), v2 = f32x4.splat(c2), vstep = f32x4.splat(step), veps = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const gi = f32x4.mul(v128.load(g + off), vs);
    const m0 = v128.load(m + off);
    const v0 = v128.load(v + off);
    const mi = f32x4.add(m0, f32x4.mul(f32x4.sub(gi, m0), v1));
    const vi = f32x4.add(v0, f32x4.mul(f32x4.sub(f32x4.mul(gi, gi), v0), v2));
    v128.store(m + off, mi);
    v128.store(v + off, vi);
    const t = v128.load(theta + off);
    v128.store(theta + off, f32x4.sub(t, f32x4.div(f32x4.mul(mi, vstep), f32x4.add(f32x4.sqrt(vi), veps))));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const gi = load<f32>(g + off) * scale;
    const m0 = load<f32>(m + off);
    const v0 = load<f32>(v + off);
    const mi = m0 + (gi - m0) * c1;
    const vi = v0 + (gi * gi - v0) * c2;
    store<f32>(m + off, mi);
    store<f32>(v + off, vi);
    store<f32>(theta + off, load<f32>(theta + off) - (mi * step) / (<f32>Math.sqrt(vi) + eps));
  }
}
