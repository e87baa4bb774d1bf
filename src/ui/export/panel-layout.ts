import type { Painter } from '../use-canvas-painter';
import { EXPORT_LABEL_ATTRIBUTE } from './canvas-label';
import { painterFor } from './painter-registry';

/** One painted canvas of a panel, placed relative to the panel's drawn area, in CSS pixels. */
export interface PlacedCanvas {
  canvas: HTMLCanvasElement;
  paint: Painter;
  x: number;
  y: number;
  /** What the painter is given: the canvas's CSS size, as useCanvasPainter passes it. */
  width: number;
  height: number;
  /** The canvas's name, drawn into the export (see canvas-label.ts); null when the panel names it well enough. */
  label: string | null;
}

export interface PanelLayout {
  width: number;
  height: number;
  canvases: PlacedCanvas[];
}

/**
 * Where a panel's painted canvases sit inside its <figure> (the main density
 * and the VAE/GAN ones beside it, say), cropped to the box around them so an
 * export holds the drawings and not the caption or controls. Null when no
 * canvas has been laid out yet.
 */
export function measurePanel(figure: HTMLElement): PanelLayout | null {
  const found: { canvas: HTMLCanvasElement; paint: Painter; box: DOMRect }[] = [];
  for (const canvas of figure.querySelectorAll('canvas')) {
    const paint = painterFor(canvas);
    const box = canvas.getBoundingClientRect();
    if (paint && canvas.clientWidth > 0 && canvas.clientHeight > 0) found.push({ canvas, paint, box });
  }
  if (found.length === 0) return null;
  const left = Math.min(...found.map((f) => f.box.left));
  const top = Math.min(...found.map((f) => f.box.top));
  const right = Math.max(...found.map((f) => f.box.right));
  const bottom = Math.max(...found.map((f) => f.box.bottom));
  return {
    width: Math.ceil(right - left),
    height: Math.ceil(bottom - top),
    canvases: found.map(({ canvas, paint, box }) => ({
      canvas,
      paint,
      x: box.left - left,
      y: box.top - top,
      width: canvas.clientWidth,
      height: canvas.clientHeight,
      label: canvas.getAttribute(EXPORT_LABEL_ATTRIBUTE),
    })),
  };
}
