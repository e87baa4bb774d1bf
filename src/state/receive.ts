import type { FromWorker, RunConfig } from '../engine/protocol';
import type { Settings } from './settings';
import { emptyRunState, type AppState, type AppStore } from './store';
import { FAMILIES, FAMILY_INFO } from './families';
import type { Family, Figure, Series } from './types';
import { appendPoint as appendToSeries, EMPTY_SERIES } from './series';

/**
 * Fold one worker message into the store. `from` is the model whose worker
 * posted it: each model trains in its own worker, the flow's leads (backend,
 * runs, model files) and the baselines' report only on their model, so a
 * baseline's failure is that model's, not the page's. Messages about an older
 * run than the one on screen (posted before a reset reached the worker) are
 * dropped.
 */
export function receiveWorkerMessage(store: AppStore, msg: FromWorker, from: Family = 'flow'): void {
  const state = store.getState();
  if (msg.type === 'diagnostics') {
    const { type: _type, ...diagnostics } = msg;
    store.setState({ diagnostics: { ...state.diagnostics, [from]: diagnostics } });
    return;
  }
  if (from !== 'flow') {
    switch (msg.type) {
      case 'fatal':
        // A failure of a run the page has moved on from (its worker had not yet heard of the new one) is not this run's.
        if (msg.gen !== undefined && state.run && msg.gen !== state.run.gen) return;
        store.setState({ modelErrors: { ...state.modelErrors, [from]: msg.message } });
        return;
      case 'backend': // a baseline's worker runs on the backend the flow's chose
      case 'run': // its run is the flow worker's, already on screen
      case 'load-failed':
      case 'model-file':
        return;
    }
  }
  switch (msg.type) {
    case 'backend':
      store.setState({ backend: { name: msg.name, skipped: msg.skipped, measured: msg.measured ?? [] }, error: null });
      return;
    case 'fatal':
      store.setState({ error: msg.message, running: false });
      return;
    case 'run': {
      const { type: _type, ...run } = msg;
      // An Undo brings back a run the worker kept aside: show it as it was, curves and all.
      const restored = state.restoring?.gen === run.gen ? state.restoring.runState : null;
      store.setState({
        ...emptyRunState(),
        ...(restored ? { ...restored, notice: null } : {}),
        run,
        error: null,
        restoring: null,
        // A loaded model brings its own settings; the controls follow (and, matching the run, send nothing back).
        ...(run.loadedFrom
          ? {
              settings: settingsOfRun(state.settings, run.config),
              running: false,
              // A model of a toy dataset replaces the user's own points too, or the page would ask for them back.
              custom: run.config.dataset === 'custom' ? state.custom : null,
            }
          : {}),
      });
      return;
    }
    case 'load-failed':
      store.setState({ notice: `Could not load ${msg.fileName}: ${msg.message}. The current model is unchanged.` });
      return;
    case 'model-file':
      return; // a download: handled by the engine link
  }
  if (!state.run || msg.gen !== state.run.gen) return;
  switch (msg.type) {
    case 'notice':
      store.setState({ notice: msg.message });
      return;
    case 'progress': {
      const own = {
        modelSteps: { ...state.modelSteps, [from]: msg.step },
        modelSpeed: { ...state.modelSpeed, [from]: msg.stepsPerSec },
        msPerStep: { ...state.msPerStep, ...msg.msPerStep },
      };
      store.setState(from === 'flow' ? { ...own, step: msg.step, stepsPerSec: msg.stepsPerSec, warmupFrom: msg.warmupFrom ?? 0 } : own);
      return;
    }
    case 'density':
      store.setState({ density: { ...state.density, [msg.family]: { step: msg.step, method: msg.method, size: msg.size, logDensity: msg.logDensity } } });
      return;
    case 'target':
      store.setState({ target: { step: 0, method: 'exact', size: msg.size, logDensity: msg.logDensity } });
      return;
    case 'trace':
      store.setState({ trace: { step: msg.step, layers: msg.layers, snapshots: msg.snapshots } });
      return;
    case 'samples':
      store.setState({ samples: { ...state.samples, [msg.family]: msg.points } });
      return;
    case 'walkthrough': {
      const { type: _type, gen: _gen, ...frame } = msg;
      store.setState({ walkthroughFrame: frame });
      return;
    }
    case 'cross-section':
      store.setState({ crossSection: { ...msg.section, step: msg.step } });
      return;
    case 'losses':
      store.setState({ trainLosses: mergeFinite(state.trainLosses, msg.losses), curves: withTrainPoints(state.curves, msg.step, msg.losses) });
      return;
    case 'evaluation':
      store.setState({
        evaluations: { ...state.evaluations, [msg.family]: { step: msg.step, figures: msg.figures } },
        curves: withTestPoints(state.curves, msg.family, msg.step, msg.figures),
      });
      return;
  }
}

/**
 * A read that covered no step of some model (it was between rounds) reports
 * NaN for it; keep showing that model's previous figure instead.
 */
function mergeFinite(old: AppState['trainLosses'], next: AppState['trainLosses']): AppState['trainLosses'] {
  const out = { ...old };
  for (const [family, losses] of Object.entries(next) as [Family, Record<string, number>][]) {
    const kept = { ...old[family] };
    for (const [name, v] of Object.entries(losses)) if (Number.isFinite(v)) kept[name] = v;
    out[family] = kept;
  }
  return out;
}

function withTrainPoints(curves: Series[], step: number, losses: AppState['trainLosses']): Series[] {
  let out = curves;
  for (const family of FAMILIES) {
    for (const c of FAMILY_INFO[family].train) {
      const value = losses[family]?.[c.objective];
      if (value === undefined || !Number.isFinite(value)) continue;
      out = appendPoint(out, { id: `${family}:train`, family, label: c.label, kind: c.kind, split: 'train' }, step, value);
    }
  }
  return out;
}

function withTestPoints(curves: Series[], family: Family, step: number, figures: Figure[]): Series[] {
  let out = curves;
  for (const f of figures) {
    if (!Number.isFinite(f.value)) continue;
    const label = `${FAMILY_INFO[family].label} test ${f.label}`;
    out = appendPoint(out, { id: `${family}:test:${f.id}`, family, label, kind: f.kind, split: 'test' }, step, f.value);
  }
  return out;
}

/**
 * A new curves array and a new object for the changed series only, so
 * subscribers can compare by reference; the series itself is bounded and
 * copies only its open chunk (state/series.ts), so a long session costs no
 * more per message than a short one.
 */
function appendPoint(curves: Series[], head: Omit<Series, 'points'>, step: number, value: number): Series[] {
  const i = curves.findIndex((c) => c.id === head.id);
  if (i < 0) return [...curves, { ...head, points: appendToSeries(EMPTY_SERIES, step, value) }];
  const next = curves.slice();
  next[i] = { ...curves[i], points: appendToSeries(curves[i].points, step, value) };
  return next;
}

/** The settings a run's config implies (a user's own data is not a Dataset menu entry, so that one stays). */
function settingsOfRun(settings: Settings, config: RunConfig): Settings {
  const { dataset, ...rest } = config;
  return { ...settings, ...rest, ...(dataset === 'custom' ? {} : { dataset }) };
}
