import { describe, expect, inject, it } from 'vitest';
import { controls, metricCell, openApp, readNumber, waitFor, waitForAppReady, type AppPage } from './support/browser';
import { alertText, injectFault } from './support/diagnostics';
import { useBrowser } from './support/fixtures';

/**
 * Issue #8, item 2: the flow, the VAE and the GAN each train in their own
 * worker. Through the visible controls: all three train (their own step
 * counts, in the chart's comparison line, and their curves grow), Pause stops
 * all three, Step is one step of each (also right after Reset), Reset clears all three, and a worker
 * that fails is that model's error while the others train on.
 */

const MODELS = ['Flow', 'VAE', 'GAN'] as const;
const HASH = '#backend=wasm&seed=0&vae=1&gan=1';

const stepCount = (app: AppPage, model: (typeof MODELS)[number]) => readNumber(app.page.getByRole('status', { name: `${model} step count`, exact: true }));
const stepCounts = (app: AppPage) => Promise.all(MODELS.map((m) => stepCount(app, m)));
const storedPoints = async (app: AppPage) => Number(await app.page.getByRole('slider', { name: 'Chart read-out step' }).getAttribute('data-stored-points'));
const unexpectedErrors = (app: AppPage) => app.errors.filter((e) => !/injected/.test(e));

/**
 * Play until every model trains, break one baseline's worker with `fault`, and
 * check what a person sees: that model's error is the page's only one, the
 * other two train on, and it stands still. Returns its error line.
 */
async function faultOneModel(app: AppPage, fault: 'crash' | 'kernel', model: 'VAE' | 'GAN'): Promise<string> {
  const { page } = app;
  await waitForAppReady(page, 60_000);
  await controls(page).play.click();
  await waitFor('every model training', () => stepCounts(app), (s) => s.every((n) => n > 10), 90_000, 200);
  await injectFault(page, fault, model === 'VAE' ? 'vae' : 'gan');
  const error = page.getByRole('alert', { name: `${model} error`, exact: true });
  const message = await waitFor(`the ${model}’s error`, () => error.allInnerTexts().then((t) => t.join(' ')), (t) => t !== '', 30_000);
  expect(await controls(page).toggle.innerText(), 'training goes on').toBe('Pause');
  const before = await stepCounts(app);
  const broken = MODELS.indexOf(model);
  await waitFor('the other models to train on', () => stepCounts(app), (s) => s.every((n, i) => i === broken || n > before[i] + 20), 30_000, 200);
  expect(await stepCount(app, model), `the ${model} stopped`).toBe(before[broken]);
  expect(await page.getByRole('alert').count(), `the ${model}’s error is the only one`).toBe(1);
  return message;
}

