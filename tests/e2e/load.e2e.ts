import { describe, expect, inject, it } from 'vitest';
import { controls, externalRequests, openApp, readNumber, waitForAppReady } from './support/browser';
import { openBackendDetails } from './support/diagnostics';
import { useBrowser } from './support/fixtures';

/**
 * Issue #4: the page loads cleanly and everything it needs comes from the
 * server it was loaded from (no CDN, no analytics, no fonts from elsewhere).
 * Issue #8: Auto picks its backend by timing training steps, and says so.
 */
describe('page load', () => {
  const chrome = useBrowser();

  it('shows the backend Auto measured fastest and a first density, with no console error and no request beyond localhost', async () => {
    const app = await openApp(chrome().browser, inject('baseUrl'));
    try {
      await waitForAppReady(app.page);
      const c = controls(app.page);
      // Let the first read-backs (trace, losses, figures) land, then idle a moment more.
      await app.page.waitForTimeout(1500);

      expect(await app.page.title()).toBe('Flow Playground');
      // Auto times real training steps on each candidate; this machine's only GPUs are software ones, so wasm wins.
      expect(await c.backend.innerText()).toBe('wasm');
      await openBackendDetails(app.page);
      expect(await readNumber(app.page.getByRole('status', { name: 'Measured wasm speed' })), 'steps/s Auto measured on wasm').toBeGreaterThan(0);
      const details = await app.page.locator('details', { has: app.page.getByText('Backend details', { exact: true }) }).innerText();
      expect(details).toMatch(/not webgpu: .+/);
      expect(details).toMatch(/not webgl: software renderer only/);
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
