import type { PlotFrame } from './plot-frame';

export interface PointStyle {
  color: string;
  /** Half the side of each dot's square, CSS px. */
  radius: number;
  alpha: number;
}

/**
 * Draw rows of a packed [x0, y0, x1, y1, …] array as small squares (fillRect is
 * several times faster than arcs at a few thousand points, and at 2–3 px the
 * shape is invisible). Non-finite points (a failed root find) are skipped.
 */
export function drawPoints(ctx: CanvasRenderingContext2D, frame: PlotFrame, points: Float32Array, style: PointStyle, count = points.length / 2): void {
  ctx.save();
  ctx.fillStyle = style.color;
  ctx.globalAlpha = style.alpha;
  const d = 2 * style.radius;
  for (let i = 0; i < count; i++) {
    const px = frame.x(points[2 * i]);
    const py = frame.y(points[2 * i + 1]);
    if (Number.isFinite(px) && Number.isFinite(py)) ctx.fillRect(px - style.radius, py - style.radius, d, d);
  }
  ctx.restore();
}
