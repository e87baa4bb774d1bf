import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pointsToCsv } from '../../src/core/data/csv';
import { serializeFlow } from '../../src/core/flows/model-file';
import { buildFlow, recipeFor } from '../../src/core/flows/recipes';
import { encodeFloat32 } from '../../src/core/util/base64';
import { createRng } from '../../src/core/util/rng';
import { hasStackTrace, runCli } from './run-cli';

/**
 * User mistakes and hopeless inputs at the command line: each is one line on
 * stderr starting "error:", a non-zero exit, no stack trace, and (for the save
 * path) no training spent first.
 */
const dir = mkdtempSync(join(tmpdir(), 'flow-cli-hard-'));
const SETTINGS = { dataset: 'moons', steps: 0, batch: 64, lr: 1e-3, seed: 0, backend: 'wasm' };
const QUICK = ['--layers', '2', '--hidden', '8', '--batch', '64', '--steps', '40', '--eval-every', '20'];

function expectOneLineError(r: ReturnType<typeof runCli>, code: number, message: string | RegExp) {
  expect(r.code).toBe(code);
  expect(hasStackTrace(r.stderr)).toBe(false);
  const line = r.stderr.split('\n').find((l) => l.startsWith('error: '));
  expect(line, r.stderr).toBeDefined();
  if (typeof message === 'string') expect(line).toBe(`error: ${message}`);
  else expect(line).toMatch(message);
}

async function writeModel(name: string, edit: (file: Record<string, unknown>, flow: ReturnType<typeof buildFlow>) => void = () => {}) {
  const flow = buildFlow(recipeFor('nice', { layers: 2, hidden: 8 }), 0);
  const file = JSON.parse(await serializeFlow(flow, SETTINGS));
  edit(file, flow);
  flow.dispose();
  const path = join(dir, name);
  writeFileSync(path, typeof file === 'string' ? file : JSON.stringify(file));
  return path;
}

describe('cli: --save is checked before training', () => {
  it('a folder that does not exist fails at once, without training', () => {
    const target = join(dir, 'no-such-folder', 'model.json');
    const r = runCli(['train', ...QUICK, '--save', target]);
    expectOneLineError(r, 1, `cannot save to ${target}: the folder ${join(dir, 'no-such-folder')} does not exist`);
    // No progress line: not one step was trained.
    expect(r.stderr).not.toMatch(/step \d+\/40/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a path that is a folder is refused the same way', () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    expectOneLineError(runCli(['train', ...QUICK, '--save', folder]), 1, `cannot save to ${folder}: it is a folder; give a file name such as ${join(folder, 'model.json')}`);
  });
});

describe('cli: model files that cannot be used', () => {
  it('a null weight entry', async () => {
    const path = await writeModel('null-weight.json', (f) => {
      (f.weights as unknown[])[3] = null;
    });
    expectOneLineError(runCli(['sample', '--load', path, '-n', '5']), 1, 'weight 3 must be an object with "shape" and "float32"; got null');
  });

  it('a model whose samples overflow float32', async () => {
    // NICE's final actnorm with log-scale 100 multiplies by e¹⁰⁰ > float32's maximum.
    const path = await writeModel('overflowing.json', (f) => {
      const weights = f.weights as { shape: number[]; float32: string }[];
      const logScale = weights[weights.length - 2];
      expect(logScale.shape).toEqual([2]);
      logScale.float32 = encodeFloat32(new Float32Array([100, 100]));
    });
    const r = runCli(['sample', '--load', path, '-n', '20']);
    expectOneLineError(r, 1, '20 of 20 samples from this model are not finite (its map overflows float32 for some base points); nothing was printed');
    expect(r.stdout).toBe('');
  });

  it('a huge recipe in a small file is refused at once', async () => {
    const path = await writeModel('huge.json', (f) => {
      f.recipe = { type: 'glow', layers: 128, hidden: 1024, depth: 8, activation: 'relu', mode: 'density' };
      f.weights = [];
    });
    expect(readFileSync(path, 'utf8').length).toBeLessThan(400);
    expectOneLineError(runCli(['sample', '--load', path]), 1, 'model file: recipe.layers must be a whole number from 1 to 32; got 128');
  });

  it('a model file with a byte-order mark loads', async () => {
    const path = await writeModel('bom.json');
    writeFileSync(path, `\uFEFF${readFileSync(path, 'utf8')}`);
    const r = runCli(['sample', '--load', path, '-n', '3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
  });
});

describe('cli: data that can never train', () => {
  it('values near 1e30 are refused on their line', () => {
    const csv = join(dir, 'huge.csv');
    writeFileSync(csv, 'x,y\n' + '1,2\n'.repeat(20) + '3,1e30\n');
    expectOneLineError(runCli(['train', '--dataset', csv, ...QUICK]), 1, /^error: line 22: column 2 \(1e30\) is too large to train on/);
  });

  it('N(0,1) + 1e6 is refused with the shift to subtract', () => {
    const rng = createRng(3);
    const csv = join(dir, 'offset.csv');
    writeFileSync(csv, pointsToCsv(Float32Array.from({ length: 1000 }, (_, i) => rng.normal() + (i % 2 === 0 ? 1e6 : 0))));
    expectOneLineError(runCli(['train', '--dataset', csv, ...QUICK]), 1, /^error: column 1 is centred near 1000000 but spreads only about .* subtract about 1000000 from column 1 first/);
  });

  it('a run in which every step is non-finite fails instead of printing testNll: null', () => {
    // 2e14: accepted (within ±1e15) and trainable by Glow/NICE, but a RealNVP without actnorm overflows at every step.
    const rng = createRng(4);
    const csv = join(dir, 'large.csv');
    writeFileSync(csv, pointsToCsv(Float32Array.from({ length: 1000 }, () => rng.normal() * 2e14)));
    const r = runCli(['train', '--model', 'realnvp', '--dataset', csv, ...QUICK, '--json']);
    expectOneLineError(
      r,
      1,
      "training failed: all 40 steps had a non-finite loss or gradient, so the realnvp flow never changed; try a smaller --lr, data rescaled towards unit size, or --model glow or nice (their actnorm adapts to the data's scale)",
    );
    expect(r.stdout).toBe('');
  });
});

describe('cli: arguments out of range', () => {
  it.each([
    [['sample', '--load', 'm.json', '-n', '0'], /--n must be at least 1; got 0/],
    [['sample', '--load', 'm.json', '-n', '-5'], /--n must be at least 1; got -5/],
    [['sample', '--load', 'm.json', '-n', '1e12'], /--n must be at most 1000000; got 1e12/],
    [['train', '--steps', '1e12'], /--steps must be at most 10000000; got 1e12/],
    [['train', '--layers', '64'], /--layers must be at most 32; got 64/],
    [['train', '--hidden', '1024'], /--hidden must be at most 256; got 1024/],
  ])('%j is a usage error', (args, message) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('echoed arguments are clipped', () => {
    const long = 'q'.repeat(5000);
    for (const args of [['train', '--dataset', long], ['train', '--steps', long], ['train', long], [long]]) {
      const r = runCli(args);
      expect(r.code).toBe(2);
      const line = r.stderr.split('\n')[0];
      expect(line.length, line.slice(0, 80)).toBeLessThan(240);
      expect(line).toMatch(/…/);
    }
  });

  it('density --points with a missing file is one line', () => {
    const r = runCli(['density', '--load', 'whatever.json', '--points', join(dir, 'missing.csv')]);
    expectOneLineError(r, 1, `no such file: ${join(dir, 'missing.csv')}`);
    expect(r.stderr).not.toMatch(/usage:/);
  });
});
