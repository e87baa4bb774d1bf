import { describe, expect, it } from 'vitest';
import { metricCell, readNumber, readStepCount, waitFor, waitForAppReady } from './support/browser';
import { useReadyApp } from './support/fixtures';
import { playUntilNllFalls } from './support/training';

/**
 * Issue 11: the Flow menu offers Spline, MAF and IAF; each trains and lowers
 * the Flow's test NLL in the Metrics table; the autoregressive ones say beside
 * the speed which direction takes D passes, and the Explain dialog says why.
 */
describe('spline and autoregressive flows in the page', () => {
  const app = useReadyApp('#seed=0&dataset=moons');

  it.each([
    { label: 'Spline', note: null },
    { label: 'MAF', note: 'MAF: sampling takes 2 passes per layer' },
    { label: 'IAF', note: 'IAF: density grid takes 2 passes per layer' },
  ])('choosing $label trains it and lowers the Flow test NLL', async ({ label, note }) => {
    const { page, errors } = app();
    const flowMenu = page.getByRole('combobox', { name: 'Flow', exact: true });
    await flowMenu.selectOption({ label });
    // A new flow is a new run: back to step 0 with a fresh figure.
    await waitFor('the step count back at 0', () => readStepCount(page), (n) => n === 0);
    await waitForAppReady(page);
    const atStep = await metricCell(page, 'Flow', 'At step');
    await waitFor('the Flow figure of step 0', () => readNumber(atStep), (n) => n === 0);
    const { before, after } = await playUntilNllFalls(page, 0.2, 120_000);
    expect(after).toBeLessThan(before - 0.2);
    expect(await readStepCount(page)).toBeGreaterThan(0);
    const notes = page.locator('.status-note');
    if (note) await expect.poll(() => notes.innerText()).toBe(note);
    else expect(await notes.count()).toBe(0);
    expect(errors, errors.join('\n')).toEqual([]);
  });

  it('the Explain dialog says which direction of MAF and IAF takes D sequential passes', async () => {
    const { page } = app();
    await page.getByRole('button', { name: 'Explain', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Explanations' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const text = await dialog.innerText();
    expect(text).toMatch(/MAF’s density \(and its training\) takes one pass/);
    expect(text).toMatch(/MAF’s sampling takes D sequential passes/);
    expect(text).toMatch(/IAF samples in one pass/);
    expect(text).toMatch(/its density takes D sequential passes/);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });
});
