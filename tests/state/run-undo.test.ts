import { describe, expect, it } from 'vitest';
import { receiveWorkerMessage } from '../../src/state/receive';
import { describeUndo, runSettingsChanged, undoFor } from '../../src/state/run-undo';
import { defaultSettings } from '../../src/state/settings';
import { createAppStore } from '../../src/state/store';
import { CONFIG, runMessage } from './helpers/run-message';

/** The page's defaults: the flow and depth an Undo must bring back. */
const DEFAULT = defaultSettings();

function trainedStore(steps: number) {
  const store = createAppStore();
  receiveWorkerMessage(store, runMessage(1));
  receiveWorkerMessage(store, { type: 'progress', gen: 1, step: steps, running: false, stepsPerSec: 0, msPerStep: {} });
  receiveWorkerMessage(store, { type: 'evaluation', gen: 1, step: steps, family: 'flow', figures: [{ id: 'nll', label: 'NLL', kind: 'exact', value: 2.6, se: 0.01, count: 5120 }] });
  return store;
}

describe('which changes discard a run', () => {
  const base = { settings: defaultSettings(), custom: null };
  it.each([
    ['flow', { flow: 'glow' }, ['Flow'], false],
    ['dataset', { dataset: 'rings' }, ['Dataset'], false],
    ['layers and hidden', { layers: 16, hidden: 32 }, ['Layers', 'Hidden units'], false],
    ['backend (a new worker)', { backend: 'cpu' }, ['Backend override'], true],
    ['learning rate (live)', { lr: 1e-3 }, [], false],
    ['projector mode (view)', { projector: true }, [], false],
  ] as const)('%s', (_what, change, changed, restart) => {
    const r = runSettingsChanged(base, { settings: { ...base.settings, ...change }, custom: null });
    expect(r.changed).toEqual(changed);
    expect(r.restart).toBe(restart);
  });

  it('the user’s own points count as a change', () => {
    expect(runSettingsChanged(base, { ...base, custom: { label: 'mine', points: new Float32Array(20) } }).changed).toEqual(['Your data']);
  });

  it('only when there is something to lose: a run with steps, not failed', () => {
    const after = { settings: { ...base.settings, flow: 'glow' as const }, custom: null };
    const run = { gen: 4 };
    expect(undoFor({ ...base, step: 0, run, error: null }, after)).toBeNull();
    expect(undoFor({ ...base, step: 10, run: null, error: null }, after)).toBeNull();
    expect(undoFor({ ...base, step: 10, run, error: 'broken' }, after)).toBeNull();
    const u = undoFor({ ...base, step: 1234, run, error: null }, after)!;
    expect(u).toMatchObject({ changed: ['Flow'], steps: 1234, gen: 4, restorable: true });
    expect(describeUndo(u)).toBe('Changing Flow started a new run and put aside the previous one (1,234 trained steps).');
    const backend = undoFor({ ...base, step: 5, run, error: null }, { ...base, settings: { ...base.settings, backend: 'cpu' } })!;
    expect(backend.restorable).toBe(false);
    expect(describeUndo(backend)).toMatch(/discarded 5 trained steps/);
  });
});

describe('Undo in the store', () => {
  it('a flow change after training leaves an Undo; Undo puts the settings back and the restored run shows its curves again', () => {
    const store = trainedStore(300);
    const curves = store.getState().curves;
    store.getState().setSetting('flow', 'nice');
    const undo = store.getState().runUndo!;
    expect(undo).toMatchObject({ changed: ['Flow', 'Layers'], steps: 300, gen: 1, restorable: true }); // a flow brings its own depth
    expect(undo.settings.flow).toBe(DEFAULT.flow);

    // The new run arrives; the page shows it from scratch.
    receiveWorkerMessage(store, runMessage(2, { ...CONFIG, flow: 'nice', layers: 8 }));
    expect(store.getState().curves).toEqual([]);
    expect(store.getState().runUndo, 'still offered while the new run trains').not.toBeNull();

    store.getState().beginUndo();
    expect(store.getState().settings).toMatchObject({ flow: DEFAULT.flow, layers: DEFAULT.layers });
    expect(store.getState().runUndo).toBeNull();
    // A message of the discarded run is ignored; the restored run's message brings back its view.
    receiveWorkerMessage(store, { type: 'progress', gen: 2, step: 9, running: false, stepsPerSec: 0, msPerStep: {} });
    receiveWorkerMessage(store, runMessage(1));
    const s = store.getState();
    expect(s.curves).toBe(curves);
    expect(s.step).toBe(300);
    expect(s.evaluations.flow?.figures[0].value).toBe(2.6);
    expect(s.restoring).toBeNull();
  });

  it('no Undo for a change at step 0, for the learning rate, or for view settings; a second run change replaces the first Undo', () => {
    const fresh = createAppStore();
    receiveWorkerMessage(fresh, runMessage(1));
    fresh.getState().setSetting('dataset', 'rings');
    expect(fresh.getState().runUndo).toBeNull();

    const store = trainedStore(50);
    store.getState().setSetting('lr', 1e-3);
    store.getState().setSetting('projector', true);
    expect(store.getState().runUndo).toBeNull();
    store.getState().setSetting('dataset', 'rings');
    expect(store.getState().runUndo?.changed).toEqual(['Dataset']);
    // The new run has no steps yet: changing again leaves nothing to undo, and the old Undo is gone
    // (the worker now keeps the rings run aside, not the moons one).
    receiveWorkerMessage(store, runMessage(2, { ...CONFIG, dataset: 'rings' }));
    store.getState().setSetting('seed', 5);
    expect(store.getState().runUndo).toBeNull();
  });

  it('changing flow and layers together (a suggestion) is one change with one Undo', () => {
    const store = trainedStore(2000);
    store.getState().changeSettings({ flow: 'glow', layers: 16 });
    expect(store.getState().settings).toMatchObject({ flow: 'glow', layers: 16 });
    expect(store.getState().runUndo).toMatchObject({ changed: ['Flow', 'Layers'], steps: 2000 });
    expect(store.getState().runUndo?.settings).toMatchObject({ flow: DEFAULT.flow, layers: DEFAULT.layers });
  });
});
