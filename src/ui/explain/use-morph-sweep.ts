import { useEffect } from 'react';
import { useAppStore } from '../app-context';

/** How long the walkthrough's sweep of the Morph slider takes, ms. */
const SWEEP_MS = 1800;

/**
 * While `active`, move the Morph slider once from where it is to `to` (0: the
 * Gaussian, 1: the model), so the walkthrough's batch is seen travelling
 * through the layers: data to z for the inverse pass, z to data for energy
 * mode's forward pass. Touching the slider afterwards is the student's own.
 */
export function useMorphSweep(active: boolean, to: 0 | 1): void {
  const store = useAppStore();
  useEffect(() => {
    if (!active) return;
    const from = store.getState().morph === to ? 1 - to : store.getState().morph;
    store.getState().setMorphAnimating(false);
    const start = performance.now();
    let frame = requestAnimationFrame(function tick(now) {
      const t = Math.min(1, (now - start) / SWEEP_MS);
      const eased = t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
      store.getState().setMorph(from + (to - from) * eased);
      if (t < 1) frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [active, to, store]);
}
