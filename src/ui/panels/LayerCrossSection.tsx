import { useEffect, useId, useState } from 'react';
import { bend, drawCrossSection } from '../../viz/cross-section';
import { layerName } from '../../core/flows/registry';
import { useApp, useEngine } from '../app-context';
import { useCanvasPainter } from '../use-canvas-painter';

/**
 * A look inside the layer selected in the strip (the Morph's current layer):
 * for a coupling, its element-wise map along a cross-section, the transformed
 * coordinate across and its image up, with the kept coordinate fixed where
 * the student puts it. A straight line for an affine coupling, a curve for a
 * more flexible one; other layers get a sentence saying what they do instead.
 * It opens over the strip (the button in the Layers caption), so the page's
 * layout is the same whether it is open or not.
 */
export function LayerCrossSection({ layer, onClose }: { layer: number; onClose: () => void }) {
  const engine = useEngine();
  const [kept, setKept] = useState(0);
  const traceStep = useApp((s) => s.trace?.step ?? -1);
  const gen = useApp((s) => s.run?.gen ?? -1);
  const section = useApp((s) => (s.crossSection && s.crossSection.layer === layer ? s.crossSection : null));
  const keptId = useId();
  // Asked again whenever the flow has moved on (a new trace), so the curve follows training.
  useEffect(() => {
    if (layer >= 1) engine.readCrossSection(layer, kept);
  }, [engine, layer, kept, traceStep, gen]);
  const ref = useCanvasPainter(
    (s) => [s.crossSection],
    (ctx, w, h, s) => {
      if (s.crossSection && s.crossSection.layer === layer && s.crossSection.kept === kept) drawCrossSection(ctx, w, h, s.crossSection);
    },
  );
  const kind = section ? layerName(section.kind) : '';
  const curved = section?.points ? bend(section) > 1e-3 : false;
  const keptName = section?.transformDim === 0 ? 'y' : 'x';
  const drawable = layer >= 1 && !section?.note;
  return (
    <section className="cross-section" aria-label={`Inside layer ${layer}`}>
      <header>
        <strong>{layer >= 1 ? `Inside layer ${layer}${kind ? ` (${kind})` : ''}` : 'Inside a layer'}</strong>
        <button type="button" onClick={onClose} aria-label="Close the look inside a layer">
          ×
        </button>
      </header>
      {layer < 1 && <p>Pick a layer in the strip (the Gaussian has no map of its own).</p>}
      {section?.note && <p>{section.note}</p>}
      {/* The canvas stays mounted (hidden when there is nothing to draw): its painter attaches once, on mount. */}
      {drawable && (
        <>
          <label htmlFor={keptId}>
            Kept coordinate {keptName} = {kept.toFixed(1)}
          </label>
          <input id={keptId} type="range" min={-3} max={3} step={0.1} value={kept} onChange={(e) => setKept(Number(e.target.value))} />
        </>
      )}
      <canvas
        ref={ref}
        hidden={!drawable}
        role="img"
        aria-label={`Cross-section of layer ${layer}: its element-wise map with ${keptName} kept at ${kept.toFixed(1)}${section?.points ? (curved ? ', a curve' : ', a straight line') : ''}`}
      />
      {drawable && (
        <p className="muted">
          {section?.points
            ? curved
              ? 'A curve: this coupling bends its coordinate, more flexible than scale-and-shift.'
              : section.knots
                ? 'Straight for now: a fresh spline coupling is the identity, and its knots move apart as it trains.'
                : 'A straight line: an affine coupling can only scale and shift its coordinate (slope e^s, offset t), for each value of the kept one.'
            : 'Reading the layer…'}
        </p>
      )}
    </section>
  );
}
