import { describe, expect, inject, it } from 'vitest';
import { controls, externalRequests, openApp, waitForAppReady } from './support/browser';
import { useBrowser } from './support/fixtures';

/**
 * Issue #4: the page loads cleanly and everything it needs comes from the
 * server it was loaded from (no CDN, no analytics, no fonts from elsewhere).
 */
describe('page load', () => {
  const chrome = useBrowser();

  it('shows a backend and a first density, with no console error and no request beyond localhost', async () => {
    const app = await openApp(chrome().browser, inject('baseUrl'));
    try {
      await waitForAppReady(app.page);
      const c = controls(app.page);
      // Let the first read-backs (trace, losses, figures) land, then idle a moment more.
      await app.page.waitForTimeout(1500);

      expect(await app.page.title()).toBe('Flow Playground');
      expect(await c.backend.innerText()).toMatch(/^(webgpu|webgl|wasm|cpu)$/);
      expect(await c.stepCount.innerText()).toBe('0');
      expect(await c.play.isEnabled(), 'Play enabled once the run is built').toBe(true);
      expect(await app.page.getByRole('alert').count(), 'no error shown in the page').toBe(0);

      expect(app.errors, `console/page errors:\n${app.errors.join('\n')}`).toEqual([]);
      // The worker bundle was requested too, so the request log covers the worker's fetches.
      expect(app.requests.some((u) => /worker[^/]*\.js/.test(u)), `requests:\n${app.requests.join('\n')}`).toBe(true);
      expect(externalRequests(app.requests), 'requests leaving localhost').toEqual([]);
    } finally {
      await app.close();
    }
  });
});
