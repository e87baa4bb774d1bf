/**
 * Kozachenko–Leonenko k-nearest-neighbour entropy estimate for 2-D points, in
 * nats: an independent check that a generator draws from the distribution whose
 * entropy floor we quote, without knowing its density.
 *
 *   Ĥ = ψ(n) − ψ(k) + ln π + (2/n)·Σ ln ρ_k(i),   ρ_k(i) = distance from i to its k-th neighbour
 *
 * (ln π is the log-area of the unit disc.) Neighbours come from a uniform grid of
 * buckets searched ring by ring, so n = 20,000 takes milliseconds.
 */
export function knnEntropy(points: Float32Array, k = 1): number {
  const n = points.length / 2;
  const logRadii = kthNeighbourLogDistances(points, k);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += logRadii[i];
  return digamma(n) - digamma(k) + Math.log(Math.PI) + (2 / n) * sum;
}

const EULER_GAMMA = 0.5772156649015329;

function digamma(m: number): number {
  if (m < 50) {
    let s = -EULER_GAMMA;
    for (let j = 1; j < m; j++) s += 1 / j;
    return s;
  }
  // Asymptotic series; the error is far below the estimator's own noise at m ≥ 50.
  return Math.log(m) - 1 / (2 * m) - 1 / (12 * m * m);
}

/** ln of the distance from each point to its k-th nearest other point. */
export function kthNeighbourLogDistances(points: Float32Array, k: number): Float64Array {
  const n = points.length / 2;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = points[2 * i], y = points[2 * i + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  // About two points per bucket on average over the bounding box.
  const h = Math.sqrt(((maxX - minX) * (maxY - minY) * 2) / n) || 1;
  const nx = Math.floor((maxX - minX) / h) + 1;
  const ny = Math.floor((maxY - minY) / h) + 1;
  const cellOf = (i: number) => {
    const cx = Math.floor((points[2 * i] - minX) / h);
    const cy = Math.floor((points[2 * i + 1] - minY) / h);
    return cy * nx + cx;
  };

  // Counting sort of point indices by bucket.
  const start = new Int32Array(nx * ny + 1);
  const cells = new Int32Array(n);
  for (let i = 0; i < n; i++) start[(cells[i] = cellOf(i)) + 1]++;
  for (let c = 0; c < nx * ny; c++) start[c + 1] += start[c];
  const order = new Int32Array(n);
  const fill = start.slice(0, nx * ny);
  for (let i = 0; i < n; i++) order[fill[cells[i]]++] = i;

  const out = new Float64Array(n);
  const best = new Float64Array(k); // k smallest squared distances, ascending
  for (let i = 0; i < n; i++) {
    const x = points[2 * i], y = points[2 * i + 1];
    const cx = cells[i] % nx, cy = Math.floor(cells[i] / nx);
    best.fill(Infinity);
    const consider = (c: number) => {
      for (let p = start[c]; p < start[c + 1]; p++) {
        const j = order[p];
        if (j === i) continue;
        const dx = points[2 * j] - x, dy = points[2 * j + 1] - y;
        const d2 = dx * dx + dy * dy;
        if (d2 >= best[k - 1]) continue;
        let q = k - 1;
        while (q > 0 && best[q - 1] > d2) {
          best[q] = best[q - 1];
          q--;
        }
        best[q] = d2;
      }
    };
    for (let r = 0; ; r++) {
      for (let gy = cy - r; gy <= cy + r; gy++) {
        if (gy < 0 || gy >= ny) continue;
        const onEdgeRow = gy === cy - r || gy === cy + r;
        for (let gx = cx - r; gx <= cx + r; gx += onEdgeRow ? 1 : 2 * r) {
          if (gx >= 0 && gx < nx) consider(gy * nx + gx);
          if (r === 0) break;
        }
      }
      // Anything in ring r+1 or beyond is at least r·h away.
      if (best[k - 1] <= (r * h) ** 2 || r > nx + ny) break;
    }
    out[i] = 0.5 * Math.log(best[k - 1]);
  }
  return out;
}
