import { describe, expect, it } from 'vitest';
import type { FromWorker, RunConfig } from '../../src/engine/protocol';
import { Scheduler, type SchedulerParts } from '../../src/engine/scheduler';
import { Session } from '../../src/engine/session';
import { readbackTasks } from '../../src/engine/tasks';

const CONFIG: RunConfig = { target: 'data', energy: 'u1', dataset: 'moons', flow: 'realnvp', layers: 2, hidden: 16, lr: 3e-3, batch: 64, seed: 0, vae: false, gan: false, autoregressive: false };

/** The worker's real sessions and read-backs; no backend to fall back to (nothing is lost here). */
const REAL_PARTS: SchedulerParts = {
  session: (config, gen, custom, loaded, restored) => new Session(config, gen, custom, loaded, restored),
  tasks: readbackTasks,
  fallBack: () => Promise.reject(new Error('no fallback in this test')),
};

/** A scheduler in this thread, its loop running, every message it posts recorded. */
function startScheduler() {
  const messages: FromWorker[] = [];
  const s = new Scheduler((m) => messages.push(m), 'cpu', REAL_PARTS);
  void s.loop();
  const until = async <T extends FromWorker>(what: string, accept: (m: FromWorker) => m is T, from = 0): Promise<T> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const hit = messages.slice(from).find(accept);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no ${what}; got ${messages.map((m) => m.type).join(', ')}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return { s, messages, until };
}

const isRun = (gen: number) => (m: FromWorker): m is Extract<FromWorker, { type: 'run' }> => m.type === 'run' && m.gen === gen;
const isProgress = (gen: number, step: number) => (m: FromWorker): m is Extract<FromWorker, { type: 'progress' }> =>
  m.type === 'progress' && m.gen === gen && m.step === step;
const isWalkthrough = (gen: number, step: number) => (m: FromWorker): m is Extract<FromWorker, { type: 'walkthrough' }> =>
  m.type === 'walkthrough' && m.gen === gen && m.step === step;

describe('the scheduler keeps the replaced run aside for Undo', () => {
  it('a settings change, then Undo: the same run comes back, weights and step count intact', async () => {
    const { s, messages, until } = startScheduler();
    s.handle({ type: 'start', backend: 'cpu', config: CONFIG, running: false, family: 'flow' });
    await until('the first run', isRun(1));
    for (let i = 0; i < 3; i++) s.handle({ type: 'step' });
    await until('step 3', isProgress(1, 3));
    // What the run's next step looks like now: the same after Undo means the same weights and data stream.
    s.handle({ type: 'walkthrough' });
    const before = await until('a description of step 4', isWalkthrough(1, 3));

    s.handle({ type: 'configure', config: { ...CONFIG, flow: 'nice' } });
    await until('the new run', isRun(2));
    s.handle({ type: 'step' });
    await until('step 1 of the new run', isProgress(2, 1));

    const mark = messages.length;
    s.handle({ type: 'restore-run', gen: 1 });
    s.handle({ type: 'configure', config: CONFIG }); // the page's settings follow the Undo
    const back = await until('run 1 again', isRun(1), mark);
    expect(back.config.flow).toBe('realnvp');
    await until('its step count', isProgress(1, 3), mark);
    s.handle({ type: 'walkthrough' });
    const again = await until('step 4 described again', isWalkthrough(1, 3), mark);
    expect(again.loss).toBe(before.loss);
    expect(Array.from(again.path)).toEqual(Array.from(before.path));
    expect(messages.slice(mark).some((m) => m.type === 'run' && m.gen !== 1), 'the configure after Undo built nothing').toBe(false);

    s.handle({ type: 'step' });
    await until('training goes on from step 3', isProgress(1, 4), mark);
    expect(messages.some((m) => m.type === 'fatal')).toBe(false);
  });

  it('Undo of a run no longer kept says so and changes nothing', async () => {
    const { s, messages, until } = startScheduler();
    s.handle({ type: 'start', backend: 'cpu', config: CONFIG, running: false, family: 'flow' });
    await until('the first run', isRun(1));
    s.handle({ type: 'configure', config: { ...CONFIG, seed: 1 } });
    await until('run 2', isRun(2));
    s.handle({ type: 'configure', config: { ...CONFIG, seed: 2 } });
    await until('run 3', isRun(3));
    const mark = messages.length;
    s.handle({ type: 'restore-run', gen: 1 });
    const notice = await until('a notice', (m): m is Extract<FromWorker, { type: 'notice' }> => m.type === 'notice', mark);
    expect(notice.message).toMatch(/no longer kept/);
    expect(messages.slice(mark).some((m) => m.type === 'run')).toBe(false);
  });
});
