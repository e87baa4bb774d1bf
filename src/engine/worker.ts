/// <reference lib="webworker" />
import { startBackend } from './backend-setup';
import { transferablesOf, type FromWorker, type ToWorker } from './protocol';
import { Scheduler } from './scheduler';

/**
 * The training worker's entry. It owns TensorFlow.js and every tensor; the
 * page talks to it only through the messages in protocol.ts. The first message
 * must be 'start' (it names the backend); anything arriving while the backend
 * initialises is replayed once the scheduler exists.
 */
function serve(scope: DedicatedWorkerGlobalScope): void {
  const post = (msg: FromWorker) => scope.postMessage(msg, transferablesOf(msg));
  let scheduler: Scheduler | null = null;
  const early: ToWorker[] = [];

  scope.onmessage = (event: MessageEvent<ToWorker>) => {
    const msg = event.data;
    if (scheduler) return scheduler.handle(msg);
    early.push(msg);
    if (msg.type === 'start' && early.length === 1) void boot(msg.backend);
  };

  async function boot(request: Extract<ToWorker, { type: 'start' }>['backend']): Promise<void> {
    try {
      const choice = await startBackend(request);
      post({ type: 'backend', name: choice.name, skipped: choice.skipped });
      const s = new Scheduler(post, choice.name === 'webgl' || choice.name === 'webgpu');
      for (const msg of early.splice(0)) s.handle(msg);
      scheduler = s;
      await s.loop();
    } catch (err) {
      post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
    }
  }
}

serve(self as unknown as DedicatedWorkerGlobalScope);
