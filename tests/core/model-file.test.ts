import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { toySource } from '../../src/core/data/source';
import { deserializeFlow, ModelFileError, serializeFlow } from '../../src/core/flows/model-file';
import { buildFlow, recipeFor } from '../../src/core/flows/recipes';
import { presetSize } from '../../src/core/flows/registry';
import { Trainer } from '../../src/core/train/trainer';
import { decodeFloat32, encodeFloat32 } from '../../src/core/util/base64';

const SETTINGS = { dataset: 'moons', steps: 30, batch: 64, lr: 1e-3, seed: 0, backend: 'wasm' };

describe('model file', () => {
  it.each(['planar', 'nice', 'realnvp', 'glow', 'spline', 'maf', 'iaf'] as const)('a trained %s flow saves and loads to the same log-densities', async (type) => {
    const flow = buildFlow(recipeFor(type, { layers: 3, hidden: 16 }), 5);
    const trainer = new Trainer(flow, toySource('moons', 5), { lr: 1e-2, batch: 64, seed: 5 });
    for (let i = 0; i < 30; i++) trainer.trainStep();
    trainer.dispose();
    const text = await serializeFlow(flow, SETTINGS);
    const { flow: loaded, settings } = deserializeFlow(text);
    expect(settings).toEqual({ ...SETTINGS, preset: null });
    expect(loaded.recipe).toEqual(flow.recipe);
    // Loaded actnorm layers must not re-initialise over the saved weights.
    expect(loaded.needsDataInit).toBe(false);
    const x = tf.randomNormal([50, 2], 0, 1.5, 'float32', 8) as tf.Tensor2D;
    const a = flow.logProb(x).dataSync();
    const b = loaded.logProb(x).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    tf.dispose(x);
    flow.dispose();
    loaded.dispose();
  });

  it('refuses malformed and mismatched files with a clear message', async () => {
    const flow = buildFlow(recipeFor('realnvp', { layers: 2, hidden: 8 }), 0);
    const good = JSON.parse(await serializeFlow(flow, SETTINGS));
    flow.dispose();
    const before = tf.memory().numTensors;
    const cases: [unknown, RegExp][] = [
      ['not json at all', /contents are not JSON/],
      [{ ...good, initSeed: 'x' }, /initSeed must be a whole number from 0 to 2147483647; got "x"/],
      [{ ...good, format: 'other' }, /"format" must be "flow-playground-model"; got "other"/],
      [{ ...good, version: 99 }, /unsupported model file version 99/],
      [{ ...good, recipe: { ...good.recipe, type: 'pixelcnn' } }, /recipe.type must be one of planar, nice, realnvp, glow, spline, maf, iaf, maf-spline, iaf-spline; got "pixelcnn"/],
      [{ ...good, recipe: { ...good.recipe, layers: -2 } }, /recipe.layers must be a whole number from 1 to 32; got -2/],
      [{ ...good, recipe: { ...good.recipe, hidden: 9 } }, /weight 0 has shape \[1,8\] but the recipe needs \[1,9\]/],
      [{ ...good, weights: good.weights.slice(1) }, /has 11 weight tensors but a realnvp flow with these settings has 12/],
      [{ ...good, weights: [{ ...good.weights[0], float32: 'AAA' }, ...good.weights.slice(1)] }, /weight 0 should hold 8 float32 values \(44 base64 characters\); got 3 characters/],
      [{ ...good, weights: [{ ...good.weights[0], float32: '!' + good.weights[0].float32.slice(1) }, ...good.weights.slice(1)] }, /weight 0: weights are not valid base64 \(bad character at 0\)/],
      [{ ...good, weights: [{ ...good.weights[0], float32: encodeFloat32(new Float32Array(8).fill(Number.NaN)) }, ...good.weights.slice(1)] }, /weight 0 contains NaN/],
      [{ ...good, settings: { ...good.settings, preset: 'turbo' } }, /settings.preset must be null or one of live \(the realnvp presets\); got "turbo"/],
      [{ ...good, settings: { ...good.settings, preset: 7 } }, /settings.preset must be null or one of live/],
    ];
    for (const [file, message] of cases) {
      const text = typeof file === 'string' ? file : JSON.stringify(file);
      expect(() => deserializeFlow(text)).toThrow(ModelFileError);
      expect(() => deserializeFlow(text)).toThrow(message);
    }
    // A refused file leaves nothing behind.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads version-1 files, except a Glow one: its couplings were unbounded then, so its weights would give another density', async () => {
    const realnvp = buildFlow(recipeFor('realnvp', { layers: 2, hidden: 8 }), 0);
    const glow = buildFlow(recipeFor('glow', { layers: 2, hidden: 8 }), 0);
    const [oldRealnvp, oldGlow] = await Promise.all([realnvp, glow].map(async (f) => ({ ...JSON.parse(await serializeFlow(f, SETTINGS)), version: 1 })));
    expect(JSON.parse(await serializeFlow(glow, SETTINGS)).version).toBe(2);
    realnvp.dispose();
    glow.dispose();
    const { flow: loaded } = deserializeFlow(JSON.stringify(oldRealnvp));
    expect(loaded.recipe.type).toBe('realnvp');
    loaded.dispose();
    expect(() => deserializeFlow(JSON.stringify(oldGlow))).toThrow(/Glow model was saved by an older version .* train it again/);
  });

  it('names the preset a model was trained at, and reads files from before presets', async () => {
    const live = presetSize('glow', 'live');
    const flow = buildFlow(recipeFor('glow', live), 0);
    const text = await serializeFlow(flow, { ...SETTINGS, batch: live.batch });
    const other = await serializeFlow(flow, { ...SETTINGS, batch: live.batch * 2 });
    flow.dispose();
    expect(JSON.parse(text).settings.preset).toBe('live');
    expect(JSON.parse(other).settings.preset).toBeNull();
    const old = JSON.parse(text);
    delete old.settings.preset;
    const { flow: loaded, settings } = deserializeFlow(JSON.stringify(old));
    expect(settings.preset).toBeNull();
    expect(loaded.recipe.layers).toBe(live.layers);
    loaded.dispose();
  });

  it('base64 float32 round trip is bit-exact', () => {
    for (const n of [0, 1, 2, 3, 7, 1000]) {
      const values = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 10 ** ((i % 9) - 4));
      if (n > 3) values.set([-0, Number.MIN_VALUE, 3.4028234663852886e38], 0);
      expect(Array.from(decodeFloat32(encodeFloat32(values)))).toEqual(Array.from(values));
    }
    expect(() => decodeFloat32('abcdabcdabcdab!d')).toThrow(/bad character at 14/);
    expect(() => decodeFloat32('abcdab')).toThrow(/not a multiple of 4/);
  });
});
