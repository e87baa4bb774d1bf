import { useEffect, useRef } from 'react';
import { prepareCanvas } from '../../viz/canvas';
import { DATA_POINT, INK, RULE } from '../../viz/palette';
import { clipToFrame, drawFrame, plotFrame } from '../../viz/plot-frame';
import { drawPoints } from '../../viz/points';
import { useAppStore } from '../app-context';
import { brushStroke } from './brush';
import type { DrawnPoints } from './drawn-points';
import type { Pixel } from './frame-mapping';
import { PROJECTOR_SCALE } from '../use-canvas-painter';

interface Props {
  points: DrawnPoints;
  /** Brush radius in CSS pixels. */
  brush: number;
  /** After each stroke, with the new total: React hears once per stroke, not once per event. */
  onStrokeEnd(count: number): void;
}

/**
 * The Data panel's canvas in drawing mode. Pointer events write straight into
 * the DrawnPoints buffer and ask for one repaint on the next animation frame,
 * so a stroke never re-renders React. Each pointer (mouse, pen, every finger)
 * has a stroke of its own.
 */
export function DrawingCanvas({ points, brush, onStrokeEnd }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const store = useAppStore();
  const latest = useRef({ brush, onStrokeEnd });
  const repaint = useRef<() => void>(() => {});

  // Every render of the panel repaints: a new brush size, a cleared drawing (same buffer, fewer points).
  useEffect(() => {
    latest.current = { brush, onStrokeEnd };
    repaint.current();
  });

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const strokes = new Map<number, Pixel>();
    let hover: Pixel | null = null;
    let frameId = 0;

    const frameNow = () => {
      const box = store.getState().run?.box;
      return box ? plotFrame(box, canvas.clientWidth, canvas.clientHeight) : null;
    };
    const paint = () => {
      frameId = 0;
      const { clientWidth: w, clientHeight: h } = canvas;
      const frame = frameNow();
      const ctx = w > 0 && h > 0 ? prepareCanvas(canvas, w, h) : null;
      if (!ctx || !frame) return;
      // The clip and the outline's alpha must not outlive this frame: the context is reused.
      ctx.save();
      drawFrame(ctx, frame, RULE);
      clipToFrame(ctx, frame);
      // Its own paint loop (not useCanvasPainter), so it applies the projector's enlargement itself.
      const radius = 1.3 * (store.getState().settings.projector ? PROJECTOR_SCALE : 1);
      drawPoints(ctx, frame, points.view(), { color: DATA_POINT, radius, alpha: 0.8 });
      if (hover) {
        // The brush's outline, so its size is visible before the first dab.
        ctx.strokeStyle = INK;
        ctx.globalAlpha = 0.5;
        ctx.beginPath();
        ctx.arc(hover.x, hover.y, latest.current.brush, 0, 2 * Math.PI);
        ctx.stroke();
      }
      ctx.restore();
    };
    const schedule = () => {
      if (!frameId) frameId = requestAnimationFrame(paint);
    };
    repaint.current = schedule;

    const at = (e: PointerEvent): Pixel => {
      const rect = canvas.getBoundingClientRect();
      return { x: e.clientX - rect.left, y: e.clientY - rect.top };
    };
    const dab = (from: Pixel | null, to: Pixel) => {
      const frame = frameNow();
      if (frame) points.append(brushStroke(frame, from, to, latest.current.brush, Math.random));
    };

    const down = (e: PointerEvent) => {
      if (e.button !== 0) return;
      // No text selection or emulated mouse events behind the stroke.
      e.preventDefault();
      try {
        // Keep receiving moves when the pointer leaves the canvas mid-stroke.
        canvas.setPointerCapture(e.pointerId);
      } catch {
        // A synthetic event (a test's dispatchEvent) has no active pointer to capture; draw anyway.
      }
      const p = at(e);
      strokes.set(e.pointerId, p);
      dab(null, p);
      if (e.pointerType !== 'touch') hover = p;
      schedule();
    };
    const move = (e: PointerEvent) => {
      const p = at(e);
      if (e.pointerType !== 'touch') hover = p;
      const last = strokes.get(e.pointerId);
      if (last) {
        dab(last, p);
        strokes.set(e.pointerId, p);
      }
      schedule();
    };
    const up = (e: PointerEvent) => {
      if (!strokes.delete(e.pointerId)) return;
      latest.current.onStrokeEnd(points.count);
    };
    const leave = () => {
      hover = null;
      schedule();
    };

    // Aborting the signal removes every listener at once.
    const listeners = new AbortController();
    const on = { signal: listeners.signal };
    canvas.addEventListener('pointerdown', down, on);
    canvas.addEventListener('pointermove', move, on);
    canvas.addEventListener('pointerup', up, on);
    canvas.addEventListener('pointercancel', up, on);
    canvas.addEventListener('pointerleave', leave, on);
    // The view box can change under a drawing (a new run); follow it.
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.run !== prev.run || s.settings.projector !== prev.settings.projector) schedule();
    });
    const resize = new ResizeObserver(schedule);
    resize.observe(canvas);
    schedule();
    return () => {
      listeners.abort();
      unsubscribe();
      resize.disconnect();
      cancelAnimationFrame(frameId);
      repaint.current = () => {};
      // A stroke cut short by leaving drawing mode still counts.
      if (strokes.size > 0) latest.current.onStrokeEnd(points.count);
    };
  }, [store, points]);

  return <canvas ref={canvasRef} className="square drawing" role="img" aria-label="Drawing area: press and drag to add points" />;
}
