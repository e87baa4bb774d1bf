import { afterAll, beforeAll, inject } from 'vitest';
import { launchBrowser, openApp, waitForAppReady, type AppPage, type LaunchedBrowser } from './browser';

/**
 * The browser and page a test file shares: set up in beforeAll, closed in
 * afterAll. Each returns a getter, as the values only exist once the hooks
 * have run.
 */

/** One headless Chromium for the whole file. */
export function useBrowser(options: { webgpu?: boolean } = {}): () => LaunchedBrowser {
  let chrome: LaunchedBrowser | undefined;
  beforeAll(async () => {
    chrome = await launchBrowser(options);
  });
  afterAll(async () => {
    await chrome?.close();
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
