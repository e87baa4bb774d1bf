import { useEffect, useRef } from 'react';
import type { AppState } from '../state/store';
import { prepareCanvas } from '../viz/canvas';
import { useAppStore } from './app-context';

export type Painter = (ctx: CanvasRenderingContext2D, width: number, height: number, state: AppState) => void;

/**
 * Draw a canvas from the store without React re-renders (zustand transient
 * updates): subscribe in an effect, and when any of the values `watch` picks
 * changes (compared by identity), repaint on the next animation frame. Several
 * updates between two frames cost one paint. Also repaints on resize, and
 * after any render of the owning component (its props may have changed).
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
      if (ctx) latest.current.paint(ctx, width, height, store.getState());
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    scheduleRef.current = schedule;
    const unsubscribe = store.subscribe((state) => {
      const next = latest.current.watch(state);
      if (next.length !== seen.length || next.some((v, i) => !Object.is(v, seen[i]))) {
        seen = next;
        schedule();
      }
    });
    const resize = new ResizeObserver(schedule);
    resize.observe(canvas);
    seen = latest.current.watch(store.getState());
    schedule();
    return () => {
      unsubscribe();
      resize.disconnect();
      cancelAnimationFrame(frame);
      scheduleRef.current = () => {};
    };
  }, [store]);

  return canvasRef;
}
