import { afterAll, beforeAll, inject } from 'vitest';
import { launchBrowser, openApp, waitForAppReady, type AppPage, type LaunchedBrowser } from './browser';

/**
 * The browser and page a test file shares: set up in beforeAll, closed in
 * afterAll. Each returns a getter, as the values only exist once the hooks
 * have run.
 */

/**
 * The Chromium the last file launched, kept for the next file with the same options: the files
 * run one after another in one worker (tests/e2e/vitest.e2e.config.ts), and a launch and a close
 * cost a second or more each. A file's pages never outlive it: its afterAll closes every context
 * left in the browser, so the next file starts from a browser with no page, as after a launch.
 * Playwright closes the browser when the worker exits.
 */
let shared: { key: string; chrome: Promise<LaunchedBrowser> } | undefined;

async function sharedBrowser(options: { webgpu?: boolean }): Promise<LaunchedBrowser> {
  const key = JSON.stringify({ webgpu: options.webgpu ?? false });
  if (shared?.key !== key) {
    const previous = shared?.chrome;
    shared = {
      key,
      chrome: (async () => {
        await (await previous?.catch(() => undefined))?.close();
        return launchBrowser(options);
      })(),
    };
  }
  const chrome = await shared.chrome;
  if (chrome.browser.isConnected()) return chrome;
  // It crashed or was closed: launch a fresh one.
  shared = { key, chrome: launchBrowser(options) };
  return shared.chrome;
}

/** One headless Chromium for the whole file (shared with the files before and after it, see sharedBrowser). */
export function useBrowser(options: { webgpu?: boolean } = {}): () => LaunchedBrowser {
  let chrome: LaunchedBrowser | undefined;
  beforeAll(async () => {
    chrome = await sharedBrowser(options);
  });
  afterAll(async () => {
    await Promise.all(chrome?.browser.contexts().map((c) => c.close().catch(() => {})) ?? []);
  });
  return () => {
    if (!chrome) throw new Error('useBrowser: the browser is not launched yet (call the getter inside a test)');
    return chrome;
  };
}

/** One page of the built app at `hash`, ready (a backend, a first density and figure) before the first test. */
export function useReadyApp(hash = '#seed=0', options: { webgpu?: boolean } = {}): () => AppPage {
  const browser = useBrowser(options);
  let app: AppPage | undefined;
  beforeAll(async () => {
    app = await openApp(browser().browser, inject('baseUrl'), hash);
    await waitForAppReady(app.page);
  });
  afterAll(async () => {
    await app?.close();
  });
  return () => {
    if (!app) throw new Error('useReadyApp: the page is not open yet (call the getter inside a test)');
    return app;
  };
}
