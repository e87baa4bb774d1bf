import type { MorphLayout, TraceFrame, ViewBox } from '../state/types';
import { drawMorph, snapshot } from './morph';
import { INK, MUTED, RULE, SMALL_FONT } from './palette';
import { clipToFrame, drawFrame, plotFrame } from './plot-frame';

const LABEL_HEIGHT = 16;
const MIN_PANEL = 60;
const GAP = 6;

/** Short names for the bijector kinds under each panel. */
const KIND_NAME: Record<string, string> = {
  planar: 'planar',
  'affine-coupling': 'affine cpl.',
  'additive-coupling': 'additive cpl.',
  actnorm: 'actnorm',
  'lu-linear': '1×1 conv',
  permute: 'permute',
};

/**
 * A row of small panels, the distribution after each layer, from the Gaussian
 * (0) to the model (K). When K + 1 panels cannot all be legible, an evenly
 * spaced subset is drawn, always with the first and last.
 */
export function drawLayerStrip(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  trace: TraceFrame,
  layout: MorphLayout,
  box: ViewBox,
  kinds: readonly string[],
): void {
  const side = Math.max(20, Math.min(height - LABEL_HEIGHT, 140));
  const fit = Math.max(2, Math.floor((width + GAP) / (Math.max(side, MIN_PANEL) + GAP)));
  const indices = panelIndices(trace.layers, fit);
  const panel = Math.min(side, (width + GAP) / indices.length - GAP);
  const base = snapshot(trace, 0);
  ctx.save();
  ctx.font = SMALL_FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  indices.forEach((k, slot) => {
    const left = slot * (panel + GAP);
    const frame = plotFrame(box, panel, panel);
    ctx.save();
    ctx.translate(left, 0);
    drawFrame(ctx, frame, RULE);
    clipToFrame(ctx, frame);
    drawMorph(ctx, frame, snapshot(trace, k), base, layout, { radius: 0.9, lineWidth: 0.6, showLines: true });
    ctx.restore();
    ctx.fillStyle = k === 0 || k === trace.layers ? INK : MUTED;
    const name = k === 0 ? 'Gaussian' : `${k} ${KIND_NAME[kinds[k - 1]] ?? kinds[k - 1] ?? ''}`;
    ctx.fillText(name, left + panel / 2, panel + 3, panel + GAP);
  });
  ctx.restore();
}

/** Up to `fit` snapshot indices from 0 to K, evenly spaced, ends included. */
export function panelIndices(layers: number, fit: number): number[] {
  if (layers + 1 <= fit) return Array.from({ length: layers + 1 }, (_, k) => k);
  const out = new Set<number>();
  for (let s = 0; s < fit; s++) out.add(Math.round((s * layers) / (fit - 1)));
  return [...out];
}
