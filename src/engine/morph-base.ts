import { createRng } from '../core/util/rng';
import type { MorphLayout } from './protocol';

/**
 * The latent points the morph pushes through the flow: Gaussian draws and a
 * grid of lines. They are fixed for a run (seeded), so between two trace
 * read-backs the same points move and the animation reads as one motion.
 */
export function morphLayout(samples: number): MorphLayout {
  return { samples, lines: 2 * GRID_VALUES.length, pointsPerLine: POINTS_PER_LINE };
}

/** Lines at these latent coordinates, each drawn across ±LINE_EXTENT. */
const GRID_VALUES = [-2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5];
const LINE_EXTENT = 3;
const POINTS_PER_LINE = 61;

export function morphBasePoints(layout: MorphLayout, seed: number): Float32Array {
  const rng = createRng(seed ^ 0x5eed);
  const total = layout.samples + layout.lines * layout.pointsPerLine;
  const out = new Float32Array(2 * total);
  for (let i = 0; i < 2 * layout.samples; i++) out[i] = rng.normal();
  let k = 2 * layout.samples;
  for (const horizontal of [true, false]) {
    for (const c of GRID_VALUES) {
      for (let p = 0; p < layout.pointsPerLine; p++) {
        const t = -LINE_EXTENT + (2 * LINE_EXTENT * p) / (layout.pointsPerLine - 1);
        out[k++] = horizontal ? t : c;
        out[k++] = horizontal ? c : t;
      }
    }
  }
  return out;
}
