import type { ToyName } from '../core/data/toy';
import type { ViewBox } from './protocol';

/**
 * A square window per dataset that holds all but the rarest points and the
 * base Gaussian's ±3σ, so the morph's first and last frames share one frame.
 * Square, so a unit looks the same along both axes.
 */
const CENTRE_AND_HALF_WIDTH: Record<ToyName, [number, number, number]> = {
  '8gaussians': [0, 0, 4],
  moons: [0, 0.3, 3.5],
  checkerboard: [0, 0, 4.5],
  rings: [0, 0, 4],
  circles: [0, 0, 4],
  '2spirals': [0, 0, 4],
  pinwheel: [0, 0, 4.5],
  swissroll: [0, 0, 4],
};

export function viewBoxFor(name: ToyName): ViewBox {
  const [cx, cy, h] = CENTRE_AND_HALF_WIDTH[name];
  return { x0: cx - h, x1: cx + h, y0: cy - h, y1: cy + h };
}

/**
 * A square around the user's points (1st to 99th percentile, padded) that also
 * holds the base Gaussian's ±3σ, so the morph starts inside the frame.
 */
export function boxAroundPoints(points: Float32Array): ViewBox {
  const n = points.length / 2;
  const xs = new Float32Array(n);
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = points[2 * i];
    ys[i] = points[2 * i + 1];
  }
  xs.sort();
  ys.sort();
  // Rounded outwards, so a handful of drawn points are all inside.
  const q = (a: Float32Array, p: number) => a[p < 0.5 ? Math.floor(p * (n - 1)) : Math.ceil(p * (n - 1))];
  // Each axis spans the points and the Gaussian's ±3σ; the square takes the longer span.
  const [x0, x1] = [Math.min(q(xs, 0.01), -3), Math.max(q(xs, 0.99), 3)];
  const [y0, y1] = [Math.min(q(ys, 0.01), -3), Math.max(q(ys, 0.99), 3)];
  const half = (1.1 * Math.max(x1 - x0, y1 - y0)) / 2;
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  return { x0: cx - half, x1: cx + half, y0: cy - half, y1: cy + half };
}

/** Cell centres of a size×size grid over the box, row-major from the bottom row (y0) up. */
export function gridPoints(box: ViewBox, size: number): Float32Array {
  const out = new Float32Array(2 * size * size);
  const dx = (box.x1 - box.x0) / size;
  const dy = (box.y1 - box.y0) / size;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const k = 2 * (j * size + i);
      out[k] = box.x0 + (i + 0.5) * dx;
      out[k + 1] = box.y0 + (j + 0.5) * dy;
    }
  }
  return out;
}
