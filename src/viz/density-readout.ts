import type { DensityFrame, ViewBox } from '../state/types';
import { plotFrame } from './plot-frame';

/**
 * The log-density under the pointer, read from the grid already on the main
 * thread (no request to the worker): the cell that holds the point, in the
 * same square every density canvas draws (plotFrame). Null outside the plot.
 */
export function densityUnderPointer(
  grid: DensityFrame,
  box: ViewBox,
  width: number,
  height: number,
  px: number,
  py: number,
): { x: number; y: number; logDensity: number } | null {
  const frame = plotFrame(box, width, height);
  if (px < frame.left || px > frame.left + frame.side || py < frame.top || py > frame.top + frame.side) return null;
  const x = frame.x.invert(px);
  const y = frame.y.invert(py);
  const i = Math.min(grid.size - 1, Math.max(0, Math.floor(((x - box.x0) / (box.x1 - box.x0)) * grid.size)));
  // Row 0 is the bottom of the box.
  const j = Math.min(grid.size - 1, Math.max(0, Math.floor(((y - box.y0) / (box.y1 - box.y0)) * grid.size)));
  const logDensity = grid.logDensity[j * grid.size + i];
  return Number.isFinite(logDensity) ? { x, y, logDensity } : null;
}
