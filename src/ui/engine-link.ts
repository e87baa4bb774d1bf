import { EngineClient } from '../engine/client';
import { FAULT_KINDS, sameConfig, type Family, type FaultKind, type RunConfig, type ToWorker } from '../engine/protocol';
import { RUN_FAMILY_ORDER } from '../engine/run-families';
import { receiveWorkerMessage } from '../state/receive';
import { RUN_KEYS, type RunKey, type Settings } from '../state/settings';
import type { AppState, AppStore } from '../state/store';
import { BaselineWorkers } from './baseline-workers';
import { downloadBlob } from './export/download';

/** The commands that are events rather than state: the buttons call these. */
export interface EngineLink {
  step(): void;
  reset(): void;
  /** Ask the worker for the flow as a model file; it arrives as a download. */
  saveModel(): void;
  /** Replace the run with a model file's flow; a bad file only produces a notice. */
  loadModel(fileName: string, text: string): void;
  /** Load the last loaded model file again, on its own toy dataset instead of the user's points. */
  reloadModelOnItsData(): void;
  /** Ask the worker to describe the flow's next step (the walkthrough's figures). */
  describeStep(): void;
  /** Ask the worker for layer `layer`'s element-wise map with the kept coordinate at `kept` (the Layers panel's cross-section). */
  readCrossSection(layer: number, kept: number): void;
  /** Bring back the run the last settings change put aside (store.runUndo). */
  undoRunChange(): void;
  dispose(): void;
}

/** The run the page's state asks for: the settings, with the user's own points when there are some. */
export function runConfigOf({ settings, custom }: Pick<AppState, 'settings' | 'custom'>): RunConfig {
  const picked = Object.fromEntries(RUN_KEYS.map((k) => [k, settings[k]])) as Pick<Settings, RunKey>;
  return { ...picked, dataset: custom ? 'custom' : settings.dataset };
}

/**
 * Wire the store to the workers, one per model: settings and Play/Pause flow
 * out as messages (the flow's worker decides what a change resets, and each
 * run it posts is relayed to the baselines' workers), worker messages flow
 * into the store, each marked with its model. A backend override restarts
 * them all on that backend. Settings that only change the view (projector
 * mode, hidden panels) send nothing.
 */
export function connectEngine(store: AppStore): EngineLink {
  const baselines = new BaselineWorkers((family, msg) => receiveWorkerMessage(store, msg, family));
  const client = new EngineClient((msg) => {
    if (msg.type === 'model-file') downloadBlob(new Blob([msg.text], { type: 'application/json' }), msg.fileName);
    receiveWorkerMessage(store, msg);
    // The file was refused: the flow keeps its run, and so do the baselines, with any Step asked for since.
    const kept = msg.type === 'load-failed' ? store.getState().run : null;
    if (kept) baselines.follow(kept, store.getState().backend.name ?? 'wasm', store.getState().running, store.getState().custom);
    if (msg.type === 'run') {
      const { type: _type, ...run } = msg;
      const state = store.getState();
      baselines.follow(run, state.backend.name ?? 'wasm', state.running, state.custom);
    }
  });
  /** Every worker: the flow's and the baselines'. */
  const broadcast = (msg: ToWorker) => {
    client.send(msg);
    baselines.broadcast(msg);
  };
  /** A command that makes the flow's worker replace its run: the baselines' Steps from now on wait for that run. */
  const replaceRun = (msg: ToWorker) => {
    client.send(msg);
    baselines.broadcast({ type: 'run-coming' });
  };
  const sendData = (state: AppState) => {
    // A copy, not a transfer: the store keeps its points for drawing.
    if (state.custom) broadcast({ type: 'set-data', label: state.custom.label, points: state.custom.points });
  };
  const start = () => {
    // New workers: the old ones' tensor counts no longer describe anything. The baselines'
    // start again with the new flow worker's first run (its run numbers start again too).
    baselines.stop();
    store.setState({ diagnostics: {} });
    const state = store.getState();
    client.start(state.settings.backend, runConfigOf(state), state.running);
    sendData(state);
  };
  start();
  /** The model file last loaded, for "switch to its data"; a few hundred kB at most. */
  let lastModel: { fileName: string; text: string } | null = null;
  const stopFaultHook = listenForTestFaults((fault, family) => {
    if (family === 'flow') client.send({ type: 'fault', fault });
    else baselines.sendTo(family, { type: 'fault', fault });
  });

  const unsubscribe = store.subscribe((now, before) => {
    if (now.settings.backend !== before.settings.backend) start();
    else {
      if (now.custom !== before.custom) sendData(now);
      const config = runConfigOf(now);
      // A loaded model's run arrives with matching settings: nothing to send back.
      // New points under an unchanged config: 'set-data' alone restarts the run.
      // The baselines' workers take the live settings from it; the rest comes as the next run.
      if (!sameConfig(config, runConfigOf(before)) && !sameConfig(config, now.run?.config)) broadcast({ type: 'configure', config });
    }
    if (now.running !== before.running) broadcast({ type: now.running ? 'play' : 'pause' });
  });

  return {
    step() {
      // A Step while playing means "stop here and go one further".
      store.getState().setRunning(false);
      // One step of each model, each in its worker.
      broadcast({ type: 'step' });
    },
    reset() {
      store.getState().setRunning(false);
      // The worker's kept-aside run is replaced by this one: nothing left to undo.
      store.setState({ runUndo: null });
      // A worker that died cannot be told anything: Reset starts a new one.
      if (client.alive) replaceRun({ type: 'reset' });
      else start();
    },
    saveModel() {
      client.send({ type: 'save-model' });
    },
    loadModel(fileName, text) {
      lastModel = { fileName, text };
      store.setState({ runUndo: null });
      replaceRun({ type: 'load-model', fileName, text });
    },
    reloadModelOnItsData() {
      if (!lastModel) return;
      // Without the user's points the worker puts the model on the toy dataset it names.
      store.setState({ custom: null, runUndo: null });
      replaceRun({ type: 'load-model', ...lastModel });
    },
    describeStep() {
      client.send({ type: 'walkthrough' });
    },
    readCrossSection(layer, kept) {
      client.send({ type: 'cross-section', layer, kept });
    },
    undoRunChange() {
      const undo = store.getState().runUndo;
      if (!undo?.restorable) return;
      // First the worker (it swaps the kept run back), then the controls: the settings they send arrive after.
      replaceRun({ type: 'restore-run', gen: undo.gen });
      store.getState().beginUndo();
    },
    dispose() {
      stopFaultHook();
      unsubscribe();
      client.stop();
      baselines.stop();
    },
  };
}

/**
 * The browser tests' way to make a worker fail on purpose (engine/fault-hook.ts):
 * they dispatch this DOM event with page.evaluate, its detail a fault kind (the
 * flow's worker) or { fault, family } (that model's worker). No control in the
 * page dispatches it, so a person using the app never reaches it; it lives in
 * the built app because the built app is what the tests drive.
 */
export const TEST_FAULT_EVENT = 'flow-playground:test-fault';

function listenForTestFaults(send: (fault: FaultKind, family: Family) => void): () => void {
  const onFault = (event: Event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    const { fault, family } = typeof detail === 'object' && detail !== null ? (detail as { fault?: unknown; family?: unknown }) : { fault: detail, family: 'flow' };
    if (FAULT_KINDS.includes(fault as FaultKind) && RUN_FAMILY_ORDER.includes(family as Family)) send(fault as FaultKind, family as Family);
  };
  window.addEventListener(TEST_FAULT_EVENT, onFault);
  return () => window.removeEventListener(TEST_FAULT_EVENT, onFault);
}
