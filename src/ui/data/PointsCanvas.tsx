import { shownSampleSource, type AppState } from '../../state/store';
import { DATA_POINT, RULE } from '../../viz/palette';
import { FAMILY_INFO } from '../../state/families';
import { clipToFrame, drawFrame, plotFrame } from '../../viz/plot-frame';
import { drawPoints } from '../../viz/points';
import { useCanvasPainter } from '../use-canvas-painter';

/** The selected model's samples, 2-D: the flow's are the morph's last snapshot, no extra read-back. */
function modelSamples(s: AppState): Float32Array | null {
  const source = shownSampleSource(s);
  if (source !== 'flow') return s.samples[source] ?? null;
  if (!s.trace || !s.run) return null;
  const per = s.trace.snapshots.length / (s.trace.layers + 1);
  return s.trace.snapshots.subarray(s.trace.layers * per, s.trace.layers * per + 2 * s.run.morph.samples);
}

/** Training points in grey, the selected model's samples over them in its colour. */
export function PointsCanvas() {
  const ref = useCanvasPainter(
    (s) => [s.run, shownSampleSource(s), s.trace, s.samples],
    (ctx, w, h, s) => {
      if (!s.run) return;
      const frame = plotFrame(s.run.box, w, h);
      drawFrame(ctx, frame, RULE);
      clipToFrame(ctx, frame);
      drawPoints(ctx, frame, s.run.points, { color: DATA_POINT, radius: 1.1, alpha: 0.55 });
      const samples = modelSamples(s);
      if (samples) drawPoints(ctx, frame, samples, { color: FAMILY_INFO[shownSampleSource(s)].color, radius: 1.2, alpha: 0.75 });
    },
  );
  return <canvas ref={ref} className="square" />;
}
