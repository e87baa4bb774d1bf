import type { BackendName } from '../core/backend';
import { EngineClient } from '../engine/client';
import { baselineShare } from '../engine/cpu-share';
import type { Family, FromWorker, RunInfo, ToWorker } from '../engine/protocol';
import type { CustomData } from '../state/types';

/**
 * The baselines' workers (VAE, GAN, autoregressive): one per baseline the run
 * trains, so each has a core of its own instead of taking turns with the flow.
 * They follow the flow's worker: each run it posts is relayed to them
 * ('follow'), and they start on the backend it chose, so a run is one run in
 * every worker. A worker that died is started again with the next run.
 * They train in turns of work and rest so the flow keeps a core of its own
 * (engine/cpu-share.ts).
 */
export class BaselineWorkers {
  private readonly clients = new Map<Family, EngineClient>();

  constructor(private readonly onMessage: (family: Family, msg: FromWorker) => void) {}

  /**
   * Match the workers to `run`: stop those of baselines it does not train,
   * start the missing (or dead) ones, and tell each which run to train.
   */
  follow(run: RunInfo, backend: BackendName, running: boolean, custom: CustomData | null): void {
    const wanted: Family[] = run.families.filter((f) => f !== 'flow');
    // The flow keeps a core; the baselines share the rest (a browser that will not say has at least two).
    const share = baselineShare(navigator.hardwareConcurrency || 2, wanted.length);
    for (const [family, client] of this.clients) {
      if (wanted.includes(family)) continue;
      client.stop();
      this.clients.delete(family);
    }
    for (const family of wanted) {
      let client = this.clients.get(family);
      if (!client?.alive) {
        client = new EngineClient((msg) => this.onMessage(family, msg));
        client.start(backend, run.config, running, family);
        if (custom) client.send({ type: 'set-data', label: custom.label, points: custom.points });
        this.clients.set(family, client);
      }
      client.send({ type: 'follow', gen: run.gen, config: run.config, share });
    }
  }

  /** The same message to every baseline's worker (Play, Pause, Step, settings, the user's points). */
  broadcast(msg: ToWorker): void {
    // postMessage copies (nothing is transferred), so every worker gets its own points.
    for (const client of this.clients.values()) client.send(msg);
  }

  sendTo(family: Family, msg: ToWorker): void {
    this.clients.get(family)?.send(msg);
  }

  stop(): void {
    for (const client of this.clients.values()) client.stop();
    this.clients.clear();
  }
}
