/// <reference lib="webworker" />
import { fallBackFrom, startBackend } from './backend-setup';
import { watchBackendLoss } from './backend-loss';
import { transferablesOf, type Family, type FromWorker, type ToWorker } from './protocol';
import { Scheduler, type SchedulerParts } from './scheduler';
import { Session } from './session';
import { readbackTasks } from './tasks';

/**
 * The real parts: sessions of this worker's one model and their read-backs on
 * TensorFlow.js, and the backend chain to fall back along. Each backend the
 * run lands on is watched for loss in turn (WebGPU lost → WebGL, which may be
 * lost too).
 */
function workerParts(family: Family, lost: (reason: string) => void): SchedulerParts {
  return {
    session: (config, gen, custom, loaded, restored) => new Session(config, gen, custom, loaded, restored, [family]),
    tasks: readbackTasks,
    async fallBack(from) {
      const choice = await fallBackFrom(from);
      watchBackendLoss(choice.name, lost);
      return choice;
    },
  };
}

/**
 * The training worker's entry: one worker per model of the run (the page
 * starts them all from this file). It owns TensorFlow.js and every tensor of
 * its model; the page talks to it only through the messages in protocol.ts.
 * The first message must be 'start' (it names the backend and the model);
 * anything arriving while the backend initialises is replayed once the
 * scheduler exists.
 */
function serve(scope: DedicatedWorkerGlobalScope): void {
  const post = (msg: FromWorker) => scope.postMessage(msg, transferablesOf(msg));
  let scheduler: Scheduler | null = null;
  const early: ToWorker[] = [];

  scope.onmessage = (event: MessageEvent<ToWorker>) => {
    const msg = event.data;
    if (scheduler) return scheduler.handle(msg);
    early.push(msg);
    if (msg.type === 'start' && early.length === 1) void boot(msg);
  };

  async function boot({ backend, config, family }: Extract<ToWorker, { type: 'start' }>): Promise<void> {
    try {
      const choice = await startBackend(backend, { flow: config.flow, layers: config.layers, hidden: config.hidden, batch: config.batch });
      post({ type: 'backend', name: choice.name, skipped: choice.skipped, measured: choice.measured });
      const lost = (reason: string) => s.backendLost(reason);
      const s = new Scheduler(post, choice.name, workerParts(family, lost), family);
      watchBackendLoss(choice.name, lost);
      for (const msg of early.splice(0)) s.handle(msg);
      scheduler = s;
      await s.loop();
    } catch (err) {
      post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
    }
  }
}

serve(self as unknown as DedicatedWorkerGlobalScope);
