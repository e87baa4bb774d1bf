import { createStore, type StoreApi } from 'zustand/vanilla';
import { defaultSettings, SETTINGS, SUGGESTED_LAYERS, type SettingKey, type Settings } from './settings';
import type { BackendInfo, DensityFrame, Evaluation, Family, RunInfo, Series, TraceFrame } from './types';

export interface AppState {
  settings: Settings;
  /** What the student asked for; the UI flips at once, the worker follows within a slice. */
  running: boolean;
  backend: BackendInfo;
  /** Something stopped the worker (no backend, a model that cannot be built). */
  error: string | null;
  /** The latest non-fatal message (a rollback, a failed read-back). */
  notice: string | null;
  run: RunInfo | null;
  step: number;
  stepsPerSec: number;
  msPerStep: Partial<Record<Family, number>>;
  density: Partial<Record<Family, DensityFrame>>;
  trace: TraceFrame | null;
  samples: Partial<Record<Family, Float32Array>>;
  evaluations: Partial<Record<Family, Evaluation>>;
  trainLosses: Partial<Record<Family, Record<string, number>>>;
  curves: Series[];
  /** Morph position as a fraction of the layers, 0 = Gaussian, 1 = model. */
  morph: number;
  /** Whose samples are drawn over the training points. */
  sampleSource: Family;

  setSetting<K extends SettingKey>(key: K, value: Settings[K]): void;
  setRunning(running: boolean): void;
  setMorph(fraction: number): void;
  setSampleSource(family: Family): void;
}

export type AppStore = StoreApi<AppState>;

/** Everything that describes one run, cleared when the worker starts another. */
export function emptyRunState(): Pick<
  AppState,
  'run' | 'step' | 'stepsPerSec' | 'msPerStep' | 'density' | 'trace' | 'samples' | 'evaluations' | 'trainLosses' | 'curves' | 'notice'
> {
  return { run: null, step: 0, stepsPerSec: 0, msPerStep: {}, density: {}, trace: null, samples: {}, evaluations: {}, trainLosses: {}, curves: [], notice: null };
}

/** One store per page, made in main.tsx and handed down by context (no module-level singleton). */
export function createAppStore(initial: Partial<Settings> = {}): AppStore {
  return createStore<AppState>()((set, get) => ({
    settings: { ...defaultSettings(), ...initial },
    running: false,
    backend: { name: null, skipped: [] },
    error: null,
    ...emptyRunState(),
    morph: 1,
    sampleSource: 'flow',

    setSetting(key, value) {
      const settings = { ...get().settings, [key]: value };
      // A flow type brings its own sensible depth; the URL can still ask for any.
      if (key === 'flow') settings.layers = SUGGESTED_LAYERS[value as Settings['flow']];
      if (SETTINGS[key].effect === 'restart') set({ settings, backend: { name: null, skipped: [] }, error: null });
      else set({ settings });
    },
    setRunning(running) {
      set({ running });
    },
    setMorph(fraction) {
      set({ morph: Math.min(1, Math.max(0, fraction)) });
    },
    setSampleSource(family) {
      set({ sampleSource: family });
    },
  }));
}
