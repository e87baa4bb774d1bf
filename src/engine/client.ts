import type { BackendRequest, Family, FromWorker, RunConfig, ToWorker } from './protocol';

/**
 * The main thread's handle on one training worker (one per model: `family`).
 * It only posts and receives messages; it never imports TensorFlow.js (the
 * worker bundle does). Changing backend means a new worker: tfjs cannot
 * cleanly swap a backend that already holds a model's variables.
 */
export class EngineClient {
  private worker: Worker | null = null;

  constructor(private readonly onMessage: (msg: FromWorker) => void) {}

  start(backend: BackendRequest, config: RunConfig, running: boolean, family: Family = 'flow'): void {
    this.stop();
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: family === 'flow' ? 'flow-trainer' : `${family}-trainer` });
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.onMessage(event.data);
    // An uncaught error in the worker (or a script that would not load): whatever state it
    // is in, it is not to be trusted. End it; Reset starts a new one (see `alive`).
    worker.onerror = (event) => {
      event.preventDefault();
      this.stop();
      const why = (event.message || 'it could not load').replace(/^Uncaught (\w*Error: )?/, '');
      this.onMessage({ type: 'fatal', message: `The training worker stopped (${why}). Press Reset to start a new one.` });
    };
    this.worker = worker;
    this.send({ type: 'start', backend, config, running, family });
  }

  /** False before start and after the worker died: commands then need a new worker, not a message. */
  get alive(): boolean {
    return this.worker !== null;
  }

  send(msg: ToWorker): void {
    this.worker?.postMessage(msg);
  }

  stop(): void {
    if (!this.worker) return;
    // Detach first: a message already queued from the old worker must not reach the new run.
    this.worker.onmessage = null;
    this.worker.onerror = null;
    this.worker.terminate();
    this.worker = null;
  }
}