describe('each model in its own worker', () => {
  const chrome = useBrowser();

  it('all three train and their curves grow; Pause stops all three; Step is one step of each; Reset clears all three', { timeout: 240_000 }, async () => {
    const app = await openApp(chrome().browser, inject('baseUrl'), HASH);
    try {
      const { page } = app;
      const c = controls(page);
      await waitForAppReady(page, 60_000);
      expect(await page.getByLabel('Chart comparison', { exact: true }).innerText()).toMatch(/^At matching steps: Flow 0 · VAE 0 · GAN 0$/);
      expect(await stepCounts(app)).toEqual([0, 0, 0]);

      await c.play.click();
      await waitFor('every model past step 30', () => stepCounts(app), (s) => s.every((n) => n > 30), 90_000, 200);
      const pointsBefore = await storedPoints(app);
      for (const model of ['VAE', 'GAN'] as const) {
        const at = await metricCell(page, model, 'At step');
        await waitFor(`a ${model} figure past step 30`, () => readNumber(at), (n) => n > 30, 60_000, 200);
      }
      const grown = await stepCounts(app);
      await waitFor('all three to go on training', () => stepCounts(app), (s) => s.every((n, i) => n > grown[i]), 30_000, 100);
      expect(await storedPoints(app), 'the chart grew while all three trained').toBeGreaterThan(pointsBefore);
      const curves = Number(await page.getByRole('slider', { name: 'Chart read-out step' }).getAttribute('data-curves'));
      expect(curves, 'train and test curves of the flow and the VAE, the GAN’s test curve').toBeGreaterThanOrEqual(5);

      await c.pause.click();
      await waitFor('the button to read "Play"', () => c.toggle.innerText(), (t) => t === 'Play', 10_000, 50);
      // The last progress of each worker (posted as it stops) is on its way: then nothing moves.
      await page.waitForTimeout(500);
      const paused = await stepCounts(app);
      await page.waitForTimeout(1500);
      expect(await stepCounts(app), 'no model steps while paused').toEqual(paused);

      await c.step.click();
      await waitFor('one more step of each model', () => stepCounts(app), (s) => s.every((n, i) => n === paused[i] + 1), 30_000, 50);
      await page.waitForTimeout(500);
      expect(await stepCounts(app), 'a Step is exactly one step of each').toEqual(paused.map((n) => n + 1));

      await c.reset.click();
      await waitFor('all three back at step 0', () => stepCounts(app), (s) => s.every((n) => n === 0), 30_000, 50);
      for (const model of MODELS) {
        const at = await metricCell(page, model, 'At step');
        await waitFor(`the ${model} figure of the new run`, () => readNumber(at), (n) => n === 0, 60_000, 200);
      }
      const curvesNow = Number(await page.getByRole('slider', { name: 'Chart read-out step' }).getAttribute('data-curves'));
      expect(await storedPoints(app), 'the chart holds only the new run: one step-0 test figure per curve').toBe(curvesNow);

      // Reset and at once Step: the step is the new run's in every worker, as the flow's is. The two
      // buttons are clicked in one task, before the flow's worker can post its new run: the worst case
      // of a quick pair of clicks, every time (two playwright clicks are slow enough to hide it).
      const [reset, step] = await Promise.all([c.reset.elementHandle(), c.step.elementHandle()]);
      await page.evaluate(([r, s]) => {
        (r as HTMLButtonElement).click();
        (s as HTMLButtonElement).click();
      }, [reset, step]);
      await waitFor('one step of the new run in each model', () => stepCounts(app), (s) => s.every((n) => n === 1), 30_000, 50);
      await page.waitForTimeout(500);
      expect(await stepCounts(app), 'a Step right after Reset is one step of each model’s new run').toEqual([1, 1, 1]);
      expect(unexpectedErrors(app), unexpectedErrors(app).join('\n')).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a VAE worker that dies is the VAE’s error: the flow and the GAN train on, and Reset brings the VAE back', { timeout: 240_000 }, async () => {
    const app = await openApp(chrome().browser, inject('baseUrl'), HASH);
    try {
      const { page } = app;
      const c = controls(page);
      expect(await faultOneModel(app, 'crash', 'VAE')).toBe('VAE stopped: The training worker stopped (injected worker crash). Press Reset to start a new one. The other models train on.');

      await c.reset.click();
      await waitFor('the VAE’s error to go', () => alertText(page), (t) => t === '', 30_000);
      await c.play.click();
      await waitFor('all three training again, the VAE in a new worker', () => stepCounts(app), (s) => s.every((n) => n > 10), 90_000, 200);
      await c.pause.click();
      expect(unexpectedErrors(app), unexpectedErrors(app).join('\n')).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a GAN step that throws stops the GAN alone, with one line naming it', { timeout: 240_000 }, async () => {
    const app = await openApp(chrome().browser, inject('baseUrl'), HASH);
    try {
      expect(await faultOneModel(app, 'kernel', 'GAN')).toMatch(/^GAN stopped: training failed: injected failure in kernel \w+\. The other models train on\.$/);
      await controls(app.page).pause.click();
      expect(unexpectedErrors(app), unexpectedErrors(app).join('\n')).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
