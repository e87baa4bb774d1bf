import { contours, geoPath, geoTransform, interpolateRgbBasis, rgb } from 'd3';
import type { DensityFrame, ViewBox } from '../state/types';
import type { PlotFrame } from './plot-frame';

/** Contours enclose these shares of the probability mass (highest-density regions). */
export const MASS_LEVELS = [0.25, 0.5, 0.75, 0.95];

/**
 * A log-density grid as a heat map with highest-density-region contours.
 * Colour shows density relative to the grid's peak (through a square-root so
 * the tails stay visible); the contours carry the absolute meaning: the
 * innermost holds 25% of the mass, the outermost 95%.
 */
export function drawDensity(ctx: CanvasRenderingContext2D, frame: PlotFrame, box: ViewBox, grid: DensityFrame, ramp: readonly string[], contourColor: string): void {
  const { size, logDensity } = grid;
  const density = relativeDensity(logDensity);
  const image = heatImage(density, size, rampLookup(ramp));
  ctx.save();
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, frame.left, frame.top, frame.side, frame.side);

  const cellX = (box.x1 - box.x0) / size;
  const cellY = (box.y1 - box.y0) / size;
  // Contour coordinates are in grid cells; grid row 0 is the bottom of the box.
  const toPixels = geoTransform({
    point(gx, gy) {
      this.stream.point(frame.x(box.x0 + gx * cellX), frame.y(box.y0 + gy * cellY));
    },
  });
  const path = geoPath(toPixels, ctx);
  ctx.strokeStyle = contourColor;
  for (const [i, level] of massThresholds(density, MASS_LEVELS).entries()) {
    if (!(level > 0)) continue;
    ctx.lineWidth = i === 0 ? 1.5 : 1;
    ctx.globalAlpha = 0.9 - 0.15 * i;
    ctx.beginPath();
    path(contours().size([size, size]).contour(Array.from(density), level));
    ctx.stroke();
  }
  ctx.restore();
}

/** exp(log p − max log p): 1 at the peak, and never overflows whatever the scale. */
function relativeDensity(logDensity: Float32Array): Float32Array {
  let max = -Infinity;
  for (const v of logDensity) if (v > max) max = v;
  const out = new Float32Array(logDensity.length);
  if (!Number.isFinite(max)) return out;
  for (let i = 0; i < out.length; i++) {
    const v = Math.exp(logDensity[i] - max);
    out[i] = Number.isFinite(v) ? v : 0;
  }
  return out;
}

/**
 * Density levels whose super-level sets hold the given shares of the grid's
 * mass: sort cells by density, accumulate, read off where each share is reached.
 */
export function massThresholds(density: Float32Array, shares: readonly number[]): number[] {
  const sorted = Float32Array.from(density).sort().reverse();
  let total = 0;
  for (const v of sorted) total += v;
  const out: number[] = [];
  let acc = 0;
  let k = 0;
  for (const share of shares) {
    while (k < sorted.length && acc < share * total) acc += sorted[k++];
    out.push(sorted[Math.max(0, k - 1)] ?? 0);
  }
  return out;
}

function rampLookup(ramp: readonly string[]): Uint8ClampedArray {
  const interpolate = interpolateRgbBasis(ramp as string[]);
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const c = rgb(interpolate(i / 255));
    lut.set([c.r, c.g, c.b], 3 * i);
  }
  return lut;
}

function heatImage(density: Float32Array, size: number, lut: Uint8ClampedArray): OffscreenCanvas {
  const canvas = new OffscreenCanvas(size, size);
  const pixels = new ImageData(size, size);
  for (let j = 0; j < size; j++) {
    // Image rows run top-down; grid rows bottom-up.
    const row = size - 1 - j;
    for (let i = 0; i < size; i++) {
      const t = Math.sqrt(density[j * size + i]);
      const c = 3 * Math.min(255, Math.max(0, Math.round(t * 255)));
      const p = 4 * (row * size + i);
      pixels.data[p] = lut[c];
      pixels.data[p + 1] = lut[c + 1];
      pixels.data[p + 2] = lut[c + 2];
      pixels.data[p + 3] = 255;
    }
  }
  canvas.getContext('2d')!.putImageData(pixels, 0, 0);
  return canvas;
}
