import { describe, expect, it } from 'vitest';
import { controls, metricCell, pixelDiff, readNumber, readStepCount, settledPixels, waitFor } from './support/browser';
import { useReadyApp } from './support/fixtures';
import { playUntilNllFalls } from './support/training';

/**
 * Issue #13 item 10: a settings change that throws away a trained run says
 * so and can be undone, bringing back the run itself (its weights, step
 * count and figures), not a retrained copy. Nothing is asked when there is
 * nothing to lose.
 */
describe('undoing a settings change that discarded a trained run', () => {
  // RealNVP explicitly (the page's default is Spline): Undo must bring the Flow menu back to it.
  const app = useReadyApp('#seed=0&flow=realnvp&layers=8');

  it('change the flow after training, Undo: the same run, step count and NLL; training goes on from there', async () => {
    const { page } = app();
    const c = controls(page);
    const flow = page.getByRole('combobox', { name: 'Flow', exact: true });
    const toast = page.getByRole('status', { name: 'Previous run', exact: true });
    const nll = await metricCell(page, 'Flow');
    await playUntilNllFalls(page, 0.3);
    // The count once the worker has stopped (the last progress message may still be on its way).
    let steps = -1;
    await waitFor('a settled step count', async () => [steps, (steps = await readStepCount(page))], ([a, b]) => a === b, 10_000, 400);
    await c.step.click(); // a settled figure at a known step
    await waitFor(`step ${steps + 1}`, () => readStepCount(page), (n) => n === steps + 1);
    const atStep = await metricCell(page, 'Flow', 'At step');
    await waitFor('the figure of that step', () => readNumber(atStep), (n) => n === steps + 1);
    const trained = await readNumber(nll);
    const density = await settledPixels(c.panel('Density'));

    await flow.selectOption('nice');
    await expect.poll(() => toast.innerText()).toMatch(
      new RegExp(`Changing Flow started a new run and put aside the previous one \\(${(steps + 1).toLocaleString('en-US')} trained steps\\)`),
    );
    await waitFor('step 0 of the NICE run', () => readStepCount(page), (n) => n === 0, 20_000);
    await waitFor('a NICE figure', () => readNumber(nll), (v) => Number.isFinite(v) && v !== trained, 30_000);

    await toast.getByRole('button', { name: 'Undo', exact: true }).click();
    await waitFor('the Flow menu back on RealNVP', () => flow.inputValue(), (v) => v === 'realnvp', 10_000);
    await waitFor(`step ${steps + 1} again`, () => readStepCount(page), (n) => n === steps + 1, 20_000);
    await waitFor(`the trained NLL ${trained} again`, () => readNumber(nll), (v) => v === trained, 20_000);
    expect(pixelDiff(density, await settledPixels(c.panel('Density'))), 'the same density').toBeLessThan(0.005);
    expect(await toast.count(), 'the toast goes with the Undo').toBe(0);

    await c.step.click();
    await waitFor(`step ${steps + 2}: training goes on`, () => readStepCount(page), (n) => n === steps + 2, 20_000);
    expect(app().errors, app().errors.join('\n')).toEqual([]);
  });

  it('a backend change says the steps are gone and offers no Undo; at step 0 nothing is said', async () => {
    const { page } = app();
    const c = controls(page);
    const toast = page.getByRole('status', { name: 'Previous run', exact: true });
    expect(await readStepCount(page)).toBeGreaterThan(0);
    await c.backendOverride.selectOption('cpu');
    await expect.poll(() => toast.innerText()).toMatch(/Changing Backend override restarted training on a new worker and discarded [\d,]+ trained steps/);
    expect(await toast.getByRole('button', { name: 'Undo', exact: true }).count()).toBe(0);
    await waitFor('the cpu backend', () => c.backend.innerText(), (t) => t.trim() === 'cpu', 45_000);
    await toast.getByRole('button', { name: 'Dismiss', exact: true }).click();
    expect(await toast.count()).toBe(0);

    await waitFor('step 0', () => readStepCount(page), (n) => n === 0, 20_000);
    await c.dataset.selectOption('rings');
    await page.waitForTimeout(1000);
    expect(await toast.count(), 'nothing to lose at step 0').toBe(0);
    expect(app().errors, app().errors.join('\n')).toEqual([]);
  });
});
