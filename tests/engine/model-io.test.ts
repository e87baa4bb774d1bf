import { describe, expect, it } from 'vitest';
import { buildFlow, recipeFor } from '../../src/core/flows/recipes';
import { serializeFlow } from '../../src/core/flows/model-file';
import { loadModelFile } from '../../src/engine/model-io';
import { runConfig } from './helpers/run-config';

const CURRENT = runConfig({ vae: true, gan: true, autoregressive: true });

async function fileOf(recipe: Parameters<typeof buildFlow>[0], dataset: string, settings: Record<string, unknown> = {}): Promise<string> {
  const flow = buildFlow(recipe, 11);
  try {
    return await serializeFlow(flow, { dataset, steps: 40, batch: 512, lr: 5e-3, seed: 4, backend: 'wasm', ...settings } as never);
  } finally {
    flow.dispose();
  }
}

describe('loading a model file into the app', () => {
  it('takes the run config from the file: its flow, size, data and training settings; no baselines', async () => {
    const result = loadModelFile(await fileOf(recipeFor('glow', { layers: 3, hidden: 32 }), 'pinwheel'), CURRENT);
    if (!result.ok) throw new Error(result.message);
    try {
      expect(result.config).toEqual({ ...CURRENT, dataset: 'pinwheel', flow: 'glow', layers: 3, hidden: 32, lr: 5e-3, batch: 512, seed: 4, vae: false, gan: false, autoregressive: false });
      expect(result.summary).toMatchObject({ flow: 'glow', layers: 3, steps: 40, trainedOn: 'pinwheel', trainedOnLabel: 'Pinwheel', adjusted: [] });
    } finally {
      result.flow.dispose();
    }
  });

  it('an energy-mode flow switches the page to energy fitting on its energy', async () => {
    const result = loadModelFile(await fileOf(recipeFor('planar', { layers: 4, mode: 'energy' }), 'u3'), CURRENT);
    if (!result.ok) throw new Error(result.message);
    try {
      expect(result.config).toMatchObject({ target: 'energy', energy: 'u3', flow: 'planar', layers: 4, hidden: CURRENT.hidden });
    } finally {
      result.flow.dispose();
    }
  });

  it('a flow trained on a CSV file keeps the current data and says so', async () => {
    const result = loadModelFile(await fileOf(recipeFor('realnvp', { layers: 2, hidden: 16 }), 'points/mine.csv'), CURRENT);
    if (!result.ok) throw new Error(result.message);
    try {
      expect(result.config.dataset).toBe('moons');
      expect(result.summary).toMatchObject({ trainedOn: 'points/mine.csv', trainedOnLabel: null });
    } finally {
      result.flow.dispose();
    }
  });

  it('keeps the user’s own points rather than throwing them away; the summary names the model’s data', async () => {
    const result = loadModelFile(await fileOf(recipeFor('realnvp', { layers: 2, hidden: 16 }), 'checkerboard'), { ...CURRENT, dataset: 'custom' });
    if (!result.ok) throw new Error(result.message);
    try {
      expect(result.config.dataset).toBe('custom');
      expect(result.summary).toMatchObject({ trainedOn: 'checkerboard', trainedOnLabel: 'Checkerboard' });
    } finally {
      result.flow.dispose();
    }
  });

  it('reads lr, batch and seed through the settings table: a CLI file with --batch 65536 --lr 0.5 is clamped, and says so', async () => {
    const text = await fileOf(recipeFor('realnvp', { layers: 2, hidden: 16 }), 'moons', { batch: 65536, lr: 0.5, seed: 7 });
    const result = loadModelFile(text, CURRENT);
    if (!result.ok) throw new Error(result.message);
    try {
      expect(result.config).toMatchObject({ batch: 1024, lr: 0.03, seed: 7 });
      expect(result.summary.adjusted).toEqual(['Learning rate: 0.5 → 0.03 (range 0.0001–0.03)', 'Batch size: 65536 → 1024 (powers of two, 16–1024)']);
    } finally {
      result.flow.dispose();
    }
  });

  it.each([
    ['a batch of 1e9', { batch: 1e9 }, { batch: 1024 }, /Batch size: 1000000000 → 1024/],
    ['a batch of 100 (not a power of two)', { batch: 100 }, { batch: 128 }, /Batch size: 100 → 128/],
    ['a learning rate below the slider', { lr: 1e-9 }, { lr: 1e-4 }, /Learning rate: 1e-9 → 0\.0001/],
    ['a seed past 2^31', { seed: 2 ** 40 }, { seed: 2 ** 31 - 1 }, /Seed: .* → 2147483647/],
  ])('%s is read into range', async (_what, settings, expected, note) => {
    const result = loadModelFile(await fileOf(recipeFor('realnvp', { layers: 2, hidden: 16 }), 'moons', settings), CURRENT);
    if (!result.ok) throw new Error(result.message);
    try {
      expect(result.config).toMatchObject(expected);
      if (note) expect(result.summary.adjusted.join('\n')).toMatch(note);
      else expect(result.summary.adjusted).toEqual([]);
    } finally {
      result.flow.dispose();
    }
  });

  // A value of the wrong kind is a malformed file, refused whole (the run stays); a
  // well-formed value outside the page's sliders is clamped above, with a note.
  it.each([
    ['a negative learning rate', { lr: -1 }, /settings\.lr must be a positive number; got -1/],
    ['a fractional seed', { seed: 2.5 }, /settings\.seed must be a whole number/],
    ['a string batch', { batch: '512' }, /settings\.batch must be a whole number of at least 1; got "512"/],
    ['a null learning rate', { lr: null }, /settings\.lr must be a positive number; got null/],
    ['a dataset name too long to be a name', { dataset: 'x'.repeat(100_000) }, /settings\.dataset must be text of at most 1024 characters/],
  ])('refuses %s in the settings with a one-line message', async (_what, settings, message) => {
    const result = loadModelFile(await fileOf(recipeFor('realnvp', { layers: 2, hidden: 16 }), 'moons', settings), CURRENT);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(message);
      expect(result.message.length).toBeLessThan(200);
    }
  });

  it('a long dataset name is clipped in the summary', async () => {
    const result = loadModelFile(await fileOf(recipeFor('realnvp', { layers: 2, hidden: 16 }), 'x'.repeat(1000)), CURRENT);
    if (!result.ok) throw new Error(result.message);
    try {
      expect(result.summary.trainedOn).toBe(`${'x'.repeat(59)}…`);
    } finally {
      result.flow.dispose();
    }
  });

  it.each([
    ['not JSON', 'hello', /not a model file: the contents are not JSON/],
    ['another format', '{"format":"keras"}', /"format" must be "flow-playground-model"/],
    ['an empty object', '{}', /not a model file/],
  ])('refuses %s with a message, never an exception', (_what, text, message) => {
    const result = loadModelFile(text, CURRENT);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('refuses a recipe that does not fit its weights', async () => {
    const file = JSON.parse(await fileOf(recipeFor('realnvp', { layers: 2, hidden: 16 }), 'moons'));
    file.recipe.hidden = 32;
    const result = loadModelFile(JSON.stringify(file), CURRENT);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/shape/);
  });
});
