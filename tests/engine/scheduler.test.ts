import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackendChoice, BackendName } from '../../src/core/backend';
import type { CustomPoints, Family, FromWorker, RunConfig, RunInfo } from '../../src/engine/protocol';
import { Scheduler, type SchedulerParts } from '../../src/engine/scheduler';
import type { Session } from '../../src/engine/session';
import { nextDueTask, type ReadbackTask } from '../../src/engine/tasks';
import type { WeightSnapshot } from '../../src/engine/weight-snapshot';
import { runConfig } from './helpers/run-config';

/*
 * The worker's scheduler as a state machine, with a fake session (no
 * TensorFlow.js, no browser): what each message does to the run, that Step is
 * one round, that a failing step or read-back is reported and survivable, and
 * that a lost device moves the run to the next backend with its weights.
 */

const CONFIG = runConfig({ layers: 4, hidden: 8, lr: 0.01, batch: 64, vae: true });

/** A variable as the snapshot and slice timer see it: a size and an async read. */
function fakeVariable(value: number) {
  return { size: 2, shape: [2], dtype: 'float32', data: async () => new Float32Array([value, value]) };
}

/** Two models in lockstep, like flow + VAE; a step can be made to throw. */
class FakeSession {
  version = 0;
  disposed = false;
  failNextStep: Error | null = null;
  warmupFrom = 0;
  readonly runs;
  readonly flow = { layers: [{ kind: 'coupling' }], needsDataInit: false };
  readonly info: RunInfo;

  constructor(
    readonly config: RunConfig,
    readonly gen: number,
    readonly restored: WeightSnapshot | null,
    readonly custom: CustomPoints | null = null,
  ) {
    this.config = { ...config };
    this.runs = (['flow', 'vae'] as const).map((family) => ({
      family,
      model: { variables: [fakeVariable(gen)] },
      msPerStep: 0,
      steps: restored?.runs[family]?.steps ?? 0,
    }));
    this.info = {
      gen,
      config: this.config,
      datasetLabel: 'moons',
      floor: null,
      floorLabel: 'entropy floor',
      dataWarning: null,
      loadedFrom: null,
      box: { x0: -1, x1: 1, y0: -1, y1: 1 },
      points: new Float32Array(4),
      families: this.families,
      layerKinds: ['coupling'],
      morph: { samples: 1, lines: 0, pointsPerLine: 0 },
    };
  }

  get families() {
    return this.runs.map((r) => r.family);
  }

  get steps(): number {
    return Math.min(...this.runs.map((r) => r.steps));
  }

  stepLaggard(): void {
    if (this.failNextStep) {
      const err = this.failNextStep;
      this.failNextStep = null;
      throw err;
    }
    let run = this.runs[0];
    for (const r of this.runs) if (r.steps < run.steps) run = r;
    run.steps += 1;
    this.version += 1;
  }

  applyLive(config: RunConfig): void {
    this.config.lr = config.lr;
  }

  dispose(): void {
    this.disposed = true;
  }
}

interface Harness {
  scheduler: Scheduler;
  posted: FromWorker[];
  sessions: FakeSession[];
  fallBack: ReturnType<typeof vi.fn>;
  last<T extends FromWorker['type']>(type: T): Extract<FromWorker, { type: T }> | undefined;
  /** Let the loop run until `check` holds. */
  until(check: () => boolean): Promise<void>;
}

const running: Scheduler[] = [];

