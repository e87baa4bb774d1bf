import { describe, expect, inject, it } from 'vitest';
import { metricCell, openApp, waitFor, waitForAppReady } from './support/browser';
import { useBrowser } from './support/fixtures';
import { saveArtifact } from './support/artifacts';
import { measureLayout, plotSummary } from './support/layout';

/**
 * Issue #13, item 1: projector mode made for a lecture hall. At 1280×720 and
 * 1920×1080 the Density and Morph plots are the largest things on the screen
 * (each at least 40 % of the screen's height), the top bar is one line, no
 * word is cut off and nothing scrolls. The normal layout at 1440×900 and
 * 1280×800 keeps every word too. Screenshots go to tests/e2e/artifacts/.
 */
describe('projector layout', () => {
  const chrome = useBrowser();
  /** The Layers strip is a scrolling row of thumbnails on purpose (issue #13, item 8). */
  const scrollers = ['.layer-strip-scroll'];

  for (const size of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ]) {
    it(`projector mode at ${size.width}×${size.height}: large Density and Morph, one-line top bar, no clipped text, no scrolling`, async () => {
      // The VAE and GAN on: the busiest page a lecturer shows (side densities, three table rows).
      const app = await openApp(chrome().browser, inject('baseUrl'), '#seed=0&vae=1&gan=1', size);
      try {
        const { page } = app;
        await waitForAppReady(page);
        await page.getByRole('button', { name: 'Projector mode', exact: true }).click();
        await expect.poll(() => page.locator('.app.projector').count()).toBe(1);
        await page.waitForTimeout(800);
        const r = await measureLayout(page, scrollers);
        console.log(`[projector ${size.width}×${size.height}] plots: ${plotSummary(r)}; top bar ${r.topBarHeight} px, ${r.topBarRows} line(s); clipped: ${r.clipped.length}`);
        await saveArtifact(`projector-${size.width}x${size.height}.png`, await page.screenshot());

        // The square each map is drawn in (its canvas may be wider or taller; the plot is centred in it).
        for (const name of ['Density', 'Morph']) expect(r.squares[name], `${name} plot side`).toBeGreaterThanOrEqual(0.4 * size.height);
        // The show is the density and the morph: the Data map and the Layers thumbnails are smaller, the chart is lower.
        for (const name of ['Density', 'Morph']) {
          expect(r.squares.Data, `Data vs ${name}`).toBeLessThan(r.squares[name]);
          expect(r.plots.Layers.width, `Layers thumbnails vs ${name}`).toBeLessThan(r.squares[name]);
          expect(r.plots['NLL chart'].height, `NLL chart height vs ${name}`).toBeLessThan(r.squares[name]);
        }
        expect(r.topBarRows, 'top bar lines').toBe(1);
        expect(r.clipped, r.clipped.join('\n')).toEqual([]);
        expect(r.pageScrolls, 'the page scrolls').toEqual({ x: false, y: false });
        // The Metrics table lists what trains: Flow, VAE and GAN, not the idle autoregressive model.
        expect((await page.getByRole('rowheader').allInnerTexts()).map((t) => t.trim())).toEqual(['Flow', 'VAE', 'GAN']);

        // The settings fold out over the panels, every word of them visible (the Fit menu's included), and fold back.
        const toggle = page.getByRole('button', { name: 'Settings', exact: true });
        expect(await toggle.getAttribute('aria-expanded')).toBe('false');
        expect(await page.getByRole('combobox', { name: 'Fit', exact: true }).count(), 'folded settings are out of the way').toBe(0);
        await toggle.click();
        const fit = page.getByRole('combobox', { name: 'Fit', exact: true });
        await expect.poll(() => fit.isVisible()).toBe(true);
        const open = await measureLayout(page, [...scrollers, 'aside.sidebar']);
        await saveArtifact(`projector-${size.width}x${size.height}-settings.png`, await page.screenshot());
        const inSidebar = open.clipped.filter((line) => !r.clipped.includes(line));
        expect(inSidebar, inSidebar.join('\n')).toEqual([]);
        await toggle.click();
        await expect.poll(() => fit.count()).toBe(0);
        expect(app.errors, app.errors.join('\n')).toEqual([]);
      } finally {
        await app.close();
      }
    });
  }

  for (const size of [
    { width: 1440, height: 900 },
    { width: 1280, height: 800 },
  ]) {
    it(`normal layout at ${size.width}×${size.height}: every word visible, no scrolling, the settings at hand`, async () => {
      const app = await openApp(chrome().browser, inject('baseUrl'), '#seed=0&vae=1&gan=1', size);
      try {
        const { page } = app;
        await waitForAppReady(page);
        await page.waitForTimeout(800);
        const r = await measureLayout(page, scrollers);
        console.log(`[normal ${size.width}×${size.height}] plots: ${plotSummary(r)}; top bar ${r.topBarHeight} px, ${r.topBarRows} line(s); clipped: ${r.clipped.length}`);
        await saveArtifact(`normal-${size.width}x${size.height}.png`, await page.screenshot());
        expect(await page.getByRole('combobox', { name: 'Dataset', exact: true }).isVisible(), 'settings shown by default').toBe(true);
        for (const name of ['Data', 'Density', 'Morph']) expect(r.squares[name], `${name} plot side`).toBeGreaterThanOrEqual(240);
        expect(r.topBarRows, 'top bar lines').toBe(1);
        expect(r.clipped, r.clipped.join('\n')).toEqual([]);
        expect(r.pageScrolls, 'the page scrolls').toEqual({ x: false, y: false });
        // The idle autoregressive model gets no row (its checkbox says it exists).
        expect((await page.getByRole('rowheader').allInnerTexts()).map((t) => t.trim())).toEqual(['Flow', 'VAE', 'GAN']);
        expect(app.errors, app.errors.join('\n')).toEqual([]);
      } finally {
        await app.close();
      }
    });
  }

  it('normal layout at 1280×800 with all four models training: a fourth Metrics row and a third side map still fit, nothing scrolls', async () => {
    const app = await openApp(chrome().browser, inject('baseUrl'), '#seed=0&vae=1&gan=1&autoregressive=1', { width: 1280, height: 800 });
    try {
      const { page } = app;
      await waitForAppReady(page);
      await page.getByRole('button', { name: 'Play' }).click();
      // Every model's figures in the table (their notes below it are the longest text the panel holds).
      for (const model of ['Flow', 'VAE', 'GAN', 'AR'] as const) {
        await waitFor(`${model}'s test NLL`, async () => (await (await metricCell(page, model)).innerText()).trim(), (t) => /\d/.test(t), 90_000);
      }
      await page.getByRole('button', { name: 'Pause' }).click();
      const r = await measureLayout(page, scrollers);
      console.log(`[four models 1280×800] plots: ${plotSummary(r)}; clipped: ${r.clipped.length}`);
      await saveArtifact('normal-1280x800-four-models.png', await page.screenshot());
      expect((await page.getByRole('rowheader').allInnerTexts()).map((t) => t.trim())).toEqual(['Flow', 'VAE', 'GAN', 'AR']);
      for (const name of ['Data', 'Density', 'Morph']) expect(r.squares[name], `${name} plot side`).toBeGreaterThanOrEqual(200);
      expect(r.clipped, r.clipped.join('\n')).toEqual([]);
      expect(r.pageScrolls, 'the page scrolls').toEqual({ x: false, y: false });
      expect(app.errors, app.errors.join('\n')).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
