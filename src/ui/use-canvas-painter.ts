import { useEffect, useRef } from 'react';
import type { AppState } from '../state/store';
import { prepareCanvas } from '../viz/canvas';
import { useAppStore } from './app-context';
import { registerPainter } from './export/painter-registry';

export type Painter = (ctx: CanvasRenderingContext2D, width: number, height: number, state: AppState) => void;

/**
 * Projector mode draws every canvas as if it were this much smaller, scaled
 * up: lines, points and labels all grow together, readable from the back of
 * a hall, and no drawing function needs a projector case of its own.
 */
export const PROJECTOR_SCALE = 1.4;

function scaledForProjector(paint: Painter): Painter {
  return (ctx, width, height, state) => {
    const k = state.settings.projector ? PROJECTOR_SCALE : 1;
    ctx.save();
    ctx.scale(k, k);
    paint(ctx, width / k, height / k, state);
    ctx.restore();
  };
}

/**
 * Draw a canvas from the store without React re-renders (zustand transient
 * updates): subscribe in an effect, and when any of the values `watch` picks
 * changes (compared by identity), repaint on the next animation frame. Several
 * updates between two frames cost one paint. Also repaints on resize, and
 * after any render of the owning component (its props may have changed).
 * In projector mode everything is drawn larger (PROJECTOR_SCALE).
 * The painter is registered against its canvas so a panel's export can run it
 * again at another size or against an SVG context.
 */
export function useCanvasPainter(watch: (state: AppState) => readonly unknown[], paint: Painter) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const store = useAppStore();
  const latest = useRef({ watch, paint });
  const scheduleRef = useRef<() => void>(() => {});

  useEffect(() => {
    latest.current = { watch, paint };
    scheduleRef.current();
  });

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let frame = 0;
    let seen: readonly unknown[] = [];
    const draw = () => {
      frame = 0;
      const width = canvas.clientWidth;
      const height = canvas.clientHeight;
      if (width === 0 || height === 0) return;
      const ctx = prepareCanvas(canvas, width, height);
      if (ctx) scaledForProjector(latest.current.paint)(ctx, width, height, store.getState());
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    scheduleRef.current = schedule;
    const unsubscribe = store.subscribe((state) => {
      const next = [state.settings.projector, ...latest.current.watch(state)];
      if (next.length !== seen.length || next.some((v, i) => !Object.is(v, seen[i]))) {
        seen = next;
        schedule();
      }
    });
    const unregister = registerPainter(canvas, (ctx, width, height, state) => scaledForProjector(latest.current.paint)(ctx, width, height, state));
    const resize = new ResizeObserver(schedule);
    resize.observe(canvas);
    seen = [store.getState().settings.projector, ...latest.current.watch(store.getState())];
    schedule();
    return () => {
      unsubscribe();
      unregister();
      resize.disconnect();
      cancelAnimationFrame(frame);
      scheduleRef.current = () => {};
    };
  }, [store]);

  return canvasRef;
}
