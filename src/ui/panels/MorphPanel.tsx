import { useEffect, useId, useRef } from 'react';
import { drawMorph, interpolateTrace, snapshot } from '../../viz/morph';
import { RULE } from '../../viz/palette';
import { clipToFrame, drawFrame, plotFrame } from '../../viz/plot-frame';
import { useApp, useAppStore } from '../app-context';
import { useCanvasPainter } from '../use-canvas-painter';
import { Panel, Placeholder } from './Panel';
import { WalkthroughOverlay } from '../explain/WalkthroughOverlay';

/** One pass of the Animate button, Gaussian to model, in ms. */
const ANIMATION_MS = 3000;

/**
 * Samples and grid lines from the base Gaussian pushed through the flow. The
 * slider scrubs continuously between layers by blending the per-layer
 * snapshots already on the main thread; it never waits on the worker.
 */
export function MorphPanel() {
  const scratch = useRef<Float32Array | undefined>(undefined);
  const waiting = useApp((s) => (s.error || s.trace ? null : 'Tracing the flow…'));
  const ref = useCanvasPainter(
    (s) => [s.run, s.trace, s.morph],
    (ctx, w, h, s) => {
      if (!s.run || !s.trace) return;
      const frame = plotFrame(s.run.box, w, h);
      drawFrame(ctx, frame, RULE);
      const points = interpolateTrace(s.trace, s.morph * s.trace.layers, scratch.current);
      scratch.current = points;
      clipToFrame(ctx, frame);
      drawMorph(ctx, frame, points, snapshot(s.trace, 0), s.run.morph, { radius: 1.3, lineWidth: 1, showLines: true });
    },
  );
  return (
    <Panel
      name="Morph"
      title={
        <>
          Morph <span className="muted">Gaussian → model, layer by layer</span>
        </>
      }
    >
      <div className="canvas-box">
        <canvas ref={ref} className="square" />
        <WalkthroughOverlay panel="morph" />
        <Placeholder text={waiting} />
      </div>
      <MorphControls />
    </Panel>
  );
}

function MorphControls() {
  const id = useId();
  const store = useAppStore();
  const layers = useApp((s) => s.run?.layerKinds.length ?? 1);
  const morph = useApp((s) => s.morph);
  const setMorph = useApp((s) => s.setMorph);
  // In the store, so the M key can start it too.
  const animating = useApp((s) => s.morphAnimating);
  const setAnimating = useApp((s) => s.setMorphAnimating);

  useEffect(() => {
    if (!animating) return;
    // Start from the Gaussian unless the slider is already partway.
    const from = store.getState().morph >= 1 ? 0 : store.getState().morph;
    const start = performance.now() - from * ANIMATION_MS;
    let frame = requestAnimationFrame(function tick(now) {
      const t = Math.min(1, (now - start) / ANIMATION_MS);
      // Ease in and out so the first and last layers are visible for a moment.
      store.getState().setMorph(t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2);
      if (t < 1) frame = requestAnimationFrame(tick);
      else setAnimating(false);
    });
    return () => cancelAnimationFrame(frame);
  }, [animating, store, setAnimating]);

  const position = morph * layers;
  const shown = Number.isInteger(Math.round(position * 100) / 100) ? String(Math.round(position)) : position.toFixed(1);
  const goTo = (layer: number) => {
    setAnimating(false);
    setMorph(Math.min(layers, Math.max(0, layer)) / layers);
  };
  return (
    <div className="morph-controls">
      <label htmlFor={id}>Morph</label>
      <input
        id={id}
        type="range"
        min={0}
        max={layers}
        // Fine steps so a drag scrubs smoothly between layers; the keys below move one whole layer.
        step={0.01}
        value={position}
        aria-valuetext={Number.isInteger(Number(shown)) ? `layer ${shown} of ${layers}` : `between layers ${Math.floor(position)} and ${Math.ceil(position)} of ${layers}`}
        onChange={(e) => goTo(Number(e.target.value))}
        onKeyDown={(e) => {
          // One layer per arrow or page key, from wherever a drag left the slider; Home and End stay native.
          const up = e.key === 'ArrowRight' || e.key === 'ArrowUp' || e.key === 'PageUp';
          const down = e.key === 'ArrowLeft' || e.key === 'ArrowDown' || e.key === 'PageDown';
          if (!up && !down) return;
          e.preventDefault();
          const here = Math.round(position * 100) / 100;
          goTo(up ? Math.floor(here) + 1 : Math.ceil(here) - 1);
        }}
      />
      <span className="value" aria-hidden="true">
        {shown} / {layers}
      </span>
      <button type="button" onClick={() => setAnimating(!animating)}>
        {animating ? 'Stop' : 'Animate'}
      </button>
    </div>
  );
}
