import { drawLayerStrip } from '../../viz/layer-strip';
import { useCanvasPainter } from '../use-canvas-painter';
import { Panel } from './Panel';

/** The distribution after each layer, side by side. */
export function LayersPanel() {
  const ref = useCanvasPainter(
    (s) => [s.run, s.trace],
    (ctx, w, h, s) => {
      if (s.run && s.trace) drawLayerStrip(ctx, w, h, s.trace, s.run.morph, s.run.box, s.run.layerKinds);
    },
  );
  return (
    <Panel
      name="Layers"
      className="layers"
      title={
        <>
          Layers <span className="muted">the samples after each layer; colours mark the Gaussian's quadrants</span>
        </>
      }
    >
      <canvas ref={ref} className="strip" />
    </Panel>
  );
}
