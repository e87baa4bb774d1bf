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