function harness(options: { backend?: BackendName; failBuild?: boolean; failTask?: boolean; fallBackTo?: BackendName | null; trains?: Family } = {}): Harness {
  const posted: FromWorker[] = [];
  const sessions: FakeSession[] = [];
  const fallBack = vi.fn(async (lost: BackendName): Promise<BackendChoice> => {
    if (options.fallBackTo === null) throw new Error(`nothing after ${lost} starts`);
    return { name: options.fallBackTo ?? 'wasm', skipped: [] };
  });
  const parts: SchedulerParts = {
    session: (config, gen, custom, _loaded, restored) => {
      if (options.failBuild) throw new Error('out of memory');
      const s = new FakeSession(config, gen, restored, custom);
      sessions.push(s);
      return s as unknown as Session;
    },
    tasks: (session) => [
      {
        id: 'losses',
        intervalMs: 250,
        maxShare: 0.1,
        lastRunAt: -Infinity,
        lastDurationMs: 0,
        lastVersion: -1,
        run: async (): Promise<FromWorker[]> => {
          if (options.failTask) throw new Error('read rejected');
          return [{ type: 'losses', gen: session.gen, step: session.steps, losses: {} }];
        },
      },
    ],
    fallBack,
  };
  const scheduler = new Scheduler((msg) => posted.push(msg), options.backend ?? 'wasm', parts, options.trains);
  running.push(scheduler);
  void scheduler.loop();
  return {
    scheduler,
    posted,
    sessions,
    fallBack,
    last: (type) => [...posted].reverse().find((m) => m.type === type) as never,
    until: (check) => vi.waitFor(() => expect(check()).toBe(true), { timeout: 5000, interval: 5 }),
  };
}

afterEach(() => {
  // The loops never end; paused, they wait for a message and cost nothing.
  for (const s of running.splice(0)) s.handle({ type: 'pause' });
});

