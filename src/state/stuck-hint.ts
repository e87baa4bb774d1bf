import { storedPoints, type StoredPoints } from './series';
import { FLOW_REGISTRY } from '../core/flows/registry';
import { SETTINGS, suggestedLayers, type Settings } from './settings';
import type { Series } from './types';

/**
 * When is a run stuck? When its best held-out figure has stopped improving
 * while still well above the floor no model can beat:
 *  - the window is the last PLATEAU_STEPS steps, stretched back to hold at
 *    least MIN_EVALUATIONS evaluations, and the curve starts before it;
 *  - the best value so far improved by less than MIN_IMPROVEMENT nats over
 *    the window (best, not latest: a noisy curve that
 *    wobbles around a level is as stuck as a flat one);
 *  - the best value is more than MIN_GAP nats above the floor.
 * Without a floor (the user's own points) nobody knows how far off the
 * model is, so no hint is given.
 */
export const PLATEAU_STEPS = 1500;
export const MIN_EVALUATIONS = 4;
export const MIN_IMPROVEMENT = 0.01;
export const MIN_GAP = 0.15;

export interface Suggestion {
  /** What the button says, naming the setting and its new value. */
  label: string;
  /** Why it usually helps, one line. */
  why: string;
  change: Partial<Settings>;
}

export interface StuckHint {
  /** Best held-out figure minus the floor, nats. */
  gap: number;
  /** Improvement of the best figure over the last PLATEAU_STEPS steps, nats (≥ 0). */
  improvement: number;
  suggestions: Suggestion[];
}

export function plateau(series: StoredPoints | undefined, floor: number | null): { gap: number; improvement: number } | null {
  if (!series || floor === null || !Number.isFinite(floor) || series.steps.length === 0) return null;
  const { steps, values } = series;
  const n = steps.length;
  if (n <= MIN_EVALUATIONS) return null;
  // The last PLATEAU_STEPS steps, stretched back when a fast run evaluated fewer than
  // MIN_EVALUATIONS times in them (evaluations are paced by wall time, not steps).
  const windowStart = Math.min(steps[n - 1] - PLATEAU_STEPS, steps[n - MIN_EVALUATIONS] - 1);
  if (steps[0] > windowStart) return null;
  let bestBefore = Infinity;
  let best = Infinity;
  let inWindow = 0;
  for (let i = 0; i < steps.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (steps[i] <= windowStart) bestBefore = Math.min(bestBefore, v);
    else inWindow += 1;
    best = Math.min(best, v);
  }
  if (inWindow < MIN_EVALUATIONS || !Number.isFinite(bestBefore)) return null;
  const improvement = bestBefore - best;
  const gap = best - floor;
  return improvement < MIN_IMPROVEMENT && gap > MIN_GAP ? { gap, improvement } : null;
}

const SPLINE_FLOWS: readonly Settings['flow'][] = ['spline', 'maf-spline', 'iaf-spline'];

/**
 * What usually helps a stuck flow, for these settings, most effective first:
 * more layers (each coupling bends the plane once more), a more expressive
 * flow type, wider coupling networks, a lower learning rate (a loss that
 * bounces between basins settles). Only moves the controls can make.
 */
export function suggestionsFor(s: Settings): Suggestion[] {
  const out: Suggestion[] = [];
  const layers = SETTINGS.layers.control.type === 'range' ? SETTINGS.layers.control.max : 32;
  if (s.layers < layers) {
    const more = Math.min(layers, s.layers * 2);
    out.push({ label: `Layers ${s.layers} → ${more}`, why: 'each layer can bend the plane once more', change: { layers: more } });
  }
  const other: Settings['flow'] = s.flow === 'realnvp' ? 'glow' : 'realnvp';
  const otherLabel = FLOW_REGISTRY[other].label;
  const why = other === 'glow' ? 'actnorm and a learned 2×2 mixing between its couplings' : 'couplings that scale as well as shift';
  // A spline flow already has the most flexible layers the page offers: another type would be a step down.
  if (s.flow !== other && !SPLINE_FLOWS.includes(s.flow)) {
    const otherLayers = Math.max(suggestedLayers(other), other === 'glow' ? 8 : 16);
    out.push({ label: `Flow ${otherLabel}, ${otherLayers} layers`, why, change: { flow: other, layers: otherLayers } });
  }
  if (FLOW_REGISTRY[s.flow].conditioner && s.hidden < 128) {
    out.push({ label: `Hidden units ${s.hidden} → ${s.hidden * 2}`, why: 'wider networks inside each coupling', change: { hidden: s.hidden * 2 } });
  }
  if (s.lr > 1e-3) {
    const lower = Number((s.lr / 3).toPrecision(1));
    out.push({ label: `Learning rate ${s.lr} → ${lower}`, why: 'smaller steps settle into a narrow optimum (keeps this run)', change: { lr: lower } });
  }
  return out;
}

/** The hint for the run on screen, or null when it is not stuck. */
export function stuckHint(curves: readonly Series[], floor: number | null, settings: Settings): StuckHint | null {
  const test = curves.find((c) => c.family === 'flow' && c.split === 'test');
  const p = plateau(test && storedPoints(test.points), floor);
  return p ? { ...p, suggestions: suggestionsFor(settings) } : null;
}
