import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { deserializeFlow, MAX_MODEL_FILE_CHARS, ModelFileError, serializeFlow } from '../../src/core/flows/model-file';
import { buildFlow, FLOW_TYPES, MAX_HIDDEN, MAX_LAYERS, recipeFor } from '../../src/core/flows/recipes';
import { MAX_ECHO_CHARS } from '../../src/core/util/clip-text';
import { allocationDuring } from './helpers/allocation';

/**
 * Files a careless tool or a hostile author could write. Each must be refused
 * with a one-line ModelFileError before any tensor memory is taken: the peak
 * bytes the attempt allocates are watched, which a refusal after building (and
 * disposing) the flow would still show.
 */
const SETTINGS = { dataset: 'moons', steps: 30, batch: 64, lr: 1e-3, seed: 0, backend: 'wasm' };

async function goodFile(type: 'realnvp' | 'planar' | 'glow' = 'realnvp', overrides = {}) {
  const flow = buildFlow(recipeFor(type, { layers: 2, hidden: 8, ...overrides }), 0);
  const text = await serializeFlow(flow, SETTINGS);
  flow.dispose();
  return JSON.parse(text);
}

/** The refusal's message and the tensor memory the attempt took at its peak. */
async function refusal(file: unknown): Promise<{ message: string; peakBytes: number; tensorsCreated: number }> {
  const text = typeof file === 'string' ? file : JSON.stringify(file);
  let message = '';
  const info = allocationDuring(() => {
    try {
      deserializeFlow(text).flow.dispose();
    } catch (err) {
      expect(err).toBeInstanceOf(ModelFileError);
      message = (err as Error).message;
    }
  });
  expect(message, 'the file was accepted').not.toBe('');
  // One line, short, whatever the file held.
  expect(message).not.toContain('\n');
  expect(message.length).toBeLessThan(240);
  return { message, ...info };
}

describe('model file: refused before anything is allocated', () => {
  it('(the probe sees a flow being built and freed)', () => {
    const { peakBytes } = allocationDuring(() => buildFlow(recipeFor('glow', { layers: MAX_LAYERS, hidden: MAX_HIDDEN }), 0).dispose());
    // ~2.1 M float32 parameters.
    expect(peakBytes).toBeGreaterThan(8e6);
  });

  it('a 300-byte file asking for a huge flow with no weights', async () => {
    const good = await goodFile();
    const huge = { ...good, recipe: { type: 'glow', layers: 128, hidden: 1024, depth: 8, activation: 'relu', mode: 'density' }, weights: [] };
    expect(JSON.stringify(huge).length).toBeLessThan(400);
    const r = await refusal(huge);
    expect(r.message).toBe('model file: recipe.layers must be a whole number from 1 to 32; got 128');
    expect(r.peakBytes).toBe(0);
    expect(r.tensorsCreated).toBe(0);
  });

  it('a recipe inside every per-field cap but over the parameter budget', async () => {
    const good = await goodFile();
    const r = await refusal({ ...good, recipe: { type: 'glow', layers: MAX_LAYERS, hidden: MAX_HIDDEN, depth: 4, activation: 'relu', mode: 'density' }, weights: [] });
    expect(r.message).toMatch(/^model file: recipe has 6,\d{3},\d{3} parameters \(glow, 32 layers of 256 hidden × depth 4\); the most this app trains is 2,\d{3},\d{3}$/);
    expect(r.peakBytes).toBe(0);
  });

  it('the largest allowed recipe with missing weights is refused by count, not by building it first', async () => {
    const good = await goodFile();
    const r = await refusal({ ...good, recipe: { type: 'glow', layers: MAX_LAYERS, hidden: MAX_HIDDEN, depth: 2, activation: 'relu', mode: 'density' }, weights: [] });
    expect(r.message).toBe('model file has 0 weight tensors but a glow flow with these settings has 320');
    expect(r.peakBytes).toBe(0);
  });

  it('bad weight entries: null, a huge shape, a wrong encoded length', async () => {
    const good = await goodFile();
    const withFirst = (w: unknown) => ({ ...good, weights: [w, ...good.weights.slice(1)] });
    expect((await refusal(withFirst(null))).message).toBe('weight 0 must be an object with "shape" and "float32"; got null');
    expect((await refusal(withFirst(7))).message).toBe('weight 0 must be an object with "shape" and "float32"; got 7');
    const hugeShape = await refusal(withFirst({ shape: [1e9, 1e9], float32: '' }));
    expect(hugeShape.message).toBe('weight 0 has shape [1000000000,1000000000] but the recipe needs [1,8]');
    expect(hugeShape.peakBytes).toBe(0);
    const long = await refusal(withFirst({ shape: [1, 8], float32: 'A'.repeat(4_000_000) }));
    expect(long.message).toBe('weight 0 should hold 8 float32 values (44 base64 characters); got 4000000 characters');
    expect(long.peakBytes).toBe(0);
    expect((await refusal(withFirst({ shape: [1, 8], float32: 12 }))).message).toBe('weight 0: "float32" must be base64 text; got 12');
    expect((await refusal({ ...good, weights: 'none' })).message).toBe('model file: weights must be a list; got "none"');
  });

  it('a file larger than the largest model is refused before it is parsed', async () => {
    const r = await refusal(' '.repeat(MAX_MODEL_FILE_CHARS + 1));
    expect(r.message).toMatch(/^model file is \d+\.\d MB; the largest model this app trains is under \d+ MB$/);
  });
});

