import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MAX_STORED_POINTS } from '../../src/state/series';
import { saveArtifact } from './support/artifacts';
import { controls, metricCell, pixelDiff, readNumber, readStepCount, settledPixels, waitFor, type Pixels } from './support/browser';
import { useReadyApp } from './support/fixtures';

/**
 * Issue #13 items 3–5 and #12 item 10 in the browser: with VAE and GAN on the
 * NLL chart's y range follows the curves (not the GAN's first estimate), the
 * read-out shows each curve's stored value (the CSV's), the smoothing and
 * log controls redraw the chart, the table marks bounds and estimates and
 * shows smoothed and best figures, small held-out sets are flagged, and the
 * chart's stored points stay bounded.
 */

const chart = (page: Page) => page.getByRole('figure', { name: 'NLL chart', exact: true });
const plotCanvas = (page: Page) => page.getByRole('slider', { name: 'Chart read-out step', exact: true });

async function plotRect(canvas: Locator): Promise<{ left: number; top: number; width: number; height: number }> {
  const [left, top, width, height] = (await canvas.getAttribute('data-plot'))!.split(',').map(Number);
  return { left, top, width, height };
}

/** Rows (top to bottom) holding a pixel of `colour` inside columns [x0, x1) of the plot. */
function rowsWith(p: Pixels, x0: number, x1: number, y0: number, y1: number, match: (r: number, g: number, b: number, a: number) => boolean): number[] {
  const rows: number[] = [];
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = 4 * (y * p.width + x);
      if (match(p.data[i], p.data[i + 1], p.data[i + 2], p.data[i + 3])) {
        rows.push(y);
        break;
      }
    }
  }
  return rows;
}

/** The flow's blue (#0072b2), drawn opaque (test curve) or at half strength (train curve) on white. */
const flowBlue = (r: number, g: number, b: number, a: number) => a > 100 && b > 150 && r < 150 && b - r > 60 && g < b - 20;
/** Any model's colour: saturated, not the grey of grid lines and text. */
const anyColour = (r: number, g: number, b: number, a: number) => a > 100 && Math.max(r, g, b) - Math.min(r, g, b) > 60;

async function downloadCsv(page: Page): Promise<string[][]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export NLL curves as CSV', exact: true }).click()]);
  return readFileSync(await download.path())
    .toString('utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      // Labels here hold no commas or quotes; the last five fields are plain.
      const parts = line.split(',');
      return [parts.slice(0, parts.length - 5).join(','), ...parts.slice(-5)];
    });
}

