import { describe, expect, it } from 'vitest';
import { dataMatch, figureAtLoad } from '../../src/state/loaded-model';
import { seriesOf } from './helpers/series-of';
import type { Series, WalkthroughFrame } from '../../src/state/types';
import { lossFormula, reportedStepLoss, stepFigures } from '../../src/state/walkthrough';

const FRAME: WalkthroughFrame = {
  step: 41,
  target: 'data',
  batchSize: 256,
  layers: 2,
  path: new Float32Array(3 * 512),
  meanLogBase: -2.9,
  meanLogDet: 0.65,
  meanEnergy: null,
  loss: 2.25,
  after: null,
};

const train = (steps: number[], values: number[]): Series => ({ id: 'flow:train', family: 'flow', label: 'Flow train NLL', kind: 'exact', split: 'train', points: seriesOf(steps, values) });

describe('the walkthrough’s figures', () => {
  it('grow phase by phase: batch, log N(z), Σ log|det|, loss', () => {
    expect(stepFigures(FRAME, 0).map((f) => f.name)).toEqual(['Batch size']);
    expect(stepFigures(FRAME, 2).map((f) => `${f.name} ${f.value}`)).toEqual(['Batch size 256', 'Mean log N(z; 0, I) −2.9000', 'Mean Σ log|det ∂z/∂x| 0.6500']);
    expect(stepFigures(FRAME, 4).at(-1)).toEqual({ name: 'Loss', value: '2.2500' });
    expect(lossFormula(FRAME)).toBe('loss = −(mean log N(z) + mean Σ log|det|) = −(−2.9000 + 0.6500) = 2.2500');
  });

  it('energy mode names the forward log-determinant and U', () => {
    const energy = { ...FRAME, target: 'energy' as const, meanEnergy: 1.5, loss: -2.05 };
    expect(stepFigures(energy, 3).map((f) => f.name)).toEqual(['Base draws z', 'Mean log N(z; 0, I)', 'Mean Σ log|det ∂x/∂z|', 'Mean U(x)', 'Loss']);
  });

  it('the trainer’s report of one step is its train point when the previous point is the step before', () => {
    expect(reportedStepLoss([train([40, 41, 42], [2.3, 2.25, 2.2])], 42)).toBe(2.2);
    expect(reportedStepLoss([train([30, 42], [2.3, 2.2])], 42), 'that read averaged 12 steps').toBeNull();
    expect(reportedStepLoss([train([1], [2.3])], 1)).toBe(2.3);
    expect(reportedStepLoss([train([2501], [2.3])], 2501, 2500), 'a loaded model’s first step').toBe(2.3);
    expect(reportedStepLoss([train([2501], [2.3])], 2501)).toBeNull();
    expect(reportedStepLoss([], 3)).toBeNull();
  });
});

describe('a loaded model and the page’s data', () => {
  const config = { target: 'data', energy: 'u1', dataset: 'moons', flow: 'realnvp', layers: 8, hidden: 64, lr: 3e-3, batch: 256, seed: 0, vae: false, gan: false, autoregressive: false } as const;
  const loaded = { fileName: 'm.json', flow: 'realnvp' as const, layers: 8, steps: 2499, trainedOn: 'checkerboard', trainedOnLabel: 'Checkerboard', adjusted: [] };
  it('same, switchable, unavailable, unknown', () => {
    expect(dataMatch({ config: { ...config, dataset: 'checkerboard' }, loaded })).toEqual({ kind: 'same' });
    expect(dataMatch({ config, loaded })).toEqual({ kind: 'switchable', label: 'Checkerboard' });
    expect(dataMatch({ config: { ...config, dataset: 'custom' }, loaded })).toEqual({ kind: 'switchable', label: 'Checkerboard' });
    expect(dataMatch({ config, loaded: { ...loaded, trainedOn: 'mine.csv', trainedOnLabel: null } })).toEqual({ kind: 'unavailable', name: 'mine.csv' });
    expect(dataMatch({ config, loaded: { ...loaded, trainedOn: '', trainedOnLabel: null } })).toEqual({ kind: 'unknown' });
    expect(dataMatch({ config: { ...config, target: 'energy', energy: 'u3' }, loaded: { ...loaded, trainedOn: 'u3', trainedOnLabel: 'U3' } })).toEqual({ kind: 'same' });
  });

  it('its figure at load is the first test point, if it is at the loaded step', () => {
    const test: Series = { id: 'flow:test:nll', family: 'flow', label: '', kind: 'exact', split: 'test', points: seriesOf([2499, 2600], [2.31, 2.3]) };
    expect(figureAtLoad([test], 2499)).toBe(2.31);
    expect(figureAtLoad([test], 100)).toBeNull();
    expect(figureAtLoad([], 2499)).toBeNull();
  });
});
