import { drawDensity } from '../../viz/density';
import { INK, RULE } from '../../viz/palette';
import { drawFrame, plotFrame } from '../../viz/plot-frame';
import { useCanvasPainter } from '../use-canvas-painter';
import { TARGET_RAMP } from './target-ramp';

/** In energy mode there are no training points: the density exp(−U) the flow is fitted to stands in for them. */
export function TargetCanvas() {
  const ref = useCanvasPainter(
    (s) => [s.run, s.target],
    (ctx, w, h, s) => {
      if (!s.run) return;
      const frame = plotFrame(s.run.box, w, h);
      if (s.target) drawDensity(ctx, frame, s.run.box, s.target, TARGET_RAMP, INK);
      drawFrame(ctx, frame, RULE);
    },
  );
  return <canvas ref={ref} className="square" />;
}
