import { drawCanvasLabel } from './canvas-label';
import type { PanelLayout } from './panel-layout';

/**
 * The panel's canvases as they are on screen, copied at device-pixel
 * resolution into one PNG (on the panel's background: canvases are transparent).
 */
export function panelPng(layout: PanelLayout, background: string): Promise<Blob> {
  // prepareCanvas sizes backing stores by this ratio, so the copies are 1:1.
  const ratio = window.devicePixelRatio || 1;
  const out = document.createElement('canvas');
  out.width = Math.max(1, Math.round(layout.width * ratio));
  out.height = Math.max(1, Math.round(layout.height * ratio));
  const ctx = out.getContext('2d');
  if (!ctx) return Promise.reject(new Error('no 2-D canvas context for the PNG'));
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  for (const c of layout.canvases) {
    ctx.drawImage(c.canvas, c.x * ratio, c.y * ratio, c.width * ratio, c.height * ratio);
    if (!c.label) continue;
    ctx.save();
    ctx.scale(ratio, ratio);
    ctx.translate(c.x, c.y);
    drawCanvasLabel(ctx, c.label);
    ctx.restore();
  }
  return new Promise((resolve, reject) => out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG'))), 'image/png'));
}
