import { useEffect, useRef, useState, type RefObject } from 'react';
import { layerName } from '../../core/flows/registry';
import { drawLayerStrip, GAP, layerLabel, LABEL_HEIGHT, stripLength, thumbOrigin, type StripGeometry } from '../../viz/layer-strip';
import { useApp } from '../app-context';
import { termDefinition } from '../glossary/glossary';
import { Term } from '../glossary/Term';
import { depthWording } from '../layer-wording';
import { PROJECTOR_SCALE, useCanvasPainter } from '../use-canvas-painter';
import { LayerCrossSection } from './LayerCrossSection';
import { Panel } from './Panel';

/** Side of a thumbnail in the horizontal strip (normal layout), in CSS px. */
const THUMB = 100;

/**
 * The distribution after each layer, every layer shown: a row under the
 * panels (normal layout) or a column beside the Morph (projector layout) that
 * scrolls when the flow is deep. Each thumbnail is a button that sets the
 * Morph slider to its layer, so the strip is the Morph's navigator.
 */
export function LayersPanel() {
  const count = useApp((s) => (s.trace ? s.trace.layers + 1 : 0));
  const kinds = useApp((s) => s.run?.layerKinds ?? null);
  const wording = useApp((s) => (s.run ? depthWording(s.run.config.flow, s.run.config.layers, s.run.layerKinds.length) : null));
  const projector = useApp((s) => s.settings.projector);
  const current = useApp((s) => (s.trace ? Math.round(s.morph * s.trace.layers) : -1));
  const setMorph = useApp((s) => s.setMorph);
  const setAnimating = useApp((s) => s.setMorphAnimating);
  const scroller = useRef<HTMLDivElement>(null);
  const [inside, setInside] = useState(false);
  const crossSize = useCrossSize(scroller, projector);
  // The strip follows the Morph (slider, keys, animation): the current layer's thumbnail stays in sight.
  useEffect(() => {
    const box = scroller.current;
    const thumb = box?.querySelector<HTMLElement>('[aria-current="true"]');
    if (!box || !thumb) return;
    if (projector) box.scrollTop = Math.max(0, Math.min(box.scrollTop, thumb.offsetTop), thumb.offsetTop + thumb.offsetHeight - box.clientHeight);
    else box.scrollLeft = Math.max(0, Math.min(box.scrollLeft, thumb.offsetLeft), thumb.offsetLeft + thumb.offsetWidth - box.clientWidth);
  }, [current, projector, count]);

  // A deep flow's strip is much longer than its panel: on screen, draw only what is scrolled into
  // sight (repainted as new thumbnails scroll in); an export (another context) draws every one.
  const [scrolledTo, setScrolledTo] = useState(0);
  const ref = useCanvasPainter(
    (s) => [s.run, s.trace],
    (ctx, w, h, s) => {
      if (!s.run || !s.trace) return;
      const box = scroller.current;
      const onScreen = box && ctx.canvas === ref.current;
      const k = s.settings.projector ? PROJECTOR_SCALE : 1;
      // One viewport of margin either side: scrolling less than a thumbnail between repaints never shows a gap.
      const at = box ? (projector ? box.scrollTop : box.scrollLeft) / k : 0;
      const view = box ? (projector ? box.clientHeight : box.clientWidth) / k : 0;
      const shown = onScreen ? { from: at - view, to: at + 2 * view } : undefined;
      drawLayerStrip(ctx, w, h, s.trace, s.run.morph, s.run.box, s.run.layerKinds, shown);
    },
  );

  // The painter draws in units PROJECTOR_SCALE times larger in projector mode; the buttons sit on its squares.
  const k = projector ? PROJECTOR_SCALE : 1;
  const vertical = projector;
  const thumb = vertical ? Math.max(20, crossSize / k) : THUMB;
  const geometry: StripGeometry = { vertical, thumb, stride: thumb + GAP + (vertical ? LABEL_HEIGHT : 0) };
  const along = count > 0 ? stripLength(count, thumb, vertical) * k : 0;
  const across = (vertical ? thumb : thumb + LABEL_HEIGHT) * k;
  const size = vertical ? { width: across, height: along } : { width: along, height: across };

  return (
    <Panel
      name="Layers"
      className={`layers ${vertical ? 'vertical' : ''}`}
      title={
        <>
          Layers{' '}
          <span className="muted">
            {wording ?? (count > 0 ? `${count - 1} layers` : '')}
            {kinds && <KindTerms kinds={kinds} />}
            {!vertical && ' · click one to show it in the Morph'}
          </span>{' '}
          {kinds && (
            <button type="button" className="inside-toggle" aria-pressed={inside} onClick={() => setInside((v) => !v)}>
              Look inside the layer
            </button>
          )}
        </>
      }
    >
      {inside && current >= 0 && <LayerCrossSection layer={current} onClose={() => setInside(false)} />}
      <div
        ref={scroller}
        className="layer-strip-scroll"
        onScroll={(e) => {
          // Re-render (and so repaint) once per thumbnail scrolled, not per scroll event.
          const at = projector ? e.currentTarget.scrollTop : e.currentTarget.scrollLeft;
          setScrolledTo(Math.floor(at / (geometry.stride * k)));
        }}
        data-scrolled-to={scrolledTo}
      >
        <div className="layer-strip" style={{ width: size.width || undefined, height: size.height || undefined }}>
          <canvas ref={ref} className="strip" style={{ width: size.width || '100%', height: size.height || THUMB }} />
          {kinds &&
            Array.from({ length: count }, (_, layer) => {
              const at = thumbOrigin(geometry, layer);
              const label = layerLabel(layer, kinds);
              const kind = layer === 0 ? null : kinds[layer - 1];
              return (
                <button
                  key={layer}
                  type="button"
                  className="layer-thumb"
                  // The Morph slider is the keyboard's way through the layers; these are for pointing.
                  tabIndex={-1}
                  aria-current={layer === current ? 'true' : undefined}
                  aria-label={layer === 0 ? 'Show the Gaussian (layer 0) in the Morph' : `Show layer ${layer} (${label.replace(/^\d+ /, '')}) in the Morph`}
                  title={kind ? `${label}: ${termDefinition(kind) ?? ''}` : 'The base Gaussian, before any layer'}
                  style={{ left: at.x * k, top: at.y * k, width: thumb * k, height: (thumb + LABEL_HEIGHT) * k }}
                  onClick={() => {
                    setAnimating(false);
                    setMorph(count > 1 ? layer / (count - 1) : 1);
                  }}
                />
              );
            })}
        </div>
      </div>
    </Panel>
  );
}

/** The layer kinds this flow uses, each a glossary term (the labels drawn on the canvas cannot explain themselves). */
function KindTerms({ kinds }: { kinds: readonly string[] }) {
  return (
    <>
      {[...new Set(kinds)].map((kind) => (
        <span key={kind}>
          {' · '}
          <Term id={kind}>{layerName(kind)}</Term>
        </span>
      ))}
    </>
  );
}

/** The scroller's width (vertical strip) or height (horizontal), followed as the layout changes. */
function useCrossSize(ref: RefObject<HTMLDivElement | null>, vertical: boolean): number {
  const [size, setSize] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () => setSize(vertical ? el.clientWidth : el.clientHeight);
    read();
    const observer = new ResizeObserver(read);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, vertical]);
  return size;
}
