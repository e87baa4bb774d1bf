import { layerName } from '../core/flows/registry';
import type { MorphLayout, TraceFrame, ViewBox } from '../state/types';
import { drawMorph, snapshot } from './morph';
import { INK, MUTED, RULE, SMALL_FONT } from './palette';
import { clipToFrame, drawFrame, plotFrame } from './plot-frame';

export const LABEL_HEIGHT = 16;
export const GAP = 6;

/** The label under snapshot k (0 is the Gaussian, k ≥ 1 the output of layer k). */
export function layerLabel(k: number, kinds: readonly string[]): string {
  return k === 0 ? 'Gaussian' : `${k} ${kinds[k - 1] === undefined ? '' : layerName(kinds[k - 1])}`.trim();
}

/**
 * Where the thumbnails go. A strip wider than tall runs left to right with
 * the labels under a row of squares; taller than wide, top to bottom with
 * each label under its square. Every snapshot gets a square: a strip too long
 * for its box scrolls (the panel sizes the canvas with `stripLength`) rather
 * than skipping layers.
 */
export interface StripGeometry {
  vertical: boolean;
  /** Side of one square thumbnail. */
  thumb: number;
  /** Distance from one thumbnail's start to the next along the strip. */
  stride: number;
}

export function stripGeometry(width: number, height: number): StripGeometry {
  const vertical = height > width;
  const thumb = Math.max(20, vertical ? width : height - LABEL_HEIGHT);
  return { vertical, thumb, stride: thumb + GAP + (vertical ? LABEL_HEIGHT : 0) };
}

/** Length along the strip that shows `count` thumbnails of side `thumb`. */
export function stripLength(count: number, thumb: number, vertical: boolean): number {
  return count * (thumb + GAP + (vertical ? LABEL_HEIGHT : 0)) - GAP;
}

/** The top-left corner of thumbnail `slot`. */
export function thumbOrigin(g: StripGeometry, slot: number): { x: number; y: number } {
  return g.vertical ? { x: 0, y: slot * g.stride } : { x: slot * g.stride, y: 0 };
}

/** The distribution after each layer, from the Gaussian (0) to the model (K), one square each. */
export function drawLayerStrip(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  trace: TraceFrame,
  layout: MorphLayout,
  box: ViewBox,
  kinds: readonly string[],
  /** The stretch along the strip that is scrolled into sight; thumbnails outside it are not drawn (all of them without it). */
  shown?: { from: number; to: number },
): void {
  const g = stripGeometry(width, height);
  const base = snapshot(trace, 0);
  ctx.save();
  ctx.font = SMALL_FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let k = 0; k <= trace.layers; k++) {
    const { x, y } = thumbOrigin(g, k);
    if (x > width || y > height) break;
    const start = g.vertical ? y : x;
    if (shown && (start + g.stride < shown.from || start > shown.to)) continue;
    const frame = plotFrame(box, g.thumb, g.thumb);
    ctx.save();
    ctx.translate(x, y);
    drawFrame(ctx, frame, RULE);
    clipToFrame(ctx, frame);
    drawMorph(ctx, frame, snapshot(trace, k), base, layout, { radius: 0.9, lineWidth: 0.6, showLines: true });
    ctx.restore();
    ctx.fillStyle = k === 0 || k === trace.layers ? INK : MUTED;
    ctx.fillText(layerLabel(k, kinds), x + g.thumb / 2, y + g.thumb + 3, g.thumb + (g.vertical ? 0 : GAP));
  }
  ctx.restore();
}
