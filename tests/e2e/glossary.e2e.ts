import { describe, expect, inject, it } from 'vitest';
import { controls, openApp, waitForAppReady } from './support/browser';
import { useBrowser } from './support/fixtures';

/**
 * Issue #13, item 7: a first-run line that says what to do (dismissed once,
 * remembered), and the page's terms explained where they appear, with one
 * glossary behind them all.
 */
describe('first-run guidance and glossary', () => {
  const chrome = useBrowser();

  it('the first-run line says how to start, and stays dismissed after a reload', async () => {
    const app = await openApp(chrome().browser, inject('baseUrl'), '#seed=0');
    try {
      const { page } = app;
      await waitForAppReady(page);
      const hint = page.getByRole('note', { name: 'Getting started' });
      expect(await hint.innerText()).toMatch(/Press Play[\s\S]*Space[\s\S]*start training/);
      await hint.getByRole('button', { name: 'Got it', exact: true }).click();
      await expect.poll(() => hint.count()).toBe(0);
      await page.reload();
      await waitForAppReady(page);
      expect(await page.getByRole('note', { name: 'Getting started' }).count(), 'remembered across a reload').toBe(0);
      // Space still starts training once the line is gone.
      await page.keyboard.press('Space');
      await expect.poll(() => controls(page).toggle.innerText(), { timeout: 10_000 }).toBe('Pause');
      await page.keyboard.press('Space');
      expect(app.errors, app.errors.join('\n')).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a term explains itself where it appears and opens the Glossary at its entry; the Glossary holds every term the page uses', async () => {
    // RealNVP: its Layers strip shows the 'affine cpl.' term this test follows.
    const app = await openApp(chrome().browser, inject('baseUrl'), '#seed=0&flow=realnvp&layers=8&vae=1&gan=1');
    try {
      const { page } = app;
      await waitForAppReady(page);
      const strip = page.getByRole('figure', { name: 'Layers', exact: true });
      const term = strip.getByRole('button', { name: 'affine cpl.', exact: true });
      const description = await term.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
      expect(description).toMatch(/coupling/i);
      expect(await term.getAttribute('title')).toBe(description);

      // The VAE's and GAN's density methods are terms too.
      const density = controls(page).panel('Density');
      await expect.poll(() => density.getByRole('button', { name: /IWAE/ }).count(), { timeout: 30_000 }).toBe(1);
      await expect.poll(() => density.getByRole('button', { name: 'kernel estimate', exact: true }).count(), { timeout: 30_000 }).toBe(1);

      await term.click();
      const glossary = page.getByRole('dialog', { name: 'Glossary' });
      await expect.poll(() => glossary.isVisible()).toBe(true);
      const current = glossary.locator('[aria-current="true"]');
      expect(await current.innerText()).toMatch(/^affine cpl\./);
      expect(await current.isVisible()).toBe(true);
      const text = await glossary.innerText();
      for (const word of ['affine cpl.', 'actnorm', 'LU 1×1 conv', 'planar', 'Above floor', 'IWAE', 'KDE', '−ELBO', 'entropy floor', 'nats', 'Test NLL', 's.e.', 'exact', 'bound', 'estimate']) {
        expect(text, `the Glossary explains "${word}"`).toContain(word);
      }
      await page.keyboard.press('Escape');
      await expect.poll(() => glossary.count()).toBe(0);
      expect(app.errors, app.errors.join('\n')).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
