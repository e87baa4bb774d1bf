import type { AppState } from '../state/store';
import type { DensityFrame } from '../state/types';
import { drawDensity } from '../viz/density';
import { INK, RULE } from '../viz/palette';
import { drawFrame, plotFrame } from '../viz/plot-frame';
import { EXPORT_LABEL_ATTRIBUTE } from './export/canvas-label';
import { useCanvasPainter } from './use-canvas-painter';

/**
 * A log-density grid from the store as a heat map with contours, framed in
 * the run's view box: a model's density or an energy's target. `exportLabel`
 * names it in PNG and SVG exports, where the HTML beside it is not.
 */
export function DensityGridCanvas({
  frameOf,
  ramp,
  exportLabel,
}: {
  frameOf: (s: AppState) => DensityFrame | null | undefined;
  ramp: readonly string[];
  exportLabel?: string;
}) {
  const ref = useCanvasPainter(
    (s) => [s.run, frameOf(s)],
    (ctx, w, h, s) => {
      if (!s.run) return;
      const frame = plotFrame(s.run.box, w, h);
      const grid = frameOf(s);
      if (grid) drawDensity(ctx, frame, s.run.box, grid, ramp, INK);
      drawFrame(ctx, frame, RULE);
    },
  );
  return <canvas ref={ref} className="square" {...{ [EXPORT_LABEL_ATTRIBUTE]: exportLabel }} />;
}
