import { useEffect, useRef, useState } from 'react';
import type { AppState } from '../../state/store';
import { interpolateTrace } from '../../viz/morph';
import { clipToFrame, plotFrame } from '../../viz/plot-frame';
import { drawBatch } from '../../viz/walkthrough-batch';
import { useApp } from '../app-context';
import { useCanvasPainter } from '../use-canvas-painter';

/** The frame the walkthrough is showing: only while it is open and about the step on screen. */
export function shownFrame(s: AppState) {
  const f = s.walkthroughFrame;
  return s.walkthrough !== null && s.run && f && f.step === s.step ? f : null;
}

/**
 * The step walkthrough's batch drawn over a panel's plot: on the Data panel
 * the points the step trains on (energy mode: the flow's samples of its
 * noise); on the Morph panel the same points carried through the flow to the
 * slider's layer, so sliding to 0 shows them as z. A transparent canvas laid
 * exactly over the panel's own (its sibling), so the panel's drawing stays
 * untouched; it renders nothing while the walkthrough is closed.
 */
export function WalkthroughOverlay({ panel }: { panel: 'data' | 'morph' }) {
  // Energy mode's Data panel shows the target, not data: the batch is followed on the Morph panel.
  const open = useApp((s) => shownFrame(s) !== null && (panel === 'morph' || s.settings.target === 'data'));
  return open ? <OverlayCanvas panel={panel} /> : null;
}

function OverlayCanvas({ panel }: { panel: 'data' | 'morph' }) {
  const scratch = useRef<Float32Array | undefined>(undefined);
  const [box, setBox] = useState<{ left: number; top: number; width: number; height: number } | null>(null);
  const ref = useCanvasPainter(
    (s) => [shownFrame(s), s.morph, s.run],
    (ctx, w, h, s) => {
      const frame = shownFrame(s);
      if (!frame || !s.run) return;
      const plot = plotFrame(s.run.box, w, h);
      clipToFrame(ctx, plot);
      const per = 2 * frame.batchSize;
      // Data panel: the data side of the path (the batch itself, or in energy mode the samples).
      const t = panel === 'data' ? frame.layers : s.morph * frame.layers;
      const points = panel === 'data' ? frame.path.subarray(frame.layers * per) : interpolateTrace({ step: frame.step, layers: frame.layers, snapshots: frame.path }, t, scratch.current);
      if (panel === 'morph') scratch.current = points;
      drawBatch(ctx, plot, points);
    },
  );
  // Sit exactly over the panel's own canvas, whatever the layout does to it.
  useEffect(() => {
    const canvas = ref.current;
    const under = canvas?.previousElementSibling as HTMLElement | null;
    if (!canvas || !under) return;
    const place = () => setBox({ left: under.offsetLeft, top: under.offsetTop, width: under.clientWidth, height: under.clientHeight });
    place();
    const observer = new ResizeObserver(place);
    observer.observe(under);
    return () => observer.disconnect();
  }, [ref]);
  return (
    <canvas
      ref={ref}
      className="walkthrough-overlay"
      aria-label={panel === 'data' ? 'The step’s batch' : 'The step’s batch through the flow'}
      style={box ? { position: 'absolute', left: box.left, top: box.top, width: box.width, height: box.height, pointerEvents: 'none' } : { display: 'none' }}
    />
  );
}
