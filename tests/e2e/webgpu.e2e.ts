import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { controls, metricCell, openApp, type AppPage, readNumber, readStepCount, waitFor, waitForAppReady } from './support/browser';
import { alertText, injectFault, noticeText } from './support/diagnostics';
import { useBrowser } from './support/fixtures';

/** Steps taken on each backend: WebGPU here is a software adapter, tens of times slower than wasm. */
const STEPS = 3;
/**
 * How close WebGPU's figure must come to CPU's: well under half of one step's change of the
 * figure at the default settings (about 6e-4 to 2e-3 nats on ~3.94 over the first steps, checked
 * below), so a match names the step, and a kept model is told from an untrained one.
 */
const RELATIVE_TOLERANCE = 2e-4;
/**
 * The whole WebGPU half (start, compile, steps, read-backs) must fit in this; the test's own limit
 * is above it so our message, not a bare timeout, explains a failure. It catches a hang, not
 * slowness: the half takes a minute or two alone, several times that on a busy two-core machine.
 */
const WEBGPU_BUDGET_MS = 480_000;
/**
 * The device-loss test: a WebGPU page STEPS steps in, the loss, one Step on software WebGL.
 * It continues on the page the agreement test trained (already checked against CPU), as opening
 * WebGPU again would compile every shader again (tens of seconds here); run alone, it opens and
 * trains its own page.
 */
const LOSS_BUDGET_MS = 480_000;

/** Open the app with the backend forced by the URL hash and fail, with the app's reason, unless "Backend" names it. */
async function requireBackend(page: Page, backend: 'webgpu' | 'cpu'): Promise<void> {
  const c = controls(page);
  const shown = await waitFor('the "Backend" status to name a backend', () => c.backend.innerText(), (t) => /^(webgpu|webgl|wasm|cpu|none)$/.test(t.trim()), 90_000, 200).catch(
    async (err) => `${(err as Error).message}; alert: ${(await page.getByRole('alert').allInnerTexts()).join(' ')}`,
  );
  if (shown.trim() !== backend) {
    // The app falls back to another backend and gives the reason in the status line's tooltip.
    const why = await c.backend.locator('xpath=..').getAttribute('title').catch(() => null);
    throw new Error(
      `asked for #backend=${backend} but "Backend" shows "${shown.trim()}"` +
        (why ? `; the app's reason: ${why}` : '') +
        (backend === 'webgpu' ? '. WebGPU did not start in this Chromium with --enable-unsafe-webgpu.' : ''),
    );
  }
  expect(await c.backendOverride.inputValue(), 'the "Backend override" combobox shows the hash choice').toBe(backend);
}

/**
 * Open the app on WebGPU and wait, within `budgetMs`, until Step can be pressed (shaders compile
 * slowly on a software adapter); `left()` is what remains of the budget for the test's own waits.
 */
async function openOnWebgpu(browser: Browser, budgetMs: number): Promise<{ app: AppPage; left: () => number }> {
  const deadline = Date.now() + budgetMs;
  const left = () => Math.max(1000, deadline - Date.now());
  const app = await openApp(browser, inject('baseUrl'), '#backend=webgpu&seed=0');
  try {
    await requireBackend(app.page, 'webgpu');
    await waitFor('the Step button to be enabled', () => controls(app.page).step.isEnabled(), (v) => v, left());
  } catch (err) {
    await app.close();
    throw err;
  }
  return { app, left };
}

/** A WebGPU page after `steps` Steps, with the Flow's test NLL before and after them. */
interface TrainedWebgpuPage {
  app: AppPage;
  steps: number;
  untrained: number;
  trained: number;
}

/** The device-loss test run alone: open WebGPU and take `steps` Steps, reading the Flow's test NLL before and after. */
async function trainOwnWebgpuPage(browser: Browser, steps: number, budgetMs: number): Promise<TrainedWebgpuPage> {
  const { app, left } = await openOnWebgpu(browser, budgetMs);
  try {
    const { page } = app;
    const c = controls(page);
    const nll = await metricCell(page, 'Flow', 'Test NLL');
    const atStep = await metricCell(page, 'Flow', 'At step');
    const untrained = await waitFor('a first Flow test NLL', () => readNumber(nll), Number.isFinite, left(), 250);
    for (let i = 0; i < steps; i++) await c.step.click();
    await waitFor(`step count ${steps} on webgpu`, () => readStepCount(page), (n) => n === steps, left(), 250);
    await waitFor(`the Flow figure of step ${steps}`, () => readNumber(atStep), (n) => n === steps, left(), 250);
    return { app, steps, untrained, trained: await readNumber(nll) };
  } catch (err) {
    await app.close();
    throw err;
  }
}

