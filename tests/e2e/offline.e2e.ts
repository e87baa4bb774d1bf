import { describe, expect, inject, it } from 'vitest';
import { canvasPixels, controls, externalRequests, openApp, pixelDiff, settledPixels, waitFor, waitForAppReady } from './support/browser';
import { useBrowser } from './support/fixtures';
import { playUntilNllFalls } from './support/training';

/**
 * Issue #5, offline: every request beyond localhost is blocked from the start,
 * and once the page has loaded the network is cut altogether. The app must
 * still train, explain (typeset formulas), switch datasets and export.
 */
describe('offline', () => {
  const chrome = useBrowser();

  it('loads with outside requests blocked, then works with the network cut', async () => {
    const app = await openApp(chrome().browser, inject('baseUrl'), '#seed=0', undefined, async (context) => {
      await context.route(
        (url) => externalRequests([url.href]).length > 0,
        (route) => route.abort('blockedbyclient'),
      );
    });
    try {
      const { page, context } = app;
      const c = controls(page);
      await waitForAppReady(page);
      await context.setOffline(true);

      await playUntilNllFalls(page, 0.3);

      await page.getByRole('button', { name: 'Explain', exact: true }).click();
      const explain = page.getByRole('dialog', { name: 'Explanations' });
      await expect.poll(() => explain.locator('math').count()).toBeGreaterThan(4);
      await explain.getByRole('button', { name: 'Close', exact: true }).click();

      const before = await settledPixels(c.panel('Data'));
      await c.dataset.selectOption('checkerboard');
      await waitFor('the Data panel to redraw', async () => pixelDiff(before, await canvasPixels(c.panel('Data'))), (d) => d > 0.02, 30_000);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Density as PNG', exact: true }).click()]);
      expect(download.suggestedFilename()).toMatch(/\.png$/);

      expect(externalRequests(app.requests), 'requests leaving localhost').toEqual([]);
      expect(app.errors, app.errors.join('\n')).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