describe('Scheduler', () => {
  it('builds the run on start and posts it, its progress and the worker diagnostics', async () => {
    const h = harness();
    h.scheduler.handle({ type: 'start', backend: 'wasm', config: CONFIG, running: false, family: 'flow' });
    await h.until(() => h.last('progress') !== undefined);
    expect(h.sessions).toHaveLength(1);
    expect(h.last('run')).toMatchObject({ gen: 1, config: CONFIG, families: ['flow', 'vae'], layerKinds: ['coupling'] });
    expect(h.last('progress')).toMatchObject({ gen: 1, step: 0, running: false });
    const diagnostics = h.last('diagnostics');
    expect(diagnostics?.tensors).toEqual(expect.any(Number));
  });

  it('takes exactly one round per Step while paused, then runs the read-backs', async () => {
    const h = harness();
    h.scheduler.handle({ type: 'start', backend: 'wasm', config: CONFIG, running: false, family: 'flow' });
    await h.until(() => h.last('losses') !== undefined);
    h.scheduler.handle({ type: 'step' });
    h.scheduler.handle({ type: 'step' });
    await h.until(() => h.last('progress')?.step === 2 && h.last('losses')?.step === 2);
    const s = h.sessions[0];
    expect(s.runs.map((r) => r.steps)).toEqual([2, 2]);
    await new Promise((r) => setTimeout(r, 50));
    expect(s.steps, 'no step without a Step or Play').toBe(2);
  });

  it('trains while playing and stops at Pause', async () => {
    const h = harness();
    h.scheduler.handle({ type: 'start', backend: 'wasm', config: CONFIG, running: true, family: 'flow' });
    await h.until(() => (h.sessions[0]?.steps ?? 0) > 50);
    h.scheduler.handle({ type: 'pause' });
    expect(h.last('progress')).toMatchObject({ running: false, stepsPerSec: 0 });
    const stopped = h.sessions[0].steps;
    await new Promise((r) => setTimeout(r, 50));
    // At most the round under way when Pause arrived is finished.
    expect(h.sessions[0].steps - stopped).toBeLessThanOrEqual(1);
  });

  it('changes only the learning rate in place; any other setting, or Reset, builds a new run', async () => {
    const h = harness();
    h.scheduler.handle({ type: 'start', backend: 'wasm', config: CONFIG, running: false, family: 'flow' });
    await h.until(() => h.sessions.length === 1);
    h.scheduler.handle({ type: 'step' });
    await h.until(() => h.sessions[0].steps === 1);

    h.scheduler.handle({ type: 'configure', config: { ...CONFIG, lr: 0.003 } });
    await new Promise((r) => setTimeout(r, 20));
    expect(h.sessions).toHaveLength(1);
    expect(h.sessions[0].config.lr).toBe(0.003);

    h.scheduler.handle({ type: 'configure', config: { ...CONFIG, lr: 0.003, layers: 8 } });
    await h.until(() => h.sessions.length === 2);
    // The replaced run is kept aside for Undo, not disposed yet…
    expect(h.sessions[0].disposed).toBe(false);
    expect(h.sessions[1]).toMatchObject({ gen: 2, config: { layers: 8, lr: 0.003 } });

    h.scheduler.handle({ type: 'reset' });
    await h.until(() => h.sessions.length === 3);
    expect(h.sessions[2]).toMatchObject({ gen: 3, config: { layers: 8 } });
    expect(h.last('run')?.gen).toBe(3);
    // …but Reset offers no Undo: the run it replaced and the one kept aside are both let go.
    expect(h.sessions[0].disposed).toBe(true);
    expect(h.sessions[1].disposed).toBe(true);
    expect(h.sessions[2].disposed).toBe(false);
  });

  it('drops Steps asked for before a new run, keeps one asked for after it', async () => {
    const h = harness();
    h.scheduler.handle({ type: 'start', backend: 'wasm', config: CONFIG, running: false, family: 'flow' });
    await h.until(() => h.sessions.length === 1);
    // One turn of the loop: all four arrive before it builds the new run.
    h.scheduler.handle({ type: 'step' });
    h.scheduler.handle({ type: 'step' });
    h.scheduler.handle({ type: 'reset' });
    h.scheduler.handle({ type: 'step' });
    await h.until(() => h.sessions.length === 2 && h.sessions[1].steps === 1);
    await new Promise((r) => setTimeout(r, 30));
    expect(h.sessions[1].steps).toBe(1);
  });

  it('a step that throws stops training with a fatal message; Reset starts a working run', async () => {
    const h = harness();
    h.scheduler.handle({ type: 'start', backend: 'wasm', config: CONFIG, running: true, family: 'flow' });
    await h.until(() => (h.sessions[0]?.steps ?? 0) > 3);
    h.sessions[0].failNextStep = new Error('kernel Exp failed');
    await h.until(() => h.last('fatal') !== undefined);
    expect(h.last('fatal')?.message).toBe('training failed: kernel Exp failed');
    const stopped = h.sessions[0].steps;
    await new Promise((r) => setTimeout(r, 30));
    expect(h.sessions[0].steps, 'training stopped').toBe(stopped);

    h.scheduler.handle({ type: 'reset' });
    h.scheduler.handle({ type: 'step' });
    await h.until(() => h.sessions.length === 2 && h.sessions[1].steps === 1);
  });

  it('a run that cannot be built is a fatal message, and the loop lives on', async () => {
    const h = harness({ failBuild: true });
    h.scheduler.handle({ type: 'start', backend: 'wasm', config: CONFIG, running: false, family: 'flow' });
    await h.until(() => h.last('fatal') !== undefined);
    expect(h.last('fatal')?.message).toBe('could not build the models: out of memory');
    h.scheduler.handle({ type: 'reset' });
    await h.until(() => h.posted.filter((m) => m.type === 'fatal').length === 2);
  });

  it('a read-back that fails is a notice naming it; training goes on', async () => {
    const h = harness({ failTask: true });
    h.scheduler.handle({ type: 'start', backend: 'wasm', config: CONFIG, running: false, family: 'flow' });
    await h.until(() => h.last('notice') !== undefined);
    expect(h.last('notice')).toEqual({ type: 'notice', gen: 1, message: 'losses read-back failed: read rejected' });
    h.scheduler.handle({ type: 'step' });
    await h.until(() => h.last('progress')?.step === 1);
    expect(h.last('fatal')).toBeUndefined();
  });

  it('a lost GPU moves the run to the next backend, same generation, from the saved weights', async () => {
    const h = harness({ backend: 'webgpu', fallBackTo: 'webgl' });
    h.scheduler.handle({ type: 'start', backend: 'webgpu', config: CONFIG, running: false, family: 'flow' });
    await h.until(() => h.sessions.length === 1);
    for (let i = 0; i < 3; i++) h.scheduler.handle({ type: 'step' });
    await h.until(() => h.sessions[0].steps === 3);
    // Paused on a GPU backend, the weights are copied out once per new step: give the loop its turn.
    await new Promise((r) => setTimeout(r, 30));

    h.scheduler.backendLost('the WebGPU device was lost (destroyed)');
    await h.until(() => h.sessions.length === 2);
    expect(h.fallBack).toHaveBeenCalledWith('webgpu');
    const rebuilt = h.sessions[1];
    expect(rebuilt.gen, 'the page keeps its run and curves').toBe(1);
    expect(rebuilt.restored?.runs.flow).toEqual({ steps: 3, values: new Float32Array([1, 1]) });
    expect(rebuilt.steps).toBe(3);
    expect(h.last('backend')).toEqual({ type: 'backend', name: 'webgl', skipped: [{ name: 'webgpu', reason: 'the WebGPU device was lost (destroyed)' }] });
    await h.until(() => /continues/.test(h.last('notice')?.message ?? ''));
    expect(h.last('notice')?.message).toBe('The WebGPU device was lost (destroyed): training continues on webgl from step 3.');
    expect(h.posted.filter((m) => m.type === 'run')).toHaveLength(1);

    h.scheduler.handle({ type: 'step' });
    await h.until(() => rebuilt.steps === 4);
  });

  it('a second settings change keeps only the newest replaced run aside', async () => {
    const h = harness();
    h.scheduler.handle({ type: 'start', backend: 'wasm', config: CONFIG, running: false, family: 'flow' });
    await h.until(() => h.sessions.length === 1);
    h.scheduler.handle({ type: 'configure', config: { ...CONFIG, layers: 8 } });
    await h.until(() => h.sessions.length === 2);
    h.scheduler.handle({ type: 'configure', config: { ...CONFIG, layers: 6 } });
    await h.until(() => h.sessions.length === 3);
    expect(h.sessions.map((x) => x.disposed)).toEqual([true, false, false]);
  });

  it('a lost GPU also drops the run kept aside for Undo: its tensors died with the device', async () => {
    const h = harness({ backend: 'webgpu', fallBackTo: 'webgl' });
    h.scheduler.handle({ type: 'start', backend: 'webgpu', config: CONFIG, running: false, family: 'flow' });
    await h.until(() => h.sessions.length === 1);
    h.scheduler.handle({ type: 'configure', config: { ...CONFIG, layers: 8 } });
    await h.until(() => h.sessions.length === 2);
    expect(h.sessions[0].disposed, 'kept aside for Undo').toBe(false);

    h.scheduler.backendLost('the WebGPU device was lost (destroyed)');
    await h.until(() => h.sessions.length === 3);
    expect(h.sessions[0].disposed).toBe(true);
    h.scheduler.handle({ type: 'restore-run', gen: 1 });
    await h.until(() => /no longer kept/.test(h.last('notice')?.message ?? ''));
    expect(h.sessions).toHaveLength(3);
  });

  it('new points rebuild a run that trains on custom data (the old one kept for Undo); a toy run only keeps them for later', async () => {
    const h = harness();
    h.scheduler.handle({ type: 'start', backend: 'wasm', config: CONFIG, running: false, family: 'flow' });
    await h.until(() => h.sessions.length === 1);
    const drawn = new Float32Array([1, 2, 3, 4]);
    h.scheduler.handle({ type: 'set-data', label: 'drawn', points: drawn });
    h.scheduler.handle({ type: 'step' });
    await h.until(() => h.sessions[0].steps === 1);
    expect(h.sessions, 'moons does not use the points').toHaveLength(1);

    h.scheduler.handle({ type: 'configure', config: { ...CONFIG, dataset: 'custom' } });
    await h.until(() => h.sessions.length === 2);
    expect(h.sessions[1].custom).toEqual({ label: 'drawn', points: drawn });

    const imported = new Float32Array([5, 6]);
    h.scheduler.handle({ type: 'set-data', label: 'mine.csv', points: imported });
    await h.until(() => h.sessions.length === 3);
    expect(h.sessions[2]).toMatchObject({ gen: 3, config: { dataset: 'custom' }, custom: { label: 'mine.csv', points: imported } });
    expect(h.sessions.map((x) => x.disposed), 'only the newest replaced run is kept').toEqual([true, false, false]);
  });

  it('Undo that arrives before the settings change is applied keeps the current run and drops the change', async () => {
    const h = harness();
    h.scheduler.handle({ type: 'start', backend: 'wasm', config: CONFIG, running: true, family: 'flow' });
    await h.until(() => (h.sessions[0]?.steps ?? 0) > 2);
    // Same turn of the loop: the change is still pending when the Undo is seen.
    h.scheduler.handle({ type: 'configure', config: { ...CONFIG, layers: 8 } });
    h.scheduler.handle({ type: 'restore-run', gen: 1 });
    await h.until(() => h.last('progress')?.running === false);
    expect(h.sessions).toHaveLength(1);
    expect(h.posted.filter((m) => m.type === 'run').map((m) => m.gen), 'the run is posted again for the page').toEqual([1, 1]);
    // The dropped change is not what Reset rebuilds.
    h.scheduler.handle({ type: 'reset' });
    await h.until(() => h.sessions.length === 2);
    expect(h.sessions[1].config.layers).toBe(4);
  });

  it('a model file that cannot be read is a load-failed message; the run and its steps are untouched', async () => {
    const h = harness();
    h.scheduler.handle({ type: 'start', backend: 'wasm', config: CONFIG, running: false, family: 'flow' });
    await h.until(() => h.sessions.length === 1);
    h.scheduler.handle({ type: 'step' });
    await h.until(() => h.sessions[0].steps === 1);
    h.scheduler.handle({ type: 'load-model', fileName: 'broken.json', text: '{"format": ' });
    await h.until(() => h.last('load-failed') !== undefined);
    expect(h.last('load-failed')).toMatchObject({ fileName: 'broken.json', message: expect.stringMatching(/\S/) });
    expect(h.last('load-failed')?.message).not.toMatch(/\n\s+at /);
    expect(h.sessions).toHaveLength(1);
    expect(h.sessions[0].disposed).toBe(false);
    h.scheduler.handle({ type: 'step' });
    await h.until(() => h.sessions[0].steps === 2);
    expect(h.last('fatal')).toBeUndefined();
  });

  it('a lost GPU with no backend left is a fatal message', async () => {
    const h = harness({ backend: 'webgl', fallBackTo: null });
    h.scheduler.handle({ type: 'start', backend: 'webgl', config: CONFIG, running: false, family: 'flow' });
    await h.until(() => h.sessions.length === 1);
    h.scheduler.backendLost('the WebGL context was lost');
    await h.until(() => h.last('fatal') !== undefined);
    expect(h.last('fatal')?.message).toBe('the WebGL context was lost, and no other backend could start: nothing after webgl starts');
  });
});

