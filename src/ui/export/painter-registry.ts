import type { Painter } from '../use-canvas-painter';

/**
 * Which painter draws which canvas, so an exporter can re-run a panel's
 * painters (against an SVG context, at another size) without the panels
 * knowing about exports.
 *
 * Keyed by the canvas element rather than held in React context: most panels
 * call useCanvasPainter in the component that renders <Panel>, above Panel's
 * subtree, so a context Panel provides would not reach them. The exporter
 * finds a panel's canvases in its <figure> instead. A WeakMap keeps no
 * element alive and no app state; it is a side table of the DOM.
 */
const painters = new WeakMap<HTMLCanvasElement, Painter>();

/** Returns the unregister function for the effect's cleanup. */
export function registerPainter(canvas: HTMLCanvasElement, paint: Painter): () => void {
  painters.set(canvas, paint);
  return () => {
    if (painters.get(canvas) === paint) painters.delete(canvas);
  };
}

export function painterFor(canvas: HTMLCanvasElement): Painter | undefined {
  return painters.get(canvas);
}
