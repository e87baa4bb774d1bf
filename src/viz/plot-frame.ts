import { scaleLinear, type ScaleLinear } from 'd3';
import type { ViewBox } from '../state/types';

/** Data coordinates → CSS pixels for a square view box drawn centred in a width×height canvas. */
export interface PlotFrame {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** The square's pixel rectangle. */
  left: number;
  top: number;
  side: number;
}

export function plotFrame(box: ViewBox, width: number, height: number, inset = 0): PlotFrame {
  const side = Math.max(1, Math.min(width, height) - 2 * inset);
  const left = (width - side) / 2;
  const top = (height - side) / 2;
  return {
    x: scaleLinear().domain([box.x0, box.x1]).range([left, left + side]),
    // y up, as in the maths.
    y: scaleLinear().domain([box.y0, box.y1]).range([top + side, top]),
    left,
    top,
    side,
  };
}

/** Restrict further drawing to the frame's square (points of a wide tail stay inside the panel). */
export function clipToFrame(ctx: CanvasRenderingContext2D, frame: PlotFrame): void {
  ctx.beginPath();
  ctx.rect(frame.left, frame.top, frame.side, frame.side);
  ctx.clip();
}

/** A light frame and axes through the origin: enough to read scale without cluttering the density. */
export function drawFrame(ctx: CanvasRenderingContext2D, frame: PlotFrame, color: string): void {
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.strokeRect(frame.left + 0.5, frame.top + 0.5, frame.side - 1, frame.side - 1);
  ctx.setLineDash([2, 3]);
  ctx.beginPath();
  const [x0, x1] = frame.x.domain();
  const [y0, y1] = frame.y.domain();
  if (x0 < 0 && x1 > 0) {
    ctx.moveTo(Math.round(frame.x(0)) + 0.5, frame.top);
    ctx.lineTo(Math.round(frame.x(0)) + 0.5, frame.top + frame.side);
  }
  if (y0 < 0 && y1 > 0) {
    ctx.moveTo(frame.left, Math.round(frame.y(0)) + 0.5);
    ctx.lineTo(frame.left + frame.side, Math.round(frame.y(0)) + 0.5);
  }
  ctx.stroke();
  ctx.restore();
}
