import { createStore, type StoreApi } from 'zustand/vanilla';
import { defaultSettings, SETTING_KEYS, SETTINGS, suggestedLayers, type SettingKey, type Settings } from './settings';
import { runSettingsChanged, undoFor, type RunUndo } from './run-undo';
import type { BackendInfo, CustomData, DensityFrame, Evaluation, Family, RunInfo, Series, TraceFrame, WalkthroughFrame } from './types';
import type { CrossSection, WorkerDiagnostics } from '../engine/protocol';

/** The overlays a person can open; one at a time. */
export type Dialog = 'shortcuts' | 'explain' | 'link' | 'glossary';

export interface AppState {
  settings: Settings;
  /** What the student asked for; the UI flips at once, the worker follows within a slice. */
  running: boolean;
  backend: BackendInfo;
  /** Something stopped the worker (no backend, a model that cannot be built). */
  error: string | null;
  /** The latest non-fatal message (a rollback, a failed read-back). */
  notice: string | null;
  /** Each model's worker's live tensors and memory, as it last reported them (Backend details). */
  diagnostics: Partial<Record<Family, WorkerDiagnostics>>;
  run: RunInfo | null;
  /** The flow's step count (the top bar's): each model trains in its own worker, at its own pace. */
  step: number;
  /** The flow's own steps per second ("Training speed"). */
  stepsPerSec: number;
  /** The step the flow's lr warm-up counts from: 0, or its last rollback (for the lr read-out). */
  warmupFrom: number;
  /** Every model's own step count, the flow's included. */
  modelSteps: Partial<Record<Family, number>>;
  /** Every model's own steps per second. */
  modelSpeed: Partial<Record<Family, number>>;
  /** A baseline whose worker failed, and why; the others train on (the flow's failure is `error`). */
  modelErrors: Partial<Record<Family, string>>;
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
  /** The worker's description of the flow's next step, while the walkthrough asks for it. */
  walkthroughFrame: WalkthroughFrame | null;
  /** The selected layer's element-wise map along a cross-section, as the worker last read it (Layers panel). */
  crossSection: (CrossSection & { step: number }) | null;
  /** The trained run the last settings change put aside, with the page's view of it, for Undo. */
  runUndo: (RunUndo & { runState: RunState }) | null;
  /** An Undo on its way to the worker: the run message of this generation restores this view. */
  restoring: (RunUndo & { runState: RunState }) | null;
  /** The glossary entry (id) the Glossary dialog opens at, or null for the top. */
  glossaryTerm: string | null;

  setSetting<K extends SettingKey>(key: K, value: Settings[K]): void;
  /** Several settings at once, the rest kept (a suggestion that sets flow and layers together). */
  changeSettings(partial: Partial<Settings>): void;
  /** Several settings at once (an edited URL hash); defaults for the keys not given. */
  replaceSettings(settings: Partial<Settings>): void;
  setCustomData(data: CustomData | null): void;
  setLinkNotes(notes: string[]): void;
  setWalkthrough(phase: number | null): void;
  setMorphAnimating(animating: boolean): void;
  setDialog(dialog: Dialog | null): void;
  /** Open the Glossary dialog at one term (a click on the term where it appears). */
  showTerm(id: string | null): void;
  setNotice(notice: string | null): void;
  setRunning(running: boolean): void;
  setMorph(fraction: number): void;
  /** Put the settings of the run in runUndo back (the engine link asks the worker for its weights first). */
  beginUndo(): void;
  dismissUndo(): void;
}

/** Everything about one run that the page shows (see emptyRunState). */
export type RunState = ReturnType<typeof emptyRunState>;

export type AppStore = StoreApi<AppState>;

/** Everything that describes one run, cleared when the worker starts another. */
export function emptyRunState(): Pick<
  AppState,
  'run' | 'step' | 'stepsPerSec' | 'warmupFrom' | 'modelSteps' | 'modelSpeed' | 'modelErrors' | 'msPerStep' | 'density' | 'trace' | 'samples' | 'evaluations' | 'trainLosses' | 'curves' | 'notice' | 'target' | 'walkthroughFrame' | 'crossSection'