describe('the NLL chart with VAE and GAN on', () => {
  // A small batch: the same three models and curves, at steps a busy two-core machine can afford.
  const app = useReadyApp('#seed=0&vae=1&gan=1&batch=64');

  /** Later tests need the run to hold still, whether or not the first one got as far as pausing it. */
  async function paused(page: Page): Promise<void> {
    const c = controls(page);
    if ((await c.toggle.innerText()) === 'Pause') await c.pause.click();
    await waitFor('the button to read "Play"', () => c.toggle.innerText(), (t) => t === 'Play', 10_000, 50);
    await page.waitForTimeout(1000); // the last read-backs of the paused step
  }

  it('after training a while, the y range follows the curves, not the GAN’s first estimate', async () => {
    const { page } = app();
    const c = controls(page);
    await c.play.click();
    // Every model has reported held-out figures a few times, and the run is well past warm-up.
    const gan = await metricCell(page, 'GAN');
    await waitFor('a GAN figure', () => readNumber(gan), Number.isFinite, 90_000, 250);
    await waitFor('step 300', () => readStepCount(page), (n) => n >= 300, 400_000, 250);
    const atStep = await metricCell(page, 'GAN', 'At step');
    await waitFor('a GAN figure past step 150', () => readNumber(atStep), (n) => n >= 150, 200_000, 250);
    await paused(page);
    await page.mouse.move(0, 0);
    const canvas = plotCanvas(page);
    const pixels = await settledPixels(chart(page));
    await saveArtifact('chart-vae-gan.png', await chart(page).screenshot());
    const plot = await plotRect(canvas);
    const bottom = plot.top + plot.height;

    // Each model trains in its own worker at its own pace and the x axis runs to the furthest one (the flow):
    // the curves are compared over the steps every model has reached, the slowest model's share of the axis.
    const steps = await Promise.all(['Flow', 'VAE', 'GAN'].map((m) => readNumber(page.getByRole('status', { name: `${m} step count`, exact: true }))));
    const shared = Math.min(...steps) / Math.max(...steps);
    // There, the flow's curves after the first tenth of the steps cover a good share of the plot's height.
    const flowRows = rowsWith(pixels, Math.round(plot.left + 0.12 * shared * plot.width), Math.round(plot.left + shared * plot.width), plot.top, bottom, flowBlue);
    expect(flowRows.length, 'the flow is drawn').toBeGreaterThan(5);
    expect((Math.max(...flowRows) - Math.min(...flowRows)) / plot.height, 'flow curve height share').toBeGreaterThan(0.25);
    // Where the curves are now (the last fifth of those shared steps), they are spread out, not squashed into the bottom fifth.
    const now = rowsWith(pixels, Math.round(plot.left + 0.75 * shared * plot.width), Math.round(plot.left + 0.95 * shared * plot.width), plot.top, bottom, anyColour);
    expect((Math.max(...now) - Math.min(...now)) / plot.height, 'curves spread over the plot').toBeGreaterThan(0.3);
    expect(Math.min(...now), 'the top curve is not in the bottom fifth').toBeLessThan(bottom - 0.2 * plot.height);

    const stored = Number(await canvas.getAttribute('data-stored-points'));
    expect(stored).toBeGreaterThan(20);
    expect(stored).toBeLessThanOrEqual(7 * MAX_STORED_POINTS);
  }, 660_000);

  it('hovering shows every curve’s stored value at that step (the CSV’s), and the arrow keys move it without stepping', async () => {
    const { page } = app();
    await paused(page);
    const canvas = plotCanvas(page);
    const plot = await plotRect(canvas);
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + plot.left + 0.6 * plot.width, box.y + plot.top + plot.height / 2);
    const readout = page.getByRole('status', { name: 'Chart read-out', exact: true });
    await waitFor('the read-out', () => readout.count(), (n) => n === 1, 10_000, 50);
    await saveArtifact('chart-hover.png', await chart(page).screenshot());
    const hovered = Number(await readout.getAttribute('data-step'));
    expect(hovered).toBeGreaterThan(0);
    const rows = await readout.getByRole('listitem').evaluateAll((items) =>
      items.map((li) => ({ series: li.getAttribute('data-series')!, step: li.getAttribute('data-step')!, value: li.getAttribute('data-value')!, text: li.textContent! })),
    );
    // Flow train + test, VAE train + two tests, GAN test.
    expect(rows.length).toBeGreaterThanOrEqual(5);
    const csv = await downloadCsv(page);
    for (const row of rows) {
      const match = csv.find((r) => r[0] === row.series && r[4] === row.step);
      expect(match, `CSV has ${row.series} at step ${row.step}`).toBeDefined();
      expect(Number(match![5])).toBe(Number(row.value));
      expect(row.text).toContain(Number(row.value).toFixed(4));
    }

    // Keyboard: focus the plot, End goes to the last step, ← moves back; the → shortcut (Step) does not fire.
    await page.mouse.move(0, 0);
    const stepBefore = await readStepCount(page);
    await canvas.focus();
    await page.keyboard.press('End');
    const lastStep = Math.max(...csv.map((r) => Number(r[4])));
    await waitFor('the read-out at the last stored step', () => readout.getAttribute('data-step').then(Number), (s) => s === lastStep, 10_000, 50);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    const back = Number(await readout.getAttribute('data-step'));
    expect(back).toBeLessThan(lastStep);
    await page.keyboard.press('ArrowRight');
    expect(Number(await readout.getAttribute('data-step'))).toBeGreaterThan(back);
    await page.waitForTimeout(500);
    expect(await readStepCount(page), 'arrows on the chart do not step the model').toBe(stepBefore);
    expect(await canvas.getAttribute('aria-valuetext')).toMatch(/^step \d+$/);
    await page.keyboard.press('Escape');
    await page.getByRole('checkbox', { name: 'Smoothed' }).focus();
  });

  it('Smoothed and Log scale redraw the chart, and say so on the canvas', async () => {
    const { page } = app();
    await paused(page);
    const canvas = plotCanvas(page);
    await page.mouse.move(0, 0);
    const plain = await settledPixels(chart(page));
    const smooth = page.getByRole('checkbox', { name: 'Smoothed' });
    await smooth.check();
    await waitFor('data-smoothed', () => canvas.getAttribute('data-smoothed'), (v) => v === 'true');
    const smoothed = await settledPixels(chart(page));
    expect(pixelDiff(plain, smoothed), 'smoothing changes the drawing').toBeGreaterThan(0.003);
    await saveArtifact('chart-smoothed.png', await chart(page).screenshot());

    const log = page.getByRole('checkbox', { name: 'Log scale above floor' });
    await log.check();
    await waitFor('data-y-scale', () => canvas.getAttribute('data-y-scale'), (v) => v === 'log');
    const logged = await settledPixels(chart(page));
    expect(pixelDiff(smoothed, logged), 'the log axis changes the drawing').toBeGreaterThan(0.003);
    await saveArtifact('chart-log.png', await chart(page).screenshot());
    await log.uncheck();
    await smooth.uncheck();
    await waitFor('linear again', () => canvas.getAttribute('data-y-scale'), (v) => v === 'linear');
    expect(pixelDiff(plain, await settledPixels(chart(page))), 'both off: the first drawing again').toBeLessThan(0.002);
    expect(app().errors, app().errors.join('\n')).toEqual([]);
  });

  it('the table marks bounds and estimates and shows smoothed and best figures', async () => {
    const { page } = app();
    const kinds = { Flow: 'exact', VAE: '≤ bound', GAN: '≈ estimate' } as const;
    for (const model of ['Flow', 'VAE', 'GAN'] as const) {
      expect((await (await metricCell(page, model, 'Kind')).innerText()).trim()).toBe(kinds[model]);
      const gap = await readNumber(await metricCell(page, model, 'Above floor'));
      const best = await readNumber(await metricCell(page, model, 'Best'));
      const smoothed = await readNumber(await metricCell(page, model, 'Smoothed'));
      expect(Number.isFinite(gap) && Number.isFinite(best) && Number.isFinite(smoothed), `${model}: ${gap}, ${best}, ${smoothed}`).toBe(true);
      // The best so far is no worse than the latest reading (to the digits shown).
      expect(best).toBeLessThanOrEqual(gap + 0.01);
    }
    const ganValue = await metricCell(page, 'GAN');
    expect((await ganValue.innerText()).trim(), 'an estimate shows fewer digits').toMatch(/^-?\d+\.\d\d$/);
    expect((await (await metricCell(page, 'Flow')).innerText()).trim()).toMatch(/^-?\d+\.\d{4}$/);
    const symbol = (cell: Locator) => cell.evaluate((el) => getComputedStyle(el, '::before').content);
    expect(await symbol(ganValue)).toBe('"≈ "');
    expect(await symbol(await metricCell(page, 'VAE'))).toBe('"≤ "');
    expect(await symbol(await metricCell(page, 'Flow'))).toBe('none');
    expect(await ganValue.getAttribute('title')).toMatch(/flatter/);
    // One k for the IWAE everywhere it is named.
    const densityText = await controls(page).panel('Density').innerText();
    const notes = await page.locator('.figure-notes').innerText();
    const ks = [...`${densityText} ${notes}`.matchAll(/IWAE,? k ?= ?(\d+)/g)].map((m) => m[1]);
    expect(ks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ks).size, `IWAE k shown: ${ks.join(', ')}`).toBe(1);
  });
});

