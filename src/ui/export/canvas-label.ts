import { INK } from '../../viz/palette';

/**
 * A canvas's name in an export. On screen a canvas is named by the HTML beside
 * it (the Density panel's "VAE IWAE, k = 16"); an exported PNG or SVG holds
 * only the drawings, so without this a reader could not tell the flow's
 * density from the VAE's or the GAN's.
 */
export const EXPORT_LABEL_ATTRIBUTE = 'data-export-label';

/** Roughly one 11 px sans-serif character: the SVG recorder has no measureText, and the plate need not fit exactly. */
const CHAR_WIDTH = 6.4;

/** The label in the canvas's top-left corner, on a light plate so it reads over any density colour. */
export function drawCanvasLabel(ctx: CanvasRenderingContext2D, label: string): void {
  ctx.save();
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.fillRect(2, 2, label.length * CHAR_WIDTH + 6, 16);
  ctx.font = '600 11px sans-serif';
  ctx.textBaseline = 'top';
  ctx.fillStyle = INK;
  ctx.fillText(label, 5, 5);
  ctx.restore();
}