> {
  return {
    run: null,
    step: 0,
    stepsPerSec: 0,
    warmupFrom: 0,
    modelSteps: {},
    modelSpeed: {},
    modelErrors: {},
    msPerStep: {},
    density: {},
    trace: null,
    samples: {},
    evaluations: {},
    trainLosses: {},
    curves: [],
    notice: null,
    target: null,
    walkthroughFrame: null,
    crossSection: null,
  };
}

function snapshotRunState(s: AppState): RunState {
  const out = {} as Record<string, unknown>;
  for (const key of Object.keys(emptyRunState())) out[key] = s[key as keyof AppState];
  return out as RunState;
}

/** One store per page, made in main.tsx and handed down by context (no module-level singleton). */
export function createAppStore(initial: Partial<Settings> = {}, linkNotes: string[] = []): AppStore {
  return createStore<AppState>()((set, get) => {
    /** New settings; a changed 'restart' setting (the backend) also clears what the old worker reported. */
    const applySettings = (settings: Settings, also: Partial<AppState> = {}) => {
      const state = get();
      const before = state.settings;
      const restart = SETTING_KEYS.some((k) => SETTINGS[k].effect === 'restart' && settings[k] !== before[k]);
      set({ ...also, settings, ...(restart ? { backend: { name: null, skipped: [], measured: [] }, error: null } : {}), ...undoState(state, { settings, custom: also.custom === undefined ? state.custom : also.custom }) });
    };
    /** A change that discards a trained run leaves an Undo behind; any other run change clears the old one. */
    const undoState = (state: AppState, after: { settings: Settings; custom: CustomData | null }): Partial<AppState> => {
      const undo = undoFor(state, after);
      if (undo) return { runUndo: { ...undo, runState: snapshotRunState(state) } };
      // Any other new run replaces the run the worker keeps aside, so an older Undo would restore nothing.
      return state.runUndo && runSettingsChanged(state, after).changed.length > 0 ? { runUndo: null } : {};
    };
    return {
      settings: { ...defaultSettings(), ...initial },
      running: false,
      backend: { name: null, skipped: [], measured: [] },
      error: null,
      diagnostics: {},
      ...emptyRunState(),
      morph: 1,
      custom: null,
      linkNotes,
      walkthrough: null,
      morphAnimating: false,
      dialog: null,
      walkthroughFrame: null,
      runUndo: null,
      restoring: null,
      glossaryTerm: null,

      setSetting(key, value) {
        const settings = { ...get().settings, [key]: value };
        // A flow type brings its own sensible depth; the URL can still ask for any.
        if (key === 'flow') settings.layers = suggestedLayers(value as Settings['flow']);
        // Picking a dataset from the menu means "not my own points any more".
        applySettings(settings, key === 'dataset' ? { custom: null } : {});
      },
      changeSettings(partial) {
        applySettings({ ...get().settings, ...partial });
      },
      replaceSettings(partial) {
        applySettings({ ...defaultSettings(), ...partial });
      },
      setCustomData(custom) {
        set({ custom, ...undoState(get(), { settings: get().settings, custom }) });
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
      showTerm(glossaryTerm) {
        set({ glossaryTerm, dialog: 'glossary' });
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
      beginUndo() {
        const undo = get().runUndo;
        if (!undo || !undo.restorable) return;
        set({ settings: undo.settings, custom: undo.custom, running: false, runUndo: null, restoring: undo });
      },
      dismissUndo() {
        set({ runUndo: null });
      },
    };
  });
}

/** Whose samples the Data panel draws: the chosen model while it trains, else the flow. */
export function shownSampleSource(s: Pick<AppState, 'settings' | 'run'>): Family {
  return s.run?.families.includes(s.settings.samples) ? s.settings.samples : 'flow';
}
