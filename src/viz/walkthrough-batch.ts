import { INK } from './palette';
import type { PlotFrame } from './plot-frame';

/**
 * The step walkthrough's batch: larger dark dots with a white rim, so they
 * stand out on grey data points, coloured morph samples and a dark density
 * alike. Non-finite points (a failed root find) are skipped.
 */
export function drawBatch(ctx: CanvasRenderingContext2D, frame: PlotFrame, points: Float32Array): void {
  ctx.save();
  ctx.fillStyle = INK;
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 0.8;
  ctx.globalAlpha = 0.9;
  const r = 2.2;
  ctx.beginPath();
  for (let i = 0; i < points.length / 2; i++) {
    const px = frame.x(points[2 * i]);
    const py = frame.y(points[2 * i + 1]);
    if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
    ctx.moveTo(px + r, py);
    ctx.arc(px, py, r, 0, 2 * Math.PI);
  }
  ctx.fill();
  ctx.stroke();
  ctx.restore();
}
