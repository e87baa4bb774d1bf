import { describe, expect, it } from 'vitest';
import { receiveWorkerMessage } from '../../src/state/receive';
import { storedPoints } from '../../src/state/series';
import { createAppStore } from '../../src/state/store';
import { CONFIG, runMessage } from './helpers/run-message';

/*
 * One worker per model: the flow's worker leads (backend, runs, the top bar's
 * step and speed), each baseline's reports on its model alone, at its own
 * step count, and fails alone.
 */

const WITH_BASELINES = { ...CONFIG, vae: true, gan: true };

function storeWithRun() {
  const store = createAppStore();
  receiveWorkerMessage(store, { ...runMessage(4, WITH_BASELINES), families: ['flow', 'vae', 'gan'] } as never);
  return store;
}

describe('messages of the models’ workers', () => {
  it('each model keeps its own step count and speed; the top bar’s step and speed are the flow’s', () => {
    const store = storeWithRun();
    receiveWorkerMessage(store, { type: 'progress', gen: 4, step: 120, running: true, stepsPerSec: 90, msPerStep: { flow: 10 } });
    receiveWorkerMessage(store, { type: 'progress', gen: 4, step: 70, running: true, stepsPerSec: 55, msPerStep: { vae: 4 } }, 'vae');
    receiveWorkerMessage(store, { type: 'progress', gen: 4, step: 40, running: true, stepsPerSec: 30, msPerStep: { gan: 8 } }, 'gan');
    const s = store.getState();
    expect(s.step).toBe(120);
    expect(s.stepsPerSec).toBe(90);
    expect(s.modelSteps).toEqual({ flow: 120, vae: 70, gan: 40 });
    expect(s.modelSpeed).toEqual({ flow: 90, vae: 55, gan: 30 });
    expect(s.msPerStep).toEqual({ flow: 10, vae: 4, gan: 8 });
    // The flow's rollback restarts its lr warm-up: the lr read-out follows the flow's worker, not a baseline's.
    receiveWorkerMessage(store, { type: 'progress', gen: 4, step: 130, running: true, stepsPerSec: 90, msPerStep: {}, warmupFrom: 125 });
    receiveWorkerMessage(store, { type: 'progress', gen: 4, step: 80, running: true, stepsPerSec: 55, msPerStep: {}, warmupFrom: 0 }, 'vae');
    expect(store.getState().warmupFrom).toBe(125);
  });

  it('each curve gets its points at its own model’s step', () => {
    const store = storeWithRun();
    receiveWorkerMessage(store, { type: 'losses', gen: 4, step: 120, losses: { flow: { nll: 2.6 } } });
    receiveWorkerMessage(store, { type: 'losses', gen: 4, step: 70, losses: { vae: { 'neg-elbo': 2.9 } } }, 'vae');
    const curves = store.getState().curves;
    expect(storedPoints(curves.find((c) => c.id === 'flow:train')!.points).steps).toEqual([120]);
    expect(storedPoints(curves.find((c) => c.id === 'vae:train')!.points).steps).toEqual([70]);
  });

  it('a baseline’s failure is its own: no page error, training goes on, the next run clears it, and a late failure of the old run is dropped', () => {
    const store = storeWithRun();
    store.getState().setRunning(true);
    receiveWorkerMessage(store, { type: 'fatal', message: 'training failed: kernel Exp failed' }, 'vae');
    expect(store.getState()).toMatchObject({ error: null, running: true, modelErrors: { vae: 'training failed: kernel Exp failed' } });
    receiveWorkerMessage(store, { ...runMessage(5, WITH_BASELINES), families: ['flow', 'vae', 'gan'] } as never);
    expect(store.getState().modelErrors).toEqual({});
    // The GAN's step of run 4 failed before its worker heard of run 5: not run 5's error. Run 5's own is.
    receiveWorkerMessage(store, { type: 'fatal', gen: 4, message: 'training failed: kernel Log failed' }, 'gan');
    expect(store.getState().modelErrors).toEqual({});
    receiveWorkerMessage(store, { type: 'fatal', gen: 5, message: 'training failed: kernel Log failed' }, 'gan');
    expect(store.getState().modelErrors).toEqual({ gan: 'training failed: kernel Log failed' });
    // The flow's failure is the page's.
    receiveWorkerMessage(store, { type: 'fatal', message: 'training failed: kernel Exp failed' });
    expect(store.getState()).toMatchObject({ error: 'training failed: kernel Exp failed', running: false });
  });

  it('a baseline’s run, backend and stale messages change nothing; its diagnostics are its own', () => {
    const store = storeWithRun();
    receiveWorkerMessage(store, { type: 'losses', gen: 4, step: 3, losses: { flow: { nll: 2.6 } } });
    receiveWorkerMessage(store, { type: 'backend', name: 'wasm', skipped: [] });
    const before = store.getState();
    receiveWorkerMessage(store, { ...runMessage(4, WITH_BASELINES), families: ['flow', 'vae', 'gan'] } as never, 'vae');
    receiveWorkerMessage(store, { type: 'backend', name: 'cpu', skipped: [] }, 'vae');
    receiveWorkerMessage(store, { type: 'progress', gen: 3, step: 9, running: true, stepsPerSec: 1, msPerStep: {} }, 'gan');
    const after = store.getState();
    expect(after.curves).toBe(before.curves);
    expect(after.backend.name).toBe('wasm');
    expect(after.modelSteps).toEqual({});

    receiveWorkerMessage(store, { type: 'diagnostics', tensors: 40, tensorBytes: 1000 });
    receiveWorkerMessage(store, { type: 'diagnostics', tensors: 12, tensorBytes: 300 }, 'gan');
    expect(store.getState().diagnostics).toEqual({ flow: { tensors: 40, tensorBytes: 1000 }, gan: { tensors: 12, tensorBytes: 300 } });
  });
});
