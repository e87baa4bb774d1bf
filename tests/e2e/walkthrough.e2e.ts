import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { canvasPixels, controls, inkFraction, metricCell, pixelDiff, readNumber, readStepCount, waitFor } from './support/browser';
import { useReadyApp } from './support/fixtures';

/**
 * Issue #13 item 6: the walkthrough shows the step's own data (its batch on
 * the Data panel, carried through the flow on the Morph panel, the summed
 * log-determinant and the loss as numbers) and the loss it shows is the loss
 * of the step it then takes, as the trainer reports it.
 */
const figure = (walk: Locator, name: string) => walk.getByRole('status', { name, exact: true });

async function figureValue(walk: Locator, name: string): Promise<number> {
  return waitFor(`the walkthrough's "${name}"`, () => readNumber(figure(walk, name)), Number.isFinite, 30_000, 50);
}

async function nextPhase(walk: Locator, title: string): Promise<void> {
  await walk.getByRole('button', { name: 'Next phase', exact: true }).click();
  await expect.poll(() => walk.getByRole('heading').innerText()).toBe(title);
}

/** Open the walkthrough after `steps` Steps; the region, once its first figures are in. */
async function openWalkthrough(page: Page, steps: number): Promise<Locator> {
  const c = controls(page);
  const start = await readStepCount(page);
  for (let i = 1; i <= steps; i++) {
    await c.step.click();
    await waitFor(`step ${start + i}`, () => readStepCount(page), (n) => n === start + i, 30_000, 50);
  }
  await page.getByRole('button', { name: 'Walk through a step', exact: true }).click();
  const walk = page.getByRole('region', { name: 'Step walkthrough' });
  await figureValue(walk, (await page.getByRole('combobox', { name: 'Fit', exact: true }).inputValue()) === 'energy' ? 'Base draws z' : 'Batch size');
  return walk;
}

describe('the step walkthrough shows the step itself', () => {
  const app = useReadyApp('#seed=0');

  it('draws the batch, carries it to z, shows log N(z), Σ log|det| and the loss; the step then reports that loss', async () => {
    const { page } = app();
    const c = controls(page);
    const walk = await openWalkthrough(page, 3);
    const start = await readStepCount(page);
    expect(await figureValue(walk, 'Batch size')).toBe(256);
    await expect.poll(() => walk.innerText()).toContain(`Step ${start + 1}:`);

    // The batch on the Data panel: an overlay canvas with dots on it.
    const dataOverlay = await waitFor('the batch over the Data panel', () => canvasPixels(c.panel('Data'), 1), (p) => inkFraction(p) > 0.005, 15_000);
    expect(inkFraction(dataOverlay)).toBeLessThan(0.5);

    // Inverse pass: the Morph slider sweeps to the Gaussian and the batch goes with it.
    const morphAtData = await canvasPixels(c.panel('Morph'), 1);
    await nextPhase(walk, 'Inverse pass');
    await waitFor('the Morph slider at layer 0', () => c.morphSlider.inputValue(), (v) => Number(v) === 0, 15_000, 50);
    const morphAtZ = await waitFor('the batch drawn as z', () => canvasPixels(c.panel('Morph'), 1), (p) => inkFraction(p) > 0.005, 10_000);
    expect(pixelDiff(morphAtData, morphAtZ), 'the batch moved from x to z').toBeGreaterThan(0.01);
    const logBase = await figureValue(walk, 'Mean log N(z; 0, I)');
    expect(logBase).toBeLessThan(-Math.log(2 * Math.PI) + 1e-6); // log N(z) ≤ log N(0)

    await nextPhase(walk, 'Sum of log-determinants');
    const logDet = await figureValue(walk, 'Mean Σ log|det ∂z/∂x|');
    await nextPhase(walk, 'Loss');
    const loss = await figureValue(walk, 'Loss');
    expect(Math.abs(loss - -(logBase + logDet)), 'loss = −(mean log N(z) + mean Σ log|det|)').toBeLessThan(2.5e-4);
    expect(await walk.innerText()).toMatch(/loss = −\(mean log N\(z\) \+ mean Σ log\|det\|\)/);

    await nextPhase(walk, 'Gradient step');
    expect(await readStepCount(page), 'no step until the last phase').toBe(start);
    await walk.getByRole('button', { name: 'Take the step', exact: true }).click();
    await waitFor(`step ${start + 1}`, () => readStepCount(page), (n) => n === start + 1, 15_000, 50);

    // The step's effect, and the trainer's own report of its loss.
    const before = await figureValue(walk, 'Loss before the step');
    const reported = await figureValue(walk, 'Loss the step reported');
    const after = await figureValue(walk, 'Loss after the step');
    expect(before).toBe(loss);
    expect(Math.abs(reported - loss), `the step reported ${reported}, the walkthrough showed ${loss}`).toBeLessThan(1.5e-4);
    expect(after).not.toBe(before);
    const train = await metricCell(page, 'Flow', 'Train');
    await waitFor(`the Metrics table's Train figure to be the step's loss ${loss}`, () => readNumber(train), (v) => Math.abs(v - loss) < 1.5e-4, 15_000);
    // And the next step is described at once: a new batch, a new loss.
    await expect.poll(() => walk.innerText()).toContain(`Step ${start + 2}:`);
    expect(app().errors, app().errors.join('\n')).toEqual([]);

    await walk.getByRole('button', { name: 'Close walkthrough', exact: true }).click();
    await expect.poll(() => c.panel('Data').locator('canvas').count(), { message: 'the overlay goes with the walkthrough' }).toBe(1);
  });
});

describe('the step walkthrough when fitting an energy', () => {
  const app = useReadyApp('#seed=0');

  it('base draws pushed forward; loss = mean log N(z) − Σ log|det| + U, the loss the step reports', async () => {
    const { page } = app();
    await page.getByRole('combobox', { name: 'Fit', exact: true }).selectOption('energy');
    await page.getByRole('combobox', { name: 'Energy', exact: true }).selectOption('u2');
    const testLoss = await metricCell(page, 'Flow', 'Test loss');
    await waitFor('a first energy-mode test loss', () => readNumber(testLoss), Number.isFinite, 45_000);
    const walk = await openWalkthrough(page, 2);
    await nextPhase(walk, 'Forward pass');
    const logBase = await figureValue(walk, 'Mean log N(z; 0, I)');
    await nextPhase(walk, 'Sum of log-determinants');
    const logDet = await figureValue(walk, 'Mean Σ log|det ∂x/∂z|');
    await nextPhase(walk, 'Loss');
    const u = await figureValue(walk, 'Mean U(x)');
    const loss = await figureValue(walk, 'Loss');
    expect(Math.abs(loss - (logBase - logDet + u))).toBeLessThan(3e-4);
    await nextPhase(walk, 'Gradient step');
    await walk.getByRole('button', { name: 'Take the step', exact: true }).click();
    const reported = await figureValue(walk, 'Loss the step reported');
    expect(Math.abs(reported - loss)).toBeLessThan(1.5e-4);
    const train = await metricCell(page, 'Flow', 'Train');
    await waitFor(`the Train figure to be ${loss}`, () => readNumber(train), (v) => Math.abs(v - loss) < 1.5e-4, 15_000);
    expect(app().errors, app().errors.join('\n')).toEqual([]);
  });
});