describe('WebGPU backend', () => {
  const chrome = useBrowser({ webgpu: true });
  /** Handed from the agreement test to the device-loss test (which takes it, or opens its own). */
  let trainedPage: TrainedWebgpuPage | undefined;
  afterAll(async () => {
    await trainedPage?.app.close();
  });

  it(`trains on WebGPU and agrees with CPU on the flow's exact test NLL after ${STEPS} steps`, { timeout: WEBGPU_BUDGET_MS + 60_000 }, async () => {
    // CPU first, one Step at a time. Paused, the worker evaluates once per new step, so each
    // change of the figure after a Step is that step's evaluation: the readings are tied to steps.
    const cpu: number[] = [];
    {
      const app = await openApp(chrome().browser, inject('baseUrl'), '#backend=cpu&seed=0');
      try {
        const { page } = app;
        const c = controls(page);
        await requireBackend(page, 'cpu');
        await waitForAppReady(page);
        const nll = await metricCell(page, 'Flow', 'Test NLL');
        cpu.push(await readNumber(nll));
        for (let i = 1; i <= STEPS; i++) {
          await c.step.click();
          await waitFor(`step count ${i} on cpu`, () => readStepCount(page), (n) => n === i, 30_000, 50);
          const previous = cpu[i - 1];
          cpu.push(await waitFor(`the Flow test NLL to change after step ${i} on cpu`, () => readNumber(nll), (v) => Number.isFinite(v) && v !== previous, 30_000, 50));
        }
        expect(app.errors, `cpu page errors:\n${app.errors.join('\n')}`).toEqual([]);
      } finally {
        await app.close();
      }
    }
    console.log(`[webgpu] cpu: Flow test NLL by step ${cpu.join(', ')}`);
    expect(cpu[STEPS], 'the steps changed the model').not.toBe(cpu[0]);
    // The tolerance must be able to tell step STEPS from step STEPS − 1, or a match would prove little.
    expect(Math.abs(cpu[STEPS] - cpu[STEPS - 1]), `the last step's change against twice the tolerance (cpu by step: ${cpu.join(', ')})`).toBeGreaterThan(
      2 * RELATIVE_TOLERANCE * Math.abs(cpu[STEPS]),
    );

    // WebGPU: every shader compiles on first use on a software adapter (tens of seconds), so
    // take the Steps at once and wait for the step-STEPS figure. Successive steps' figures differ
    // by far more than the tolerance, so matching CPU's step-STEPS value identifies the step.
    const { app, left } = await openOnWebgpu(chrome().browser, WEBGPU_BUDGET_MS);
    try {
      const { page } = app;
      const c = controls(page);
      for (let i = 0; i < STEPS; i++) await c.step.click();
      await waitFor(`step count ${STEPS} on webgpu`, () => readStepCount(page), (n) => n === STEPS, left(), 250);
      const nll = await metricCell(page, 'Flow', 'Test NLL');
      const target = cpu[STEPS];
      const close = (v: number) => Math.abs(v - target) <= RELATIVE_TOLERANCE * Math.abs(target);
      let gpu = Number.NaN;
      try {
        gpu = await waitFor(`a Flow test NLL within ${RELATIVE_TOLERANCE} (relative) of cpu's ${target}`, () => readNumber(nll), close, left(), 250);
      } catch (err) {
        const last = await readNumber(nll);
        const stale = cpu.findIndex(close);
        throw new Error(
          `WebGPU's Flow test NLL after ${STEPS} steps is ${last}, CPU's is ${target} (relative difference ${(Math.abs(last - target) / target).toExponential(2)}; ` +
            `cpu by step: ${cpu.join(', ')}${stale >= 0 && stale < STEPS ? `; webgpu still shows the step-${stale} figure` : ''}). ${(err as Error).message}`,
        );
      }
      console.log(`[webgpu] webgpu: Flow test NLL after ${STEPS} steps ${gpu} (cpu ${target})`);
      await page.waitForTimeout(500);
      expect(await readStepCount(page), 'no extra steps').toBe(STEPS);
      expect(Math.abs(gpu - target) / Math.abs(target)).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
      expect(app.errors, `webgpu page errors:\n${app.errors.join('\n')}`).toEqual([]);
      // Same seed, so the untrained figure is CPU's step-0 one (WebGPU agrees with CPU, checked just above).
      trainedPage = { app, steps: STEPS, untrained: cpu[0], trained: gpu };
    } finally {
      if (trainedPage?.app !== app) await app.close();
    }
  });
  it('falls back to WebGL when the WebGPU device is lost, keeping the trained steps', { timeout: LOSS_BUDGET_MS + 60_000 }, async () => {
    const given = trainedPage;
    trainedPage = undefined;
    const { app, steps, untrained, trained } = given ?? (await trainOwnWebgpuPage(chrome().browser, STEPS, LOSS_BUDGET_MS));
    try {
      const { page } = app;
      const c = controls(page);
      const nll = await metricCell(page, 'Flow', 'Test NLL');
      console.log(`[webgpu] device loss on ${given ? "the agreement test's page" : 'its own page'} at step ${steps}: Flow test NLL ${untrained} → ${trained}`);
      expect(await readStepCount(page), 'the page is at its trained step').toBe(steps);
      // The re-evaluation below must be able to tell kept weights from untrained ones.
      expect(Math.abs(trained - untrained), 'the steps changed the model by more than the tolerance').toBeGreaterThan(RELATIVE_TOLERANCE * Math.abs(trained));

      // What a driver reset does to a page: the device goes away under the running worker.
      await injectFault(page, 'device-lost');
      const notice = await waitFor('the fallback notice', () => noticeText(page), (t) => /was lost/.test(t), 120_000, 250);
      expect(notice).toMatch(new RegExp(`^The WebGPU device was lost \\(.*\\): training continues on webgl from step ${steps}\\.$`));
      expect((await c.backend.innerText()).trim()).toBe('webgl');
      expect(await alertText(page)).toBe('');
      expect(await readStepCount(page), 'the step count did not reset').toBe(steps);
      // Paused, the rebuilt run is evaluated at once, from the weights saved before the loss.
      await waitFor('the Flow test NLL re-evaluated on webgl', () => readNumber(nll), (v) => Math.abs(v - trained) <= RELATIVE_TOLERANCE * Math.abs(trained), 120_000, 250);

      await c.step.click();
      await waitFor(`step ${steps + 1} on webgl`, () => readStepCount(page), (n) => n === steps + 1, 120_000, 250);
      expect(app.errors.filter((e) => !/injected|lost|destroyed/i.test(e)), app.errors.join('\n')).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
