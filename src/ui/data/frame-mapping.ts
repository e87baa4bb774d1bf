import type { PlotFrame } from '../../viz/plot-frame';

/** A position on the canvas in CSS pixels, origin at its top-left corner. */
export interface Pixel {
  x: number;
  y: number;
}

/** Whether a pixel falls in the frame's square (the view box); the canvas may be wider than it. */
export function insideFrame(frame: PlotFrame, px: number, py: number): boolean {
  return px >= frame.left && px <= frame.left + frame.side && py >= frame.top && py <= frame.top + frame.side;
}

/**
 * Packed pixel positions → packed data coordinates through the frame's own
 * scales (so drawing and plotting can never disagree), keeping only those in
 * the view box: a point the panel cannot show should not be trained on.
 */
export function pixelsToData(frame: PlotFrame, pixels: Float32Array): Float32Array {
  const out = new Float32Array(pixels.length);
  let n = 0;
  for (let i = 0; i < pixels.length; i += 2) {
    const px = pixels[i];
    const py = pixels[i + 1];
    if (!insideFrame(frame, px, py)) continue;
    out[n++] = frame.x.invert(px);
    out[n++] = frame.y.invert(py);
  }
  return out.slice(0, n);
}
