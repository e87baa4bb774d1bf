import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePointsCsv, pointsToCsv } from '../../src/core/data/csv';
import { TOY_DATASETS } from '../../src/core/data/toy';
import { deserializeFlow } from '../../src/core/flows/model-file';
import { createRng } from '../../src/core/util/rng';
import { hasStackTrace, runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'flow-cli-'));
const modelPath = join(dir, 'model.json');
const pointsPath = join(dir, 'points.csv');
const SMALL = ['--layers', '2', '--hidden', '16', '--batch', '128', '--steps', '60', '--eval-every', '30'];

describe('cli: user mistakes', () => {
  it.each([
    [['train', '--bogus', '1'], /unknown option --bogus/],
    [['train', '--steps', 'ten'], /--steps needs a number; got "ten"/],
    [['train', '--model', 'pixelcnn'], /--model must be one of planar, nice, realnvp, glow, spline, maf, iaf, maf-spline, iaf-spline, nsf/],
    [['train', '--lr', '-1'], /--lr must be at least/],
    [['train', '--dataset', 'nope'], /unknown dataset "nope"/],
    [['density', '--points', 'x.csv'], /--load is required/],
    [['frobnicate'], /unknown verb "frobnicate"/],
  ])('%j exits 2 with a usage message and no stack trace', (args, message) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/usage: npm run --silent cli --/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('reports a missing file by name, in one line', () => {
    const r = runCli(['density', '--load', join(dir, 'absent.json'), '--points', join(dir, 'absent.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: no such file: ${join(dir, 'absent.csv')}\n`);
  });
});

describe('cli: the new flow types', () => {
  it.each([
    { model: 'nsf', type: 'spline' },
    { model: 'iaf', type: 'iaf' },
  ])('--model $model trains a $type flow, saves it and reads it back', ({ model, type }) => {
    const path = join(dir, `${model}.json`);
    const r = runCli(['train', '--model', model, '--dataset', 'moons', ...SMALL, '--seed', '1', '--save', path, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const trained = JSON.parse(r.stdout);
    expect(trained.model).toBe(type);
    expect(Number.isFinite(trained.testNll)).toBe(true);
    const { flow } = deserializeFlow(readFileSync(path, 'utf8'));
    expect(flow.recipe.type).toBe(type);
    flow.dispose();
  });
});

describe('cli: train, save, density, sample', () => {
  let report: Record<string, unknown>;

  beforeAll(() => {
    const r = runCli(['train', '--model', 'realnvp', '--dataset', 'moons', ...SMALL, '--seed', '3', '--save', modelPath, '--json']);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    report = JSON.parse(r.stdout);
  });

  it('prints one JSON object with the documented fields', () => {
    expect(report).toMatchObject({ model: 'realnvp', dataset: 'moons', steps: 60, seed: 3, backend: 'wasm', entropyFloor: 2.3934 });
    for (const key of ['testNll', 'testNllSe', 'gapToFloor', 'stepsPerSec']) expect(Number.isFinite(report[key])).toBe(true);
    expect(report.gapToFloor).toBeCloseTo((report.testNll as number) - 2.3934, 10);
    const curve = report.curve as { step: number; trainNll: number; testNll: number }[];
    expect(curve.map((p) => p.step)).toEqual([30, 60]);
    for (const p of curve) expect(Number.isFinite(p.trainNll) && Number.isFinite(p.testNll)).toBe(true);
    expect(report.testPoints).toBe(50_000);
  });

  it('density prints log p per input point in order, equal to the saved flow in-process', () => {
    const rng = createRng(9);
    const points = TOY_DATASETS.moons.sample(25, rng);
    writeFileSync(pointsPath, pointsToCsv(points));
    const r = runCli(['density', '--load', modelPath, '--points', pointsPath]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map(Number);
    expect(lines).toHaveLength(25);
    const { flow } = deserializeFlow(readFileSync(modelPath, 'utf8'));
    const expected = tf.tidy(() => flow.logProb(tf.tensor2d(points, [25, 2]))).dataSync();
    flow.dispose();
    lines.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
  });

  it('sample → CSV → density round trip', () => {
    const r = runCli(['sample', '--load', modelPath, '-n', '40', '--seed', '5']);
    expect(r.code).toBe(0);
    const parsed = parsePointsCsv(r.stdout);
    expect(parsed.count).toBe(40);
    expect(parsed.points.every(Number.isFinite)).toBe(true);
    const again = runCli(['sample', '--load', modelPath, '-n', '40', '--seed', '5']);
    expect(again.stdout).toBe(r.stdout);
    const samplePath = join(dir, 'samples.csv');
    writeFileSync(samplePath, r.stdout);
    const d = runCli(['density', '--load', modelPath, '--points', samplePath]);
    expect(d.code).toBe(0);
    const logps = d.stdout.trim().split('\n').map(Number);
    expect(logps).toHaveLength(40);
    // The model's own samples sit where it puts mass.
    expect(logps.reduce((a, b) => a + b, 0) / 40).toBeGreaterThan(-6);
  });

  it('refuses a malformed or mismatched model file with a clear message', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format":"something-else"}');
    let r = runCli(['sample', '--load', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a model file/);
    expect(hasStackTrace(r.stderr)).toBe(false);

    const saved = JSON.parse(readFileSync(modelPath, 'utf8'));
    saved.recipe.layers = 3;
    writeFileSync(bad, JSON.stringify(saved));
    r = runCli(['sample', '--load', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/weight tensors but a realnvp flow with these settings has/);
  });
});

describe('cli: user CSV data', () => {
  it('trains on a CSV file (held-out 20 %, no entropy floor)', () => {
    const csv = join(dir, 'data.csv');
    writeFileSync(csv, pointsToCsv(TOY_DATASETS['8gaussians'].sample(500, createRng(1))));
    const r = runCli(['train', '--dataset', csv, ...SMALL, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.entropyFloor).toBeNull();
    expect(report.gapToFloor).toBeNull();
    expect(report.testPoints).toBe(100);
  });

  it('names the first bad line of a malformed CSV', () => {
    const csv = join(dir, 'broken.csv');
    writeFileSync(csv, 'x,y\n' + '1,2\n'.repeat(12) + 'oops,3\n');
    const r = runCli(['train', '--dataset', csv, '--steps', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 14/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