describe('model file: every recipe and settings field is checked', () => {
  it.each([
    [{ activation: 'bogus' }, 'model file: recipe.activation must be one of relu, tanh, elu, leakyrelu; got "bogus"'],
    [{ mode: 'bogus' }, 'model file: recipe.mode must be one of density, energy; got "bogus"'],
    [{ mode: undefined }, 'model file: recipe.mode must be one of density, energy; got nothing'],
    [{ hidden: 8.5 }, 'model file: recipe.hidden must be a whole number from 1 to 256; got 8.5'],
    [{ hidden: '8' }, 'model file: recipe.hidden must be a whole number from 1 to 256; got "8"'],
    [{ depth: 0 }, 'model file: recipe.depth must be a whole number from 1 to 4; got 0'],
    [{ layers: null }, 'model file: recipe.layers must be a whole number from 1 to 32; got null'],
  ])('recipe %j is refused', async (change, message) => {
    const good = await goodFile();
    expect((await refusal({ ...good, recipe: { ...good.recipe, ...change } })).message).toBe(message);
  });

  it('a recipe that is not an object is refused', async () => {
    const good = await goodFile();
    expect((await refusal({ ...good, recipe: [1, 2] })).message).toBe('model file: recipe must be an object; got [1,2]');
  });

  it.each([
    [{ initSeed: -1 }, 'model file: initSeed must be a whole number from 0 to 2147483647; got -1'],
    [{ initSeed: 2 ** 40 }, 'model file: initSeed must be a whole number from 0 to 2147483647; got 1099511627776'],
    [{ settings: null }, 'model file: settings must be an object; got null'],
    [{ settings: { ...SETTINGS, batch: 'big' } }, 'model file: settings.batch must be a whole number of at least 1; got "big"'],
    [{ settings: { ...SETTINGS, batch: 0 } }, 'model file: settings.batch must be a whole number of at least 1; got 0'],
    [{ settings: { ...SETTINGS, lr: -1 } }, 'model file: settings.lr must be a positive number; got -1'],
    [{ settings: { ...SETTINGS, lr: 'fast' } }, 'model file: settings.lr must be a positive number; got "fast"'],
    [{ settings: { ...SETTINGS, seed: 1.5 } }, 'model file: settings.seed must be a whole number of at least 0; got 1.5'],
    [{ settings: { ...SETTINGS, steps: -3 } }, 'model file: settings.steps must be a whole number of at least 0; got -3'],
    [{ settings: { ...SETTINGS, dataset: 5 } }, 'model file: settings.dataset must be text of at most 1024 characters; got 5'],
    [{ settings: { ...SETTINGS, backend: undefined } }, 'model file: settings.backend must be text of at most 1024 characters; got nothing'],
  ])('%j is refused', async (change, message) => {
    const good = await goodFile();
    expect((await refusal({ ...good, ...change })).message).toBe(message);
  });

  it('returns a clean recipe and typed settings (unknown recipe keys are dropped)', async () => {
    const good = await goodFile();
    const { flow, settings } = deserializeFlow(JSON.stringify({ ...good, recipe: { ...good.recipe, extra: 'x'.repeat(100) } }));
    expect(flow.recipe).toEqual({ type: 'realnvp', layers: 2, hidden: 8, depth: 2, activation: 'relu', mode: 'density' });
    expect(settings).toEqual({ ...SETTINGS, preset: null });
    flow.dispose();
  });

  it('a planar file from the page (hidden units stored, depth 0) loads', async () => {
    const good = await goodFile('planar', { hidden: 64 });
    expect(good.recipe).toMatchObject({ hidden: 64, depth: 0 });
    const { flow } = deserializeFlow(JSON.stringify(good));
    expect(flow.layers).toHaveLength(2);
    flow.dispose();
  });
});

describe('model file: text around the JSON', () => {
  it('a UTF-8 byte-order mark in front is accepted and the flow is the same', async () => {
    const flow = buildFlow(recipeFor('glow', { layers: 2, hidden: 8 }), 4);
    const text = await serializeFlow(flow, SETTINGS);
    const { flow: loaded } = deserializeFlow(`\uFEFF${text}`);
    const x = tf.tensor2d([0.3, -1, 2, 0.5], [2, 2]);
    expect(Array.from(loaded.logProb(x).dataSync())).toEqual(Array.from(flow.logProb(x).dataSync()));
    tf.dispose([x]);
    flow.dispose();
    loaded.dispose();
  });

  it('echoed inputs are clipped, however large', async () => {
    const good = await goodFile();
    const big = 'z'.repeat(5_000_000);
    for (const file of [
      { ...good, format: big },
      { ...good, family: big },
      { ...good, recipe: { ...good.recipe, type: big } },
      { ...good, recipe: { ...good.recipe, activation: `tan\n${big}` } },
      { ...good, weights: [{ shape: Array.from({ length: 1_000_000 }, () => 1), float32: '' }, ...good.weights.slice(1)] },
      { ...good, settings: { ...SETTINGS, lr: [big] } },
    ]) {
      const { message } = await refusal(file);
      // The clipped echo plus the message's own words, the longest of which lists every flow type.
      expect(message.length).toBeLessThan(MAX_ECHO_CHARS + 20 + FLOW_TYPES.join(', ').length + 40);
      expect(message).toMatch(/…/);
    }
  });
});
