import { useId } from 'react';
import type { AppState } from '../../state/store';
import { FAMILY_LABEL } from '../../state/families';
import type { Family } from '../../state/types';
import { FAMILY_COLOR, RULE, DATA_POINT } from '../../viz/palette';
import { clipToFrame, drawFrame, plotFrame } from '../../viz/plot-frame';
import { drawPoints } from '../../viz/points';
import { useApp } from '../app-context';
import { useCanvasPainter } from '../use-canvas-painter';
import { Panel } from './Panel';

/** The selected model's samples, 2-D: the flow's are the morph's last snapshot, no extra read-back. */
function modelSamples(s: AppState): Float32Array | null {
  if (s.sampleSource !== 'flow') return s.samples[s.sampleSource] ?? null;
  if (!s.trace || !s.run) return null;
  const per = s.trace.snapshots.length / (s.trace.layers + 1);
  return s.trace.snapshots.subarray(s.trace.layers * per, s.trace.layers * per + 2 * s.run.morph.samples);
}

/** Training points in grey, the selected model's samples over them in its colour. */
export function DataPanel() {
  const selectId = useId();
  const families = useApp((s) => s.run?.families);
  const source = useApp((s) => s.sampleSource);
  const setSource = useApp((s) => s.setSampleSource);
  const ref = useCanvasPainter(
    (s) => [s.run, s.sampleSource, s.sampleSource === 'flow' ? s.trace : s.samples[s.sampleSource]],
    (ctx, w, h, s) => {
      if (!s.run) return;
      const frame = plotFrame(s.run.box, w, h);
      drawFrame(ctx, frame, RULE);
      clipToFrame(ctx, frame);
      drawPoints(ctx, frame, s.run.points, { color: DATA_POINT, radius: 1.1, alpha: 0.55 });
      const samples = modelSamples(s);
      if (samples) drawPoints(ctx, frame, samples, { color: FAMILY_COLOR[s.sampleSource], radius: 1.2, alpha: 0.75 });
    },
  );
  return (
    <Panel
      name="Data"
      title={
        <>
          Data <span className="muted">training points and model samples</span>
        </>
      }
    >
      <canvas ref={ref} className="square" />
      <div className="panel-controls">
        <span className="legend-dot data" /> training
        <span className="legend-dot" style={{ background: FAMILY_COLOR[source] }} />
        <label htmlFor={selectId}>Samples from</label>
        <select id={selectId} value={source} onChange={(e) => setSource(e.target.value as Family)}>
          {(families ?? ['flow']).map((f) => (
            <option key={f} value={f}>
              {FAMILY_LABEL[f]}
            </option>
          ))}
        </select>
      </div>
    </Panel>
  );
}
