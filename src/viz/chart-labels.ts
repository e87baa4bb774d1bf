import { SMALL_FONT } from './palette';

/** The NLL chart's end labels: one per curve (and the floor), in the margin right of the plot. */

const LABEL_GAP = 14;

export interface Label {
  y: number;
  endX: number;
  endY: number;
  text: string;
  color: string;
  dash: number[];
  width: number;
}

/**
 * End labels in the right margin, at their curve's last y, pushed apart so
 * none overlap; each starts with a sample of its curve's line style, and a
 * thin leader joins it to its curve's end when it had to move.
 */
export function drawLabels(
  ctx: CanvasRenderingContext2D,
  plot: { left: number; top: number; width: number; height: number },
  labels: Label[],
): void {
  const right = plot.left + plot.width;
  ctx.font = SMALL_FONT;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const label of spreadLabels(labels, LABEL_GAP, plot.top, plot.top + plot.height)) {
    ctx.strokeStyle = label.color;
    ctx.globalAlpha = 0.5;
    ctx.lineWidth = 0.75;
    if (Math.abs(label.y - label.endY) > 2 || right - label.endX > 4) line(ctx, label.endX, label.endY, right + 4, label.y);
    ctx.globalAlpha = 1;
    ctx.lineWidth = label.width;
    ctx.setLineDash(label.dash);
    line(ctx, right + 4, label.y, right + 20, label.y);
    ctx.setLineDash([]);
    ctx.fillStyle = label.color;
    ctx.fillText(label.text, right + 24, label.y);
  }
}

export function line(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}

/** End labels pushed apart vertically so none overlap, kept inside the plot. */
function spreadLabels<T extends { y: number }>(labels: T[], gap: number, top: number, bottom: number): T[] {
  const sorted = labels.map((l) => ({ ...l })).sort((a, b) => a.y - b.y);
  for (let i = 1; i < sorted.length; i++) sorted[i].y = Math.max(sorted[i].y, sorted[i - 1].y + gap);
  const overflow = (sorted[sorted.length - 1]?.y ?? 0) - bottom;
  if (overflow > 0) for (const l of sorted) l.y -= overflow;
  for (let i = 0; i < sorted.length; i++) sorted[i].y = Math.max(sorted[i].y, top + i * gap);
  return sorted;
}
