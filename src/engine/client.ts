import type { BackendRequest, FromWorker, RunConfig, ToWorker } from './protocol';

/**
 * The main thread's handle on the training worker. It only posts and
 * receives messages; it never imports TensorFlow.js (the worker bundle does).
 * Changing backend means a new worker: tfjs cannot cleanly swap a backend
 * that already holds a model's variables.
 */
export class EngineClient {
  private worker: Worker | null = null;

  constructor(private readonly onMessage: (msg: FromWorker) => void) {}

  start(backend: BackendRequest, config: RunConfig, running: boolean): void {
    this.stop();
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'flow-trainer' });
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.onMessage(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.onMessage({ type: 'fatal', message: `training worker failed: ${event.message || 'could not load'}` });
    };
    this.worker = worker;
    this.send({ type: 'start', backend, config, running });
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
