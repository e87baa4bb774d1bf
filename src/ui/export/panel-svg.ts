import type { AppState } from '../../state/store';
import { asCanvasContext, SvgContext, type ImageEncoder } from '../../viz/svg-context';
import { drawCanvasLabel } from './canvas-label';
import type { PanelLayout } from './panel-layout';

/**
 * The panel redrawn as vectors: each canvas's own painter runs again against
 * a recording context, shifted to where the canvas sits and clipped to its
 * box (as the canvas itself would clip), at CSS-pixel size.
 */
export function panelSvg(layout: PanelLayout, state: AppState, encodeImage: ImageEncoder, background: string): string {
  const svg = new SvgContext({ width: layout.width, height: layout.height, encodeImage, background });
  const ctx = asCanvasContext(svg);
  for (const c of layout.canvases) {
    ctx.save();
    ctx.translate(c.x, c.y);
    ctx.beginPath();
    ctx.rect(0, 0, c.width, c.height);
    ctx.clip();
    c.paint(ctx, c.width, c.height, state);
    if (c.label) drawCanvasLabel(ctx, c.label);
    ctx.restore();
  }
  return svg.toSvg();
}
