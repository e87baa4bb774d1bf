import type { AppState } from '../../state/store';
import { DATA_POINT, FAMILY_COLOR, RULE } from '../../viz/palette';
import { clipToFrame, drawFrame, plotFrame } from '../../viz/plot-frame';
import { drawPoints } from '../../viz/points';
import { useCanvasPainter } from '../use-canvas-painter';
import { dotRadius } from './point-size';

/** The selected model's samples, 2-D: the flow's are the morph's last snapshot, no extra read-back. */
function modelSamples(s: AppState): Float32Array | null {
  if (s.sampleSource !== 'flow') return s.samples[s.sampleSource] ?? null;
  if (!s.trace || !s.run) return null;
  const per = s.trace.snapshots.length / (s.trace.layers + 1);
  return s.trace.snapshots.subarray(s.trace.layers * per, s.trace.layers * per + 2 * s.run.morph.samples);
}

/** Training points in grey, the selected model's samples over them in its colour. */
export function PointsCanvas() {
  const ref = useCanvasPainter(
    (s) => [s.run, s.sampleSource, s.sampleSource === 'flow' ? s.trace : s.samples[s.sampleSource], s.settings.projector],
    (ctx, w, h, s) => {
      if (!s.run) return;
      const projector = s.settings.projector;
      const frame = plotFrame(s.run.box, w, h);
      drawFrame(ctx, frame, RULE);
      clipToFrame(ctx, frame);
      drawPoints(ctx, frame, s.run.points, { color: DATA_POINT, radius: dotRadius(1.1, projector), alpha: 0.55 });
      const samples = modelSamples(s);
      if (samples) drawPoints(ctx, frame, samples, { color: FAMILY_COLOR[s.sampleSource], radius: dotRadius(1.2, projector), alpha: 0.75 });
    },
  );
  return <canvas ref={ref} className="square" />;
}
