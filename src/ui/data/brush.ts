import type { PlotFrame } from '../../viz/plot-frame';
import { pixelsToData, type Pixel } from './frame-mapping';

/** Points sprinkled per dab: a few, so a slow stroke builds density gradually. */
export const DAB_POINTS = 3;
/** Bounds the work of one pointer event however far the pointer jumped. */
export const MAX_DABS_PER_EVENT = 16;

/** Brush radius slider, CSS pixels (the size a person sees, whatever the view box). */
export const BRUSH_MIN = 4;
export const BRUSH_MAX = 40;
export const BRUSH_DEFAULT = 14;

/**
 * `count` points uniform in the disc of `radius` around `center`, packed
 * [x0, y0, …]. The distance from the centre is radius·√u because the area
 * within r grows as r²; radius·u would crowd the middle.
 */
export function sprinkleDisc(center: Pixel, radius: number, count: number, random: () => number): Float32Array {
  const out = new Float32Array(2 * count);
  for (let i = 0; i < count; i++) {
    const r = radius * Math.sqrt(random());
    const theta = 2 * Math.PI * random();
    out[2 * i] = center.x + r * Math.cos(theta);
    out[2 * i + 1] = center.y + r * Math.sin(theta);
  }
  return out;
}

/**
 * Where to dab for a pointer that moved from `from` to `to`: every `spacing`
 * pixels along the segment, ending at `to`, so a quick flick leaves a trail
 * rather than a few far-apart blobs. The first event of a stroke (`from` null)
 * dabs once.
 */
export function dabCentres(from: Pixel | null, to: Pixel, spacing: number, maxDabs = MAX_DABS_PER_EVENT): Pixel[] {
  if (!from) return [to];
  const distance = Math.hypot(to.x - from.x, to.y - from.y);
  const dabs = Math.min(maxDabs, Math.max(1, Math.ceil(distance / Math.max(spacing, 1e-9))));
  const out: Pixel[] = [];
  for (let k = 1; k <= dabs; k++) {
    const t = k / dabs;
    out.push({ x: from.x + t * (to.x - from.x), y: from.y + t * (to.y - from.y) });
  }
  return out;
}

/**
 * The data-coordinate points one pointer event adds: dabs along the move,
 * each a few points in the brush's disc, mapped through the panel's frame and
 * clipped to the view box.
 */
export function brushStroke(frame: PlotFrame, from: Pixel | null, to: Pixel, radius: number, random: () => number): Float32Array {
  const centres = dabCentres(from, to, radius);
  const pixels = new Float32Array(2 * DAB_POINTS * centres.length);
  centres.forEach((c, k) => pixels.set(sprinkleDisc(c, radius, DAB_POINTS, random), 2 * DAB_POINTS * k));
  return pixelsToData(frame, pixels);
}
