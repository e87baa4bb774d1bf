import { describe, expect, it } from 'vitest';
import { canvasPixels, controls, metricCell, pixelDiff, readNumber, readStepCount, settledPixels, waitFor } from './support/browser';
import { useReadyApp } from './support/fixtures';
import { playUntilNllFalls } from './support/training';

/**
 * Issue #5, "your own data": a CSV import (a bad file changes nothing and says
 * where it is wrong; a good one trains), a drawn dataset that trains, and
 * degenerate points that train without NaN while the page says why the NLL
 * keeps falling.
 */
describe('your own data', () => {
  const app = useReadyApp('#seed=0');
  const dataPanel = () => controls(app().page).panel('Data');
  const importCsv = (name: string, text: string) =>
    dataPanel().getByLabel('Import CSV').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

  it('a malformed CSV is refused with its line, and the previous data and run stay', async () => {
    const { page } = app();
    const c = controls(page);
    await c.step.click();
    await waitFor('step 1', () => readStepCount(page), (n) => n === 1);
    const before = await settledPixels(dataPanel());

    await importCsv('bad.csv', 'x,y\n1,2\n3,4\n5,abc\n7,8\n');
    const alert = dataPanel().getByRole('alert');
    await expect.poll(() => alert.innerText()).toMatch(/bad\.csv.*line 4/s);
    await page.waitForTimeout(800);
    expect(await readStepCount(page), 'the run was not reset').toBe(1);
    expect(await c.dataset.inputValue()).toBe('moons');
    expect(pixelDiff(before, await canvasPixels(dataPanel())), 'the Data panel is unchanged').toBeLessThan(0.001);
  });

  it('a good CSV replaces the data and trains: the Flow test NLL falls', async () => {
    const { page } = app();
    const c = controls(page);
    await importCsv('ring.csv', ringCsv(3000));
    await expect.poll(() => dataPanel().innerText()).toMatch(/Training on: ring\.csv/);
    expect(await dataPanel().getByRole('alert').count(), 'a good import clears the error').toBe(0);
    await waitFor('step 0 of the new run', () => readStepCount(page), (n) => n === 0);
    await expect.poll(() => c.dataset.locator('option:checked').innerText()).toMatch(/ring\.csv/);
    await playUntilNllFalls(page, 0.3);
  });

  it('a drawn dataset trains', async () => {
    const { page } = app();
    await dataPanel().getByRole('button', { name: 'Draw', exact: true }).click();
    await dataPanel().getByRole('button', { name: 'Clear drawing', exact: true }).click().catch(() => {});
    const canvas = dataPanel().getByRole('img', { name: /Drawing area/ });
    const box = (await canvas.boundingBox())!;
    const side = Math.min(box.width, box.height);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    // Two strokes: an arc and a bar, the way a student would scribble.
    await page.mouse.move(cx - side * 0.3, cy);
    await page.mouse.down();
    for (let a = 0; a <= Math.PI; a += Math.PI / 24) await page.mouse.move(cx - side * 0.3 * Math.cos(a), cy - side * 0.25 * Math.sin(a), { steps: 3 });
    await page.mouse.up();
    await page.mouse.move(cx - side * 0.2, cy + side * 0.2);
    await page.mouse.down();
    await page.mouse.move(cx + side * 0.25, cy + side * 0.2, { steps: 40 });
    await page.mouse.up();

    const train = dataPanel().getByRole('button', { name: 'Train on drawing', exact: true });
    await expect.poll(() => train.isEnabled()).toBe(true);
    await train.click();
    await expect.poll(() => dataPanel().innerText()).toMatch(/Training on: drawing \(\d+ points\)/);
    await waitFor('step 0 of the new run', () => readStepCount(page), (n) => n === 0);
    await playUntilNllFalls(page, 0.3);
  });

  it('identical points train without NaN and the page says why the NLL keeps falling', async () => {
    const { page } = app();
    const c = controls(page);
    await importCsv('same.csv', Array.from({ length: 200 }, () => '1.5,-0.5').join('\n'));
    await expect.poll(() => dataPanel().innerText()).toMatch(/Training on: same\.csv/);
    const warning = page.getByRole('note', { name: 'Data warning' });
    await expect.poll(() => warning.count()).toBe(1);
    expect(await warning.innerText()).toMatch(/no area/i);

    const nll = await metricCell(page, 'Flow');
    const first = await waitFor('a first Flow NLL', () => readNumber(nll), Number.isFinite);
    await c.play.click();
    const seen: number[] = [];
    await waitFor(
      'the NLL to fall 3 nats below the start',
      async () => {
        const text = (await nll.innerText()).trim();
        expect(text, 'never NaN').not.toMatch(/NaN|Infinity/);
        const v = await readNumber(nll);
        if (Number.isFinite(v)) seen.push(v);
        return v;
      },
      (v) => v < first - 3,
      90_000,
      250,
    );
    await c.pause.click();
    expect(await page.getByRole('alert').count(), 'no error').toBe(0);
    expect(app().errors, app().errors.join('\n')).toEqual([]);
  });
});

/** Points on a noisy ring of radius 2, as a person's CSV with a header. */
function ringCsv(n: number): string {
  const rows = ['x,y'];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const r = 2 + 0.15 * Math.sin(37 * i);
    rows.push(`${(r * Math.cos(a)).toFixed(4)},${(r * Math.sin(a)).toFixed(4)}`);
  }
  return rows.join('\n');
}
