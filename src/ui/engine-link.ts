import { EngineClient } from '../engine/client';
import type { RunConfig } from '../engine/protocol';
import { receiveWorkerMessage } from '../state/receive';
import type { AppStore } from '../state/store';
import type { Settings } from '../state/settings';

/** The commands that are events rather than state: the buttons call these. */
export interface EngineLink {
  step(): void;
  reset(): void;
  dispose(): void;
}

export function runConfigOf(s: Settings): RunConfig {
  return { dataset: s.dataset, flow: s.flow, layers: s.layers, hidden: s.hidden, lr: s.lr, batch: s.batch, seed: s.seed, vae: s.vae, gan: s.gan };
}

/**
 * Wire the store to the worker: settings and Play/Pause flow out as messages
 * (the worker decides what a change resets), worker messages flow into the
 * store. A backend override restarts the worker on that backend.
 */
export function connectEngine(store: AppStore): EngineLink {
  const client = new EngineClient((msg) => receiveWorkerMessage(store, msg));
  const start = () => {
    const { settings, running } = store.getState();
    client.start(settings.backend, runConfigOf(settings), running);
  };
  start();

  const unsubscribe = store.subscribe((now, before) => {
    if (now.settings !== before.settings) {
      if (now.settings.backend !== before.settings.backend) start();
      else client.send({ type: 'configure', config: runConfigOf(now.settings) });
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
      client.send({ type: 'reset' });
    },
    dispose() {
      unsubscribe();
      client.stop();
    },
  };
}
