import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { controls, openApp, readStepCount, waitFor, waitForAppReady } from './support/browser';
import { useBrowser } from './support/fixtures';
import { playUntilNllFalls } from './support/training';

/**
 * Issue #12, item 12: the built page carries a strict Content-Security-Policy
 * (vite.config.ts) and the app works under it, with not one violation, on
 * each backend a browser without a GPU can run. Violations are collected from
 * the first byte by an init script listening for 'securitypolicyviolation'.
 */

const RECORD_VIOLATIONS = `(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + (e.sample ? ' (' + e.sample + ')' : ''));
  });
})();`;

/** Steps every backend takes with all three models on (WebGL here is a software rasteriser: a few Steps, not a run). */
const STEPS = 3;

const recordViolations = async (context: BrowserContext): Promise<void> => {
  await context.addInitScript({ content: RECORD_VIOLATIONS });
};
const violations = (page: Page) => page.evaluate('window.__cspViolations') as Promise<string[]>;

describe('Content-Security-Policy', () => {
  const chrome = useBrowser();

  it('is in the built page, and refuses an inline script', async () => {
    const app = await openApp(chrome().browser, inject('baseUrl'), '#backend=cpu&seed=0', undefined, recordViolations);
    try {
      const { page } = app;
      const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(policy).toContain("default-src 'self'");
      // The control: an injected inline script must not run, and the listener must hear of it,
      // or the "no violations" checks below would prove nothing.
      const ran = await page.evaluate(`(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__inlineRan = true';
        document.head.appendChild(s);
        return window.__inlineRan === true;
      })()`);
      expect(ran, 'an inline script ran under the policy').toBe(false);
      await waitFor('the violation to be reported', () => violations(page), (v) => v.some((x) => x.startsWith('script-src')), 10_000);
    } finally {
      await app.close();
    }
  });

  // What differs by backend under the policy is what each loads and runs: wasm compiles its
  // bundled binaries ('wasm-unsafe-eval'), webgl makes a GL context and shaders, cpu neither. A
  // Step of all three models runs every kernel a backend has in training; the rest (a longer run,
  // KaTeX, the PNG export) is the same page code whatever the backend, so it runs once, on wasm,
  // the backend the app picks on a machine without a GPU.
  for (const backend of ['wasm', 'cpu', 'webgl'] as const) {
    const once = backend === 'wasm';
    const what = once ? 'trains until the NLL falls, typesets the explanations, exports' : 'trains three models for a few Steps';
    it(`runs on ${backend} with no violation: ${what}`, { timeout: 240_000 }, async () => {
      const app = await openApp(chrome().browser, inject('baseUrl'), `#backend=${backend}&seed=0&vae=1&gan=1`, undefined, recordViolations);
      try {
        const { page } = app;
        const c = controls(page);
        await waitForAppReady(page, 120_000);
        expect((await c.backend.innerText()).trim(), `"Backend" (the app's reason if not ${backend}: ${await c.backend.locator('xpath=..').getAttribute('title')})`).toBe(backend);

        // Steps first on every backend: each trains the flow, the VAE and the GAN once.
        for (let i = 1; i <= STEPS; i++) {
          await c.step.click();
          await waitFor(`step ${i}`, () => readStepCount(page), (n) => n === i, 90_000, 100);
        }

        if (once) {
          await playUntilNllFalls(page, 0.2, 120_000);

          await page.getByRole('button', { name: 'Explain', exact: true }).click();
          const explain = page.getByRole('dialog', { name: 'Explanations' });
          await expect.poll(() => explain.locator('math').count()).toBeGreaterThan(4);
          await explain.getByRole('button', { name: 'Close', exact: true }).click();

          const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Density as PNG', exact: true }).click()]);
          expect(download.suggestedFilename()).toMatch(/\.png$/);
        }

        expect(await violations(page), 'CSP violations').toEqual([]);
        expect(app.errors, app.errors.join('\n')).toEqual([]);
      } finally {
        await app.close();
      }
    });
  }
});