describe('a small held-out set', () => {
  const app = useReadyApp('#seed=0');

  it('is flagged with its count', async () => {
    const { page } = app();
    const rows = ['x,y'];
    for (let i = 0; i < 600; i++) rows.push(`${Math.cos(i * 0.37) * 2 + Math.sin(i * 1.3) * 0.1},${Math.sin(i * 0.37) * 2 + Math.cos(i * 2.1) * 0.1}`);
    await controls(page).panel('Data').getByLabel('Import CSV').setInputFiles({ name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
    const note = page.getByRole('note', { name: 'Small test set: Flow' });
    await waitFor('the small-test-set note', () => note.count(), (n) => n === 1, 60_000, 100);
    expect(await note.innerText()).toMatch(/only 120 held-out points/);
  });

  it('in projector mode (everything drawn larger) the read-out still follows the pointer', async () => {
    const { page } = app();
    const c = controls(page);
    await page.getByRole('button', { name: 'Projector mode' }).click();
    await c.play.click();
    // Far enough that the read-out's snapping to stored steps is a small share of the axis.
    await waitFor('step 200', () => readStepCount(page), (n) => n >= 200, 120_000, 100);
    await c.pause.click();
    await waitFor('the button to read "Play"', () => c.toggle.innerText(), (t) => t === 'Play', 10_000, 50);
    await page.waitForTimeout(1000);
    const canvas = plotCanvas(page);
    const plot = await plotRect(canvas);
    const box = (await canvas.boundingBox())!;
    const readout = page.getByRole('status', { name: 'Chart read-out', exact: true });
    const stepAt = async (share: number) => {
      await page.mouse.move(box.x + plot.left + share * plot.width, box.y + plot.top + plot.height / 2);
      await waitFor('the read-out', () => readout.count(), (n) => n === 1, 10_000, 50);
      return Number(await readout.getAttribute('data-step'));
    };
    const last = await stepAt(1);
    const middle = await stepAt(0.5);
    await saveArtifact('chart-projector-hover.png', await page.screenshot());
    // The x axis starts at 0 and ends at (about) the last step: half way along is about half the steps.
    expect(middle / last).toBeGreaterThan(0.4);
    expect(middle / last).toBeLessThan(0.6);
    await page.mouse.move(0, 0);
  }, 240_000);
});
