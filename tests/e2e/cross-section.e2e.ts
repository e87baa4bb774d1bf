import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { canvasPixels, colourFraction, controls, openApp, waitForAppReady } from './support/browser';
import { useBrowser } from './support/fixtures';

/** Open "Look inside the layer" and select layer 1, as a person does; the region that shows it. */
async function lookInsideLayerOne(page: Page): Promise<Locator> {
  await waitForAppReady(page);
  const strip = page.getByRole('figure', { name: 'Layers', exact: true });
  await strip.getByRole('button', { name: 'Look inside the layer' }).click();
  await strip.getByRole('button', { name: /^Show layer 1 \(.*\) in the Morph$/ }).click();
  return strip.getByRole('region', { name: 'Inside layer 1' });
}

/**
 * Issue 11, "a look inside one layer": the Layers panel's "Look inside the
 * layer" shows the selected layer's element-wise map. A Glow coupling (affine)
 * draws a straight line on its canvas; the LU layer says what it does instead.
 * A spline coupling, once trained a little, draws a bent curve with its knots.
 */
describe('a look inside one layer', () => {
  const chrome = useBrowser();

  it('a coupling draws its map as a line; the LU layer is described in words', async () => {
    const app = await openApp(chrome().browser, inject('baseUrl'), '#seed=0&flow=glow&layers=2');
    try {
      const { page } = app;
      const inside = await lookInsideLayerOne(page);
      const curve = inside.getByRole('img', { name: /^Cross-section of layer 1: .*, a straight line$/ });
      await expect.poll(() => curve.count(), { timeout: 30_000 }).toBe(1);
      // The curve is drawn in the flow's colour: coloured pixels on the canvas.
      await expect.poll(async () => colourFraction(await canvasPixels(inside)), { timeout: 30_000, message: 'the map drawn' }).toBeGreaterThan(0.005);

      // The kept coordinate is the student's to move; the canvas follows.
      await inside.getByLabel(/^Kept coordinate/).fill('1.5');
      await expect.poll(() => inside.getByRole('img', { name: /with y kept at 1\.5/ }).count(), { timeout: 30_000 }).toBe(1);

      const strip = page.getByRole('figure', { name: 'Layers', exact: true });
      await strip.getByRole('button', { name: /^Show layer 2 \(.*\) in the Morph$/ }).click();
      const lu = strip.getByRole('region', { name: 'Inside layer 2' });
      await expect.poll(() => lu.textContent(), { timeout: 30_000 }).toMatch(/invertible 2×2 matrix/);
      expect(await lu.locator('canvas').isVisible()).toBe(false);
      expect(app.errors, app.errors.join('\n')).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a spline coupling bends once it has trained', async () => {
    const app = await openApp(chrome().browser, inject('baseUrl'), '#seed=0&flow=spline&layers=1&dataset=2spirals');
    try {
      const { page } = app;
      const inside = await lookInsideLayerOne(page);
      // A fresh coupling is the identity: a straight line until it trains.
      await expect.poll(() => inside.getByRole('img', { name: /^Cross-section of layer 1: / }).getAttribute('aria-label'), { timeout: 30_000 }).toMatch(/a straight line$/);
      await controls(page).play.click();
      await expect
        .poll(() => inside.getByRole('img', { name: /^Cross-section of layer 1: / }).getAttribute('aria-label'), { timeout: 150_000, interval: 1000 })
        .toMatch(/, a curve$/);
      await expect.poll(async () => colourFraction(await canvasPixels(inside)), { timeout: 30_000, message: 'the curve drawn' }).toBeGreaterThan(0.005);
      expect(app.errors, app.errors.join('\n')).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
