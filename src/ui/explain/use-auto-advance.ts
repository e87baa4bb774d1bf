import { useEffect, useRef } from 'react';

/** How long a phase stays on screen in Auto mode: long enough to read its sentence aloud. */
export const AUTO_PHASE_MS = 2500;

/**
 * Call `advance` once `AUTO_PHASE_MS` after each change of `phase` while
 * enabled. A timeout re-armed per phase rather than an interval, so a manual
 * Back or Next restarts the wait instead of being followed by a hurried jump.
 */
export function useAutoAdvance(enabled: boolean, phase: number, advance: () => void): void {
  // The latest callback, so a re-render does not restart the timer.
  const latest = useRef(advance);
  useEffect(() => {
    latest.current = advance;
  });
  useEffect(() => {
    if (!enabled) return;
    const timer = window.setTimeout(() => latest.current(), AUTO_PHASE_MS);
    return () => window.clearTimeout(timer);
  }, [enabled, phase]);
}