describe('Scheduler of a baseline’s worker (it follows the flow worker’s runs)', () => {
  const start = (h: Harness, running = false) => h.scheduler.handle({ type: 'start', backend: 'wasm', config: CONFIG, running, family: 'vae' });

  it('builds nothing of its own: each run is the one it is told to follow, under that number', async () => {
    const h = harness({ trains: 'vae' });
    start(h);
    await new Promise((r) => setTimeout(r, 30));
    expect(h.sessions, 'no run before a follow').toHaveLength(0);
    h.scheduler.handle({ type: 'follow', gen: 7, config: CONFIG, share: 1 });
    await h.until(() => h.last('progress')?.gen === 7);
    expect(h.sessions).toHaveLength(1);
    expect(h.sessions[0].gen).toBe(7);

    // Reset and a model file are the flow worker's to decide; their run arrives as the next follow.
    h.scheduler.handle({ type: 'reset' });
    h.scheduler.handle({ type: 'load-model', fileName: 'm.json', text: '{}' });
    await new Promise((r) => setTimeout(r, 30));
    expect(h.sessions).toHaveLength(1);
    expect(h.last('load-failed')).toBeUndefined();
    h.scheduler.handle({ type: 'follow', gen: 8, config: { ...CONFIG, layers: 2 }, share: 1 });
    await h.until(() => h.sessions.length === 2);
    expect(h.sessions[1]).toMatchObject({ gen: 8, config: { layers: 2 } });
  });

  it('takes a live setting in place, and no other setting until told to follow', async () => {
    const h = harness({ trains: 'vae' });
    start(h);
    h.scheduler.handle({ type: 'follow', gen: 1, config: CONFIG, share: 1 });
    await h.until(() => h.sessions.length === 1);
    h.scheduler.handle({ type: 'configure', config: { ...CONFIG, lr: 0.003 } });
    h.scheduler.handle({ type: 'configure', config: { ...CONFIG, lr: 0.003, layers: 8 } });
    await new Promise((r) => setTimeout(r, 30));
    expect(h.sessions).toHaveLength(1);
    expect(h.sessions[0].config.lr).toBe(0.003);
    // The same run again (a live change the flow's worker made): nothing rebuilt.
    h.scheduler.handle({ type: 'follow', gen: 1, config: { ...CONFIG, lr: 0.001 }, share: 1 });
    await h.until(() => h.sessions[0].config.lr === 0.001);
    expect(h.sessions).toHaveLength(1);
  });

  it('trains and pauses like the flow’s worker, and brings a replaced run back when its number is followed again (Undo)', async () => {
    const h = harness({ trains: 'vae' });
    start(h, true);
    h.scheduler.handle({ type: 'follow', gen: 1, config: CONFIG, share: 1 });
    await h.until(() => (h.sessions[0]?.steps ?? 0) > 20);
    h.scheduler.handle({ type: 'pause' });
    const trained = h.sessions[0].steps;
    h.scheduler.handle({ type: 'follow', gen: 2, config: { ...CONFIG, layers: 8 }, share: 1 });
    await h.until(() => h.sessions.length === 2);
    expect(h.sessions[0].disposed, 'kept aside').toBe(false);
    h.scheduler.handle({ type: 'follow', gen: 1, config: CONFIG, share: 1 });
    await h.until(() => h.last('progress')?.gen === 1 && h.last('progress')?.step === trained);
    expect(h.sessions, 'brought back, not rebuilt').toHaveLength(2);
    expect(h.sessions[0].disposed).toBe(false);
  });

  it('a Step right after Reset is the next run’s, not the run being replaced (as in the flow’s worker)', async () => {
    const h = harness({ trains: 'vae' });
    start(h);
    h.scheduler.handle({ type: 'follow', gen: 1, config: CONFIG, share: 1 });
    await h.until(() => h.sessions.length === 1);
    h.scheduler.handle({ type: 'run-coming' });
    h.scheduler.handle({ type: 'step' });
    await new Promise((r) => setTimeout(r, 30));
    expect(h.sessions[0].steps, 'the run being replaced takes no step').toBe(0);
    h.scheduler.handle({ type: 'follow', gen: 2, config: CONFIG, share: 1 });
    await h.until(() => h.sessions[1]?.steps === 1);
    expect(h.sessions[0].steps).toBe(0);
  });

  it('a Step after a change that is not live waits for the new run; after a refused model file, the run in hand takes it', async () => {
    const h = harness({ trains: 'vae' });
    start(h);
    h.scheduler.handle({ type: 'follow', gen: 1, config: CONFIG, share: 1 });
    await h.until(() => h.sessions.length === 1);
    h.scheduler.handle({ type: 'configure', config: { ...CONFIG, layers: 8 } });
    h.scheduler.handle({ type: 'step' });
    h.scheduler.handle({ type: 'step' });
    await new Promise((r) => setTimeout(r, 30));
    expect(h.sessions[0].steps).toBe(0);
    h.scheduler.handle({ type: 'follow', gen: 2, config: { ...CONFIG, layers: 8 }, share: 1 });
    await h.until(() => h.sessions[1]?.steps === 2);
    // A model file the flow's worker refuses: the page follows the run in hand again.
    h.scheduler.handle({ type: 'run-coming' });
    h.scheduler.handle({ type: 'step' });
    h.scheduler.handle({ type: 'follow', gen: 2, config: { ...CONFIG, layers: 8 }, share: 1 });
    await h.until(() => h.sessions[1].steps === 3);
    expect(h.sessions, 'nothing rebuilt').toHaveLength(2);
  });

  it('a step that throws is a fatal message of its own worker; the next run it follows trains again', async () => {
    const h = harness({ trains: 'vae' });
    start(h, true);
    h.scheduler.handle({ type: 'follow', gen: 1, config: CONFIG, share: 1 });
    await h.until(() => (h.sessions[0]?.steps ?? 0) > 3);
    h.sessions[0].failNextStep = new Error('kernel Exp failed');
    await h.until(() => h.last('fatal') !== undefined);
    expect(h.last('fatal'), 'the failure names its run, so the page can drop it once it shows a newer one').toMatchObject({ gen: 1, message: 'training failed: kernel Exp failed' });
    h.scheduler.handle({ type: 'follow', gen: 2, config: CONFIG, share: 1 });
    h.scheduler.handle({ type: 'step' });
    await h.until(() => h.sessions.length === 2 && h.sessions[1].steps === 1);
  });
});

