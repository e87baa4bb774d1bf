import { createStore, type StoreApi } from 'zustand/vanilla';
import { defaultSettings, SETTING_KEYS, SETTINGS, SUGGESTED_LAYERS, type SettingKey, type Settings } from './settings';
import type { WorkerDiagnostics } from '../engine/protocol';
import type { BackendInfo, CustomData, DensityFrame, Evaluation, Family, RunInfo, Series, TraceFrame } from './types';

/** The overlays a person can open; one at a time. */
export type Dialog = 'shortcuts' | 'explain' | 'link';

export interface AppState {
  settings: Settings;
  /** What the student asked for; the UI flips at once, the worker follows within a slice. */
  running: boolean;
  backend: BackendInfo;
  /** Something stopped the worker (no backend, a model that cannot be built). */
  error: string | null;
  /** The latest non-fatal message (a rollback, a failed read-back). */
  notice: string | null;
  /** The worker's live tensors and heap, as it last reported them (Backend details). */
  diagnostics: WorkerDiagnostics | null;
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
  /** In energy mode: the normalised target log-density −U − ln Z on the density grid. */
  target: DensityFrame | null;
  /** Points drawn or imported by the user; while set they replace the Dataset's samples. */
  custom: CustomData | null;
  /** What the URL's hash had that could not be used as it was (shown until dismissed). */
  linkNotes: string[];
  /** The step walkthrough's current phase, or null when it is closed. */
  walkthrough: number | null;
  morphAnimating: boolean;
  dialog: Dialog | null;

  setSetting<K extends SettingKey>(key: K, value: Settings[K]): void;
  /** Several settings at once (an edited URL hash); defaults for the keys not given. */
  replaceSettings(settings: Partial<Settings>): void;
  setCustomData(data: CustomData | null): void;
  setLinkNotes(notes: string[]): void;
  setWalkthrough(phase: number | null): void;
  setMorphAnimating(animating: boolean): void;
  setDialog(dialog: Dialog | null): void;
  setNotice(notice: string | null): void;
  setRunning(running: boolean): void;
  setMorph(fraction: number): void;
}

export type AppStore = StoreApi<AppState>;

/** Everything that describes one run, cleared when the worker starts another. */
export function emptyRunState(): Pick<
  AppState,
  'run' | 'step' | 'stepsPerSec' | 'msPerStep' | 'density' | 'trace' | 'samples' | 'evaluations' | 'trainLosses' | 'curves' | 'notice' | 'target'
> {
  return {
    run: null,
    step: 0,
    stepsPerSec: 0,
    msPerStep: {},
    density: {},
    trace: null,
    samples: {},
    evaluations: {},
    trainLosses: {},
    curves: [],
    notice: null,
    target: null,
  };
}

/** One store per page, made in main.tsx and handed down by context (no module-level singleton). */
export function createAppStore(initial: Partial<Settings> = {}, linkNotes: string[] = []): AppStore {
  return createStore<AppState>()((set, get) => {
    /** New settings; a changed 'restart' setting (the backend) also clears what the old worker reported. */
    const applySettings = (settings: Settings, also: Partial<AppState> = {}) => {
      const before = get().settings;
      const restart = SETTING_KEYS.some((k) => SETTINGS[k].effect === 'restart' && settings[k] !== before[k]);
      set({ ...also, settings, ...(restart ? { backend: { name: null, skipped: [] }, error: null } : {}) });
    };
    return {
      settings: { ...defaultSettings(), ...initial },
      running: false,
      backend: { name: null, skipped: [] },
      error: null,
      diagnostics: null,
      ...emptyRunState(),
      morph: 1,
      custom: null,
      linkNotes,
      walkthrough: null,
      morphAnimating: false,
      dialog: null,

      setSetting(key, value) {
        const settings = { ...get().settings, [key]: value };
        // A flow type brings its own sensible depth; the URL can still ask for any.
        if (key === 'flow') settings.layers = SUGGESTED_LAYERS[value as Settings['flow']];
        // Picking a dataset from the menu means "not my own points any more".
        applySettings(settings, key === 'dataset' ? { custom: null } : {});
      },
      replaceSettings(partial) {
        applySettings({ ...defaultSettings(), ...partial });
      },
      setCustomData(custom) {
        set({ custom });
      },
      setLinkNotes(linkNotes) {
        set({ linkNotes });
      },
      setWalkthrough(walkthrough) {
        set({ walkthrough });
      },
      setMorphAnimating(morphAnimating) {
        set({ morphAnimating });
      },
      setDialog(dialog) {
        set({ dialog });
      },
      setNotice(notice) {
        set({ notice });
      },
      setRunning(running) {
        set({ running });
      },
      setMorph(fraction) {
        set({ morph: Math.min(1, Math.max(0, fraction)) });
      },
    };
  });
}

/** Whose samples the Data panel draws: the chosen model while it trains, else the flow. */
export function shownSampleSource(s: Pick<AppState, 'settings' | 'run'>): Family {
  return s.run?.families.includes(s.settings.samples) ? s.settings.samples : 'flow';
}
