import { SETTING_KEYS, SETTINGS, type SettingKey, type Settings } from './settings';
import type { CustomData } from './types';

/**
 * A settings change that threw away a trained run, and what Undo needs to
 * bring it back. Why an Undo and not a "Change / Keep" dialog: a lecturer
 * changes settings all the time, usually on purpose; a question before each
 * would be clicked through unread, while an Undo costs nothing until the one
 * time it is wanted. The worker keeps the replaced run (weights, optimiser
 * state, step count) parked until the next run replaces it, and swaps it back
 * by its generation number; the page keeps the run's curves and figures.
 */
export interface RunUndo {
  /** The labels of the settings whose change started the new run ('Flow', 'Your data', …). */
  changed: string[];
  /** Trained steps the change discarded. */
  steps: number;
  /** The discarded run's generation: the worker restores exactly that run, or refuses. */
  gen: number;
  /**
   * False for a backend change: that starts a new worker, and the old worker,
   * with the weights, is gone. The page then says so instead of offering Undo.
   */
  restorable: boolean;
  settings: Settings;
  custom: CustomData | null;
}

/**
 * Which of the run-defining settings differ between two states, by label
 * (the user's own points count as one, 'Your data'); empty if the run stays.
 * Only 'reset' and 'restart' settings define the run: the learning rate
 * changes a live run and view settings change nothing.
 */
export function runSettingsChanged(before: { settings: Settings; custom: CustomData | null }, after: { settings: Settings; custom: CustomData | null }): {
  changed: string[];
  restart: boolean;
} {
  const keys = SETTING_KEYS.filter((k) => (SETTINGS[k].effect === 'reset' || SETTINGS[k].effect === 'restart') && !sameValue(before.settings, after.settings, k));
  const changed = keys.map((k) => SETTINGS[k].label);
  if (before.custom !== after.custom) changed.push('Your data');
  return { changed, restart: keys.some((k) => SETTINGS[k].effect === 'restart') };
}

/**
 * The undo record for a change, or null when there is nothing to lose: no run,
 * a run that failed, no trained step, or a change that keeps the run.
 */
export function undoFor(
  before: { settings: Settings; custom: CustomData | null; step: number; run: { gen: number } | null; error: string | null },
  after: { settings: Settings; custom: CustomData | null },
): RunUndo | null {
  if (!before.run || before.error !== null || before.step <= 0) return null;
  const { changed, restart } = runSettingsChanged(before, after);
  if (changed.length === 0) return null;
  return { changed, steps: before.step, gen: before.run.gen, restorable: !restart, settings: before.settings, custom: before.custom };
}

/** The toast's sentence. */
export function describeUndo(u: RunUndo): string {
  const what = u.changed.length === 1 ? u.changed[0] : `${u.changed.slice(0, -1).join(', ')} and ${u.changed[u.changed.length - 1]}`;
  const steps = `${u.steps.toLocaleString('en-US')} trained step${u.steps === 1 ? '' : 's'}`;
  return u.restorable
    ? `Changing ${what} started a new run and put aside the previous one (${steps}).`
    : `Changing ${what} restarted training on a new worker and discarded ${steps}: the old worker’s weights cannot move to a new one. Save model before switching keeps a run.`;
}

function sameValue(a: Settings, b: Settings, k: SettingKey): boolean {
  const x = a[k];
  const y = b[k];
  return Array.isArray(x) && Array.isArray(y) ? x.join(',') === y.join(',') : x === y;
}
