import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { toySource } from '../../src/core/data/source';
import { runCli } from '../cli/run-cli';
import { controls, metricCell, pixelDiff, readNumber, readStepCount, settledPixels, waitFor } from './support/browser';
import { useReadyApp } from './support/fixtures';
import { saveArtifact } from './support/artifacts';
import { playUntilNllFalls, stepAndRead } from './support/training';

/** Held-out points the app's live figures average over (engine/data-plan.ts). */
const APP_TEST_POINTS = 5120;

/**
 * Issue #5, save and export: a saved model loads back to the same density; a
 * malformed or mismatched file is refused and the run stays; the app and the
 * CLI read each other's files; every panel exports as PNG and SVG and the
 * curves as CSV.
 */
describe('model files and exports', () => {
  // RealNVP 8 explicitly: the file name and the card name the flow and its depth.
  const app = useReadyApp('#seed=0&flow=realnvp&layers=8');
  const dir = mkdtempSync(join(tmpdir(), 'flow-e2e-'));
  let savedPath = '';
  let savedNll = Number.NaN;

  it('save, reset, load: the same test NLL and the same density; bad files change nothing', async () => {
    const { page } = app();
    const c = controls(page);
    const nll = await metricCell(page, 'Flow');
    const { before: untrained } = await playUntilNllFalls(page, 0.3);
    savedNll = await settledNumber(page, 'Flow');
    const density = await settledPixels(c.panel('Density'));

    const download = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save model', exact: true }).click()]).then(([d]) => d);
    expect(download.suggestedFilename()).toMatch(/^flow-realnvp-moons-step\d+\.json$/);
    savedPath = join(dir, download.suggestedFilename());
    await download.saveAs(savedPath);

    await c.reset.click();
    await waitFor('the untrained NLL after Reset', () => readNumber(nll), (v) => v === untrained, 20_000);

    const load = page.getByLabel('Load model');
    await load.setInputFiles(savedPath);
    await waitFor(`the saved model's NLL ${savedNll}`, () => readNumber(nll), (v) => v === savedNll, 20_000);
    // The card says what was loaded: its own step count (the page's count goes on from it), its data and its NLL there.
    const savedSteps = Number(/step(\d+)\.json$/.exec(savedPath)![1]);
    const card = page.getByRole('status', { name: 'Loaded model', exact: true });
    await expect.poll(() => card.innerText()).toMatch(new RegExp(`Loaded a realnvp flow with 8 layers after ${savedSteps.toLocaleString('en-US')} steps`));
    expect(await card.innerText()).toMatch(/Trained on Two moons; its test NLL on its own data/);
    expect(await readNumber(card.getByRole('status', { name: "Loaded model's NLL", exact: true }))).toBe(savedNll);
    expect(await readStepCount(page), 'the model’s own step count, not step 0').toBe(savedSteps);
    expect(await card.innerText()).not.toMatch(/Different data/);
    const reloaded = await settledPixels(c.panel('Density'));
    expect(pixelDiff(density, reloaded), 'the Density panel after loading').toBeLessThan(0.005);

    // Not a model file, and a model whose recipe does not fit its weights: refused, nothing lost.
    await load.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
    await expect.poll(() => page.getByText(/Could not load notes\.json: not a model file/).count()).toBe(1);
    const file = JSON.parse(readFileSync(savedPath, 'utf8'));
    file.recipe.layers = 3;
    await load.setInputFiles({ name: 'mismatch.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await expect.poll(() => page.getByText(/Could not load mismatch\.json: .*weight tensors/).count()).toBe(1);
    await page.waitForTimeout(800);
    expect(await readNumber(nll), 'the loaded model is still there').toBe(savedNll);
    expect(app().errors, app().errors.join('\n')).toEqual([]);
  });

  it('the CLI reads the app’s file, and the app reads the CLI’s: the same log-likelihoods', async () => {
    const { page } = app();
    // App → CLI: log p of the app's own test points under the saved file.
    expect(savedPath).not.toBe('');
    const appPoints = writePoints(join(dir, 'seed0.csv'), 0);
    const fromApp = runCli(['density', '--load', savedPath, '--points', appPoints]);
    expect(fromApp.code, fromApp.stderr).toBe(0);
    expect(meanNll(fromApp.stdout)).toBeCloseTo(savedNll, 3);

    // CLI → app.
    const cliModel = join(dir, 'cli-model.json');
    const trained = runCli(['train', '--model', 'glow', '--layers', '3', '--hidden', '32', '--dataset', '8gaussians', '--steps', '120', '--batch', '256', '--seed', '3', '--eval-every', '120', '--save', cliModel]);
    expect(trained.code, trained.stderr).toBe(0);
    const cliPoints = writePoints(join(dir, 'seed3.csv'), 3, '8gaussians');
    const scored = runCli(['density', '--load', cliModel, '--points', cliPoints]);
    expect(scored.code, scored.stderr).toBe(0);

    await page.getByLabel('Load model').setInputFiles(cliModel);
    await expect.poll(() => page.getByRole('status').filter({ hasText: /Loaded a glow flow with 3 layers after 120 steps/ }).count()).toBe(1);
    await waitFor('step 120, the CLI model’s own count', () => readStepCount(page), (n) => n === 120, 20_000);
    expect(await controls(page).dataset.inputValue()).toBe('8gaussians');
    expect(await page.getByRole('combobox', { name: 'Flow', exact: true }).inputValue()).toBe('glow');
    expect(await page.getByRole('spinbutton', { name: 'Seed', exact: true }).inputValue()).toBe('3');
    expect(await settledNumber(page, 'Flow')).toBeCloseTo(meanNll(scored.stdout), 3);
  });

  it('a CLI model saved with --batch 65536 --lr 0.5 lands clamped, says so, and steps at once', async () => {
    const { page } = app();
    const c = controls(page);
    const wild = join(dir, 'cli-wild.json');
    const trained = runCli(['train', '--model', 'realnvp', '--layers', '2', '--hidden', '16', '--dataset', 'moons', '--steps', '1', '--batch', '65536', '--lr', '0.5', '--seed', '1', '--eval-every', '1', '--save', wild]);
    expect(trained.code, trained.stderr).toBe(0);
    expect(JSON.parse(readFileSync(wild, 'utf8')).settings).toMatchObject({ batch: 65536, lr: 0.5 });

    await page.getByLabel('Load model').setInputFiles(wild);
    const card = page.getByRole('status', { name: 'Loaded model', exact: true });
    await expect.poll(() => card.innerText()).toMatch(/Loaded a realnvp flow with 2 layers after 1 steps/);
    expect(await card.innerText()).toMatch(/brought into the page’s ranges: Learning rate: 0\.5 → 0\.03 \(range 0\.0001–0\.03\); Batch size: 65536 → 1024/);
    expect(await page.getByRole('slider', { name: 'Batch size', exact: true }).getAttribute('aria-valuetext')).toBe('1024');
    expect(await page.getByRole('slider', { name: 'Learning rate', exact: true }).getAttribute('aria-valuetext')).toBe('0.03');
    await c.step.click();
    await waitFor('step 2 (a batch of 1,024, not 65,536)', () => readStepCount(page), (n) => n === 2, 30_000);
    expect(app().errors, app().errors.join('\n')).toEqual([]);
  });

  it('a model of other data than the page’s: a clear prompt that offers its own data', async () => {
    const { page } = app();
    const c = controls(page);
    const checker = join(dir, 'cli-checkerboard.json');
    const trained = runCli(['train', '--model', 'realnvp', '--layers', '2', '--hidden', '16', '--dataset', 'checkerboard', '--steps', '40', '--batch', '256', '--seed', '2', '--eval-every', '40', '--save', checker]);
    expect(trained.code, trained.stderr).toBe(0);
    // The page trains on the user's own points, which a load does not throw away.
    await c.panel('Data').getByLabel('Import CSV').setInputFiles({ name: 'blob.csv', mimeType: 'text/csv', buffer: Buffer.from(blobCsv(400)) });
    await expect.poll(() => c.panel('Data').innerText()).toMatch(/Training on: blob\.csv/);

    await page.getByLabel('Load model').setInputFiles(checker);
    const card = page.getByRole('status', { name: 'Loaded model', exact: true });
    await expect.poll(() => card.innerText()).toMatch(/Loaded a realnvp flow with 2 layers after 40 steps/);
    expect(await card.innerText()).toMatch(/Different data: the page shows blob\.csv, not Checkerboard, so the figures below measure this model on data it never saw/);
    expect(await c.panel('Data').innerText()).toMatch(/Training on: blob\.csv/);

    await card.getByRole('button', { name: 'Switch to Checkerboard', exact: true }).click();
    await waitFor('the Dataset menu on Checkerboard', () => c.dataset.inputValue(), (v) => v === 'checkerboard', 20_000);
    await expect.poll(() => card.innerText(), { timeout: 20_000 }).toMatch(/Trained on Checkerboard; its test NLL on its own data/);
    const own = await waitFor('its NLL on its own data', () => readNumber(card.getByRole('status', { name: "Loaded model's NLL", exact: true })), Number.isFinite, 20_000);
    expect(own).toBe(await readNumber(await metricCell(page, 'Flow')));
    expect(await readStepCount(page)).toBe(40);
    expect(await card.innerText()).not.toMatch(/Different data/);
    expect(app().errors, app().errors.join('\n')).toEqual([]);
  });

  it('exports every panel as PNG and SVG, and the curves as CSV', async () => {
    const { page } = app();
    await stepAndRead(page, 3); // a few points on every curve
    for (const panel of ['Data', 'Density', 'Morph', 'Layers', 'NLL chart']) {
      const png = await downloadOf(page, `Export ${panel} as PNG`);
      expect(png.subarray(0, 8).toString('hex'), `${panel} PNG signature`).toBe('89504e470d0a1a0a');
      expect(png.readUInt32BE(16), `${panel} PNG width`).toBeGreaterThan(50);
      const svg = (await downloadOf(page, `Export ${panel} as SVG`)).toString('utf8');
      expect(svg, `${panel} SVG`).toMatch(/^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"|^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg.trim().endsWith('</svg>'), `${panel} SVG is complete`).toBe(true);
      expect(svg, `${panel} SVG has drawing in it`).toMatch(/<(path|circle|image|line|rect|polyline)\b/);
      await saveArtifact(`export-${panel.replace(/\s+/g, '-').toLowerCase()}.svg`, svg);
    }
    const csv = (await downloadOf(page, 'Export NLL curves as CSV')).toString('utf8').trim().split('\n');
    expect(csv[0]).toBe('series,family,kind,split,step,value');
    expect(csv.length).toBeGreaterThan(3);
    for (const row of csv.slice(1)) expect(row).toMatch(/,(exact|bound|estimate),(train|test),\d+,-?\d/);
    expect(app().errors, app().errors.join('\n')).toEqual([]);
  });

  function writePoints(path: string, seed: number, dataset: 'moons' | '8gaussians' = 'moons'): string {
    const test = toySource(dataset, seed, { testSize: APP_TEST_POINTS }).test;
    const rows: string[] = [];
    for (let i = 0; i < test.length; i += 2) rows.push(`${test[i]},${test[i + 1]}`);
    writeFileSync(path, rows.join('\n'));
    return path;
  }
});

/**
 * Issue #13 item 10: an exported Density panel names each of its maps (the
 * flow's, the VAE's, the GAN's), since the HTML labels beside them are not in
 * the export.
 */
describe('an exported Density panel with VAE and GAN', () => {
  const app = useReadyApp('#seed=0&vae=1&gan=1');

  it('names every map in the SVG and draws the names into the PNG', async () => {
    const { page } = app();
    const density = controls(page).panel('Density');
    // The side maps are named once their first grid has arrived.
    await expect.poll(() => density.innerText(), { timeout: 60_000 }).toMatch(/VAE\s+IWAE, k = \d+[\s\S]*GAN\s+kernel estimate/);
    const svg = (await downloadOf(page, 'Export Density as SVG')).toString('utf8');
    for (const name of [/>Flow · exact</, />VAE · IWAE, k = \d+</, />GAN · kernel estimate</]) expect(svg).toMatch(name);
    await saveArtifact('export-density-three-models.svg', svg);

    const png = await downloadOf(page, 'Export Density as PNG');
    await saveArtifact('export-density-three-models.png', png);
    // The PNG's top-left corner holds the Flow label's light plate and dark text: not one flat colour.
    const corner = await page.evaluate(async (bytes) => {
      const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(60, 14);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 2, 3, 60, 14, 0, 0, 60, 14);
      const data = ctx.getImageData(0, 0, 60, 14).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 200) dark += 1;
      return dark;
    }, [...png]);
    expect(corner, 'dark label pixels in the PNG corner').toBeGreaterThan(20);
    expect(app().errors, app().errors.join('\n')).toEqual([]);
  });
});

/** A Gaussian blob as CSV: the user's own points. */
function blobCsv(n: number): string {
  const rows = ['x,y'];
  for (let i = 0; i < n; i++) rows.push(`${(Math.sin(i * 12.9898) * 0.8).toFixed(4)},${(Math.cos(i * 78.233) * 0.8).toFixed(4)}`);
  return rows.join('\n');
}

/** −mean of the CLI's one-log-p-per-line output. */
function meanNll(stdout: string): number {
  const values = stdout.trim().split('\n').map(Number);
  expect(values.length).toBe(APP_TEST_POINTS);
  return -values.reduce((a, b) => a + b, 0) / values.length;
}

/** A model's Test NLL once it has stopped changing (the evaluation of the latest step has landed). */
async function settledNumber(page: Page, model: 'Flow'): Promise<number> {
  const cell = await metricCell(page, model);
  let last = await readNumber(cell);
  for (let quiet = 0; quiet < 4; ) {
    await page.waitForTimeout(300);
    const now = await readNumber(cell);
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  return last;
}

async function downloadOf(page: Page, button: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
  const path = await download.path();
  return readFileSync(path);
}
