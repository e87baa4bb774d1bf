import { EngineClient } from '../engine/client';
import { FAULT_KINDS, sameConfig, type FaultKind, type RunConfig } from '../engine/protocol';
import { receiveWorkerMessage } from '../state/receive';
import { RUN_KEYS, type RunKey, type Settings } from '../state/settings';
import type { AppState, AppStore } from '../state/store';
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
 * Wire the store to the worker: settings and Play/Pause flow out as messages
 * (the worker decides what a change resets), worker messages flow into the
 * store. A backend override restarts the worker on that backend. Settings that
 * only change the view (projector mode, hidden panels) send nothing.
 */
export function connectEngine(store: AppStore): EngineLink {
  const client = new EngineClient((msg) => {
    if (msg.type === 'model-file') downloadBlob(new Blob([msg.text], { type: 'application/json' }), msg.fileName);
    if (msg.type === 'diagnostics') {
      const { type: _type, ...diagnostics } = msg;
      store.setState({ diagnostics });
      return;
    }
    receiveWorkerMessage(store, msg);
  });
  const sendData = (state: AppState) => {
    // A copy, not a transfer: the store keeps its points for drawing.
    if (state.custom) client.send({ type: 'set-data', label: state.custom.label, points: state.custom.points.slice() });
  };
  const start = () => {
    // A new worker: the old one's tensor count no longer describes anything.
    store.setState({ diagnostics: null });
    const state = store.getState();
    client.start(state.settings.backend, runConfigOf(state), state.running);
    sendData(state);
  };
  start();
  /** The model file last loaded, for "switch to its data"; a few hundred kB at most. */
  let lastModel: { fileName: string; text: string } | null = null;
  const stopFaultHook = listenForTestFaults((fault) => client.send({ type: 'fault', fault }));

  const unsubscribe = store.subscribe((now, before) => {
    if (now.settings.backend !== before.settings.backend) start();
    else {
      if (now.custom !== before.custom) sendData(now);
      const config = runConfigOf(now);
      // A loaded model's run arrives with matching settings: nothing to send back.
      // New points under an unchanged config: 'set-data' alone restarts the run.
      if (!sameConfig(config, runConfigOf(before)) && !sameConfig(config, now.run?.config)) client.send({ type: 'configure', config });
    }
    if (now.running !== before.running) client.send({ type: now.running ? 'play' : 'pause' });
  });

  return {
    step() {
      // A Step while playing means "stop here and go one further".
      store.getState().setRunning(false);
      client.send({ type: 'step' });
    },
    reset() {
      store.getState().setRunning(false);
      // The worker's kept-aside run is replaced by this one: nothing left to undo.
      store.setState({ runUndo: null });
      // A worker that died cannot be told anything: Reset starts a new one.
      if (client.alive) client.send({ type: 'reset' });
      else start();
    },
    saveModel() {
      client.send({ type: 'save-model' });
    },
    loadModel(fileName, text) {
      lastModel = { fileName, text };
      store.setState({ runUndo: null });
      client.send({ type: 'load-model', fileName, text });
    },
    reloadModelOnItsData() {
      if (!lastModel) return;
      // Without the user's points the worker puts the model on the toy dataset it names.
      store.setState({ custom: null, runUndo: null });
      client.send({ type: 'load-model', ...lastModel });
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
      client.send({ type: 'restore-run', gen: undo.gen });
      store.getState().beginUndo();
    },
    dispose() {
      stopFaultHook();
      unsubscribe();
      client.stop();
    },
  };
}

/**
 * The browser tests' way to make the worker fail on purpose (engine/fault-hook.ts):
 * they dispatch this DOM event with page.evaluate. No control in the page
 * dispatches it, so a person using the app never reaches it; it lives in the
 * built app because the built app is what the tests drive.
 */
export const TEST_FAULT_EVENT = 'flow-playground:test-fault';

function listenForTestFaults(send: (fault: FaultKind) => void): () => void {
  const onFault = (event: Event) => {
    const fault = (event as CustomEvent<unknown>).detail;
    if (FAULT_KINDS.includes(fault as FaultKind)) send(fault as FaultKind);
  };
  window.addEventListener(TEST_FAULT_EVENT, onFault);
  return () => window.removeEventListener(TEST_FAULT_EVENT, onFault);
}
