import { describe, expect, it } from 'vitest';
import { receiveWorkerMessage } from '../../src/state/receive';
import { storedPoints } from '../../src/state/series';
import { createAppStore } from '../../src/state/store';
import { CONFIG, runMessage } from './helpers/run-message';

describe('folding worker messages into the store', () => {
  it('a loaded model’s run sets the controls to its settings and drops the user’s points for its toy dataset', () => {
    const store = createAppStore();
    store.getState().setCustomData({ label: 'mine.csv', points: new Float32Array(20) });
    store.getState().setRunning(true);
    receiveWorkerMessage(store, runMessage(3, { ...CONFIG, dataset: 'pinwheel', flow: 'glow', layers: 3, hidden: 32, seed: 4 }, 'm.json'));
    const s = store.getState();
    expect(s.settings).toMatchObject({ dataset: 'pinwheel', flow: 'glow', layers: 3, hidden: 32, seed: 4 });
    expect(s.custom).toBeNull();
    expect(s.running).toBe(false);
    expect(s.run?.loadedFrom).toBe('m.json');
  });

  it('a run trained from scratch leaves the settings alone', () => {
    const store = createAppStore({ layers: 5 });
    receiveWorkerMessage(store, runMessage(1, { ...CONFIG, layers: 9 }));
    expect(store.getState().settings.layers).toBe(5);
  });

  it('a refused model file becomes a notice that says nothing changed', () => {
    const store = createAppStore();
    receiveWorkerMessage(store, { type: 'load-failed', fileName: 'x.json', message: 'not a model file' });
    expect(store.getState().notice).toBe('Could not load x.json: not a model file. The current model is unchanged.');
  });

  it('messages of an older run are dropped; the energy target and the reverse-KL curve (a bound) are kept', () => {
    const store = createAppStore();
    receiveWorkerMessage(store, runMessage(2, { ...CONFIG, target: 'energy' }));
    receiveWorkerMessage(store, { type: 'losses', gen: 1, step: 5, losses: { flow: { 'reverse-kl': 1 } } });
    expect(store.getState().curves).toEqual([]);
    receiveWorkerMessage(store, { type: 'losses', gen: 2, step: 5, losses: { flow: { 'reverse-kl': -1.2 } } });
    expect(store.getState().curves).toMatchObject([{ id: 'flow:train', kind: 'bound' }]);
    expect(storedPoints(store.getState().curves[0].points)).toEqual({ steps: [5], values: [-1.2] });
    receiveWorkerMessage(store, { type: 'target', gen: 2, size: 2, logDensity: new Float32Array([0, 1, 2, 3]) });
    expect(store.getState().target?.size).toBe(2);
  });
});
