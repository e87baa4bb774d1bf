import { describe, expect, it } from 'vitest';
import { buildFlow, recipeFor } from '../../src/core/flows/recipes';
import { serializeFlow } from '../../src/core/flows/model-file';
import { loadModelFile } from '../../src/engine/model-io';
import type { RunConfig } from '../../src/engine/protocol';

const CURRENT: RunConfig = {
  target: 'data',
  energy: 'u1',
  dataset: 'moons',
  flow: 'realnvp',
  layers: 8,
  hidden: 64,
  lr: 3e-3,
  batch: 256,
  seed: 0,
  vae: true,
  gan: true,
};

async function fileOf(recipe: Parameters<typeof buildFlow>[0], dataset: string): Promise<string> {
  const flow = buildFlow(recipe, 11);
  try {
    return await serializeFlow(flow, { dataset, steps: 40, batch: 512, lr: 5e-3, seed: 4, backend: 'wasm' });
  } finally {
    flow.dispose();
  }
}

describe('loading a model file into the app', () => {
  it('takes the run config from the file: its flow, size, data and training settings; no baselines', async () => {
    const result = loadModelFile(await fileOf(recipeFor('glow', { layers: 3, hidden: 32 }), 'pinwheel'), CURRENT);
    if (!result.ok) throw new Error(result.message);
    try {
      expect(result.config).toEqual({ ...CURRENT, dataset: 'pinwheel', flow: 'glow', layers: 3, hidden: 32, lr: 5e-3, batch: 512, seed: 4, vae: false, gan: false });
      expect(result.note).toBe('Loaded a glow flow with 3 layers after 40 steps.');
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
      expect(result.note).toMatch(/trained on "points\/mine\.csv", which this page does not have; it is shown on Two moons/);
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