describe('nextDueTask', () => {
  const task = (id: string, fields: Partial<ReadbackTask> = {}): ReadbackTask => ({
    id,
    intervalMs: 100,
    maxShare: 0.1,
    lastRunAt: -Infinity,
    lastDurationMs: 0,
    lastVersion: -1,
    run: async () => [],
    ...fields,
  });

  it('paused: the first task that has not seen this version, intervals ignored', () => {
    const tasks = [task('a', { lastVersion: 5 }), task('b', { lastRunAt: 999, lastVersion: 4 }), task('c')];
    expect(nextDueTask(tasks, 5, false, 1000)?.id).toBe('b');
    expect(nextDueTask([task('a', { lastVersion: 5 })], 5, false, 1000)).toBeNull();
  });

  it('training: only tasks past their interval, the most overdue relative to it first', () => {
    const tasks = [task('fast', { intervalMs: 100, lastRunAt: 800, lastVersion: 1 }), task('slow', { intervalMs: 1000, lastRunAt: 0, lastVersion: 1 })];
    // fast: 200/100 = 2 intervals late; slow: 1000/1000 = 1.
    expect(nextDueTask(tasks, 2, true, 1000)?.id).toBe('fast');
    expect(nextDueTask(tasks, 2, true, 850), 'none due yet').toBeNull();
  });

  it('training: a task that has described this version waits for the next step, however overdue', () => {
    const seen = task('seen', { lastRunAt: 0, lastVersion: 7 });
    expect(nextDueTask([seen], 7, true, 60_000)).toBeNull();
    expect(nextDueTask([seen], 8, true, 60_000)?.id).toBe('seen');
    // Ties of lateness go to the task listed first (the table is in priority order).
    expect(nextDueTask([task('first', { lastRunAt: 0 }), task('second', { lastRunAt: 0 })], 1, true, 500)?.id).toBe('first');
  });

  it('stretches the interval of a costly task to keep its share, up to 8 s', () => {
    // 500 ms per run at a 10 % share: at most every 5 s.
    const costly = task('costly', { intervalMs: 100, lastDurationMs: 500, lastRunAt: 0, lastVersion: 1 });
    expect(nextDueTask([costly], 2, true, 4999)).toBeNull();
    expect(nextDueTask([costly], 2, true, 5001)?.id).toBe('costly');
    const huge = task('huge', { intervalMs: 100, lastDurationMs: 10_000, lastRunAt: 0, lastVersion: 1 });
    expect(nextDueTask([huge], 2, true, 8001)?.id, 'never staler than 8 s').toBe('huge');
  });
});
