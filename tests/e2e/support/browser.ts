import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/**
 * Launching headless Chromium and opening the built app in it, with every
 * console error and every request URL recorded, plus the canvas pixel reads
 * the tests compare. Shared by the e2e tests and tests/bench/browser.ts.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // A hidden or occluded headless tab must still run its timers and frames at full rate.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Headless Chromium (Playwright gives it a fresh temporary profile and deletes
 * it on close); `webgpu` adds the flag that exposes WebGPU, `extraArgs` any
 * other Chromium switch (the soak's precise heap figures).
 */
export async function launchBrowser(options: { webgpu?: boolean; extraArgs?: string[] } = {}): Promise<LaunchedBrowser> {
  const args = [...BASE_ARGS, ...(options.extraArgs ?? [])];
  if (options.webgpu) args.push('--enable-unsafe-webgpu');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args });
  return { browser, close: () => browser.close().catch(() => {}) };
}

export interface AppPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors and worker errors, in arrival order, each prefixed with its source. */
  errors: string[];
  /** Every console message (for diagnostics in failure messages). */
  messages: string[];
  /** Every request URL the page or its workers made. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Open the app at `hash` (e.g. '#backend=cpu&seed=0') in a fresh context;
 * `prepare` runs before the first request (to install routes).
 */
export async function openApp(
  browser: Browser,
  baseUrl: string,
  hash = '',
  viewport = { width: 1280, height: 800 },
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<AppPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  await prepare?.(context);
  const page = await context.newPage();
  const errors: string[] = [];
  const messages: string[] = [];
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  // Dedicated workers' console messages arrive here too (Chromium forwards them to the page).
  page.on('console', (m) => {
    messages.push(`[page ${m.type()}] ${m.text()}`);
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('crash', () => errors.push('page crashed'));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? '?'})`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(baseUrl + hash, { waitUntil: 'load' });
  return { page, context, errors, messages, requests, close: () => context.close().catch(() => {}) };
}

/** Requests whose host is not this machine's loopback. */
export function externalRequests(requests: readonly string[]): string[] {
  return requests.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:')) return false;
    try {
      const host = new URL(u).hostname;
      return !(host === 'localhost' || host === '127.0.0.1' || host === '[::1]');
    } catch {
      return true;
    }
  });
}

// ---------------------------------------------------------------- controls

export const controls = (page: Page) => ({
  play: page.getByRole('button', { name: 'Play', exact: true }),
  pause: page.getByRole('button', { name: 'Pause', exact: true }),
  /** The Play/Pause toggle whichever label it has now. */
  toggle: page.getByRole('button', { name: /^(Play|Pause)$/ }),
  step: page.getByRole('button', { name: 'Step', exact: true }),
  reset: page.getByRole('button', { name: 'Reset', exact: true }),
  /** <output> elements: implicit role status. */
  stepCount: page.getByRole('status', { name: 'Step count', exact: true }),
  backend: page.getByRole('status', { name: 'Backend', exact: true }),
  dataset: page.getByRole('combobox', { name: 'Dataset', exact: true }),
  backendOverride: page.getByRole('combobox', { name: 'Backend override', exact: true }),
  trainVae: page.getByRole('checkbox', { name: 'Train VAE', exact: true }),
  trainGan: page.getByRole('checkbox', { name: 'Train GAN', exact: true }),
  trainAutoregressive: page.getByRole('checkbox', { name: 'Train autoregressive', exact: true }),
  morphSlider: page.getByRole('slider', { name: 'Morph', exact: true }),
  metrics: page.getByRole('table', { name: 'Metrics', exact: true }),
  panel: (name: 'Data' | 'Density' | 'Morph') => page.getByRole('figure', { name, exact: true }),
});

/** The "Test NLL" cell of a model's row in the Metrics table, found by its row and column headers. */
export async function metricCell(page: Page, model: 'Flow' | 'VAE' | 'GAN' | 'AR', column = 'Test NLL'): Promise<Locator> {
  const table = controls(page).metrics;
  const headers = await table.getByRole('columnheader').allInnerTexts();
  const col = headers.findIndex((h) => h.trim() === column);
  if (col < 0) throw new Error(`Metrics table has no column "${column}" (columns: ${headers.join(' | ')})`);
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: model, exact: true }) });
  // Header and data cells in document order, so the index matches the column header's.
  return row.locator(':scope > th, :scope > td').nth(col);
}

/** A number shown in the page, or NaN for a placeholder such as "—". */
export async function readNumber(locator: Locator): Promise<number> {
  const text = (await locator.innerText()).trim().replace(/\u2212/g, '-').replace(/,/g, '');
  return /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(text) ? Number(text) : Number.NaN;
}

export async function readStepCount(page: Page): Promise<number> {
  return readNumber(controls(page).stepCount);
}

/** Poll `read` until `accept` holds, or fail with the last value and `what`. */
export async function waitFor<T>(what: string, read: () => Promise<T>, accept: (v: T) => boolean, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const detail = lastError && last === undefined ? ` (error: ${String(lastError)})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}${detail}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The app has a backend, a run and its first flow density and figure on screen. */
export async function waitForAppReady(page: Page, timeoutMs = 45_000): Promise<void> {
  const c = controls(page);
  await waitFor(
    'a backend name in "Backend"',
    async () => {
      const alert = page.getByRole('alert');
      if (await alert.count()) throw new Error(`the app shows an error: ${await alert.first().innerText()}`);
      return (await c.backend.innerText()).trim();
    },
    (name) => /^(webgpu|webgl|wasm|cpu)$/.test(name),
    timeoutMs,
  ).catch(async (err) => {
    const alert = page.getByRole('alert');
    if (await alert.count()) throw new Error(`the app shows an error: ${await alert.first().innerText()}`);
    throw err;
  });
  await waitFor('the Step button to be enabled', () => c.step.isEnabled(), (v) => v, timeoutMs);
  const nll = await metricCell(page, 'Flow');
  await waitFor('a number in the Flow row\'s "Test NLL"', () => readNumber(nll), Number.isFinite, timeoutMs);
  // The frame and axes are grey and drawn at once; the heat map is the first colour on the canvas.
  await waitFor('a heat map on the Density canvas', () => canvasPixels(c.panel('Density')).then(colourFraction), (f) => f > 0.02, timeoutMs);
}

// ---------------------------------------------------------------- pixels

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, row-major, top row first, not premultiplied. */
  data: Uint8Array;
}

/** The backing-store pixels of the `index`th canvas inside `container` (a panel figure). */
export async function canvasPixels(container: Locator, index = 0): Promise<Pixels> {
  const canvas = container.locator('canvas').nth(index);
  const { width, height, base64 } = await canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const ctx = c.getContext('2d');
    if (!ctx || c.width === 0 || c.height === 0) return { width: 0, height: 0, base64: '' };
    const bytes = ctx.getImageData(0, 0, c.width, c.height).data;
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { width: c.width, height: c.height, base64: btoa(binary) };
  });
  return { width, height, data: new Uint8Array(Buffer.from(base64, 'base64')) };
}

/** Share of pixels with anything drawn on them (alpha > 0). */
export function inkFraction(p: Pixels): number {
  if (p.width === 0) return 0;
  let n = 0;
  for (let i = 3; i < p.data.length; i += 4) if (p.data[i] > 0) n++;
  return n / (p.width * p.height);
}

/** Share of visibly coloured pixels (not white, grey or transparent). */
export function colourFraction(p: Pixels): number {
  if (p.width === 0) return 0;
  let n = 0;
  for (let i = 0; i < p.data.length; i += 4) {
    const d = p.data;
    if (d[i + 3] > 60 && Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 30) n++;
  }
  return n / (p.width * p.height);
}

/** Share of pixels that differ noticeably between two same-sized images. */
export function pixelDiff(a: Pixels, b: Pixels, tolerance = 24): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    let d = 0;
    for (let k = 0; k < 4; k++) d = Math.max(d, Math.abs(a.data[i + k] - b.data[i + k]));
    if (d > tolerance) n++;
  }
  return n / (a.width * a.height);
}

/**
 * A coarse g×g grid over the panel's square plot area (every panel draws the
 * same view box as a square centred in its canvas), each cell the mean of
 * `value` over its pixels.
 */
export function coarseGrid(p: Pixels, g: number, value: (r: number, gr: number, b: number, a: number) => number): Float64Array {
  const side = Math.min(p.width, p.height);
  const left = Math.floor((p.width - side) / 2);
  const top = Math.floor((p.height - side) / 2);
  const sums = new Float64Array(g * g);
  const counts = new Float64Array(g * g);
  // Skip a 2-pixel border: the frame line is not part of the picture.
  for (let y = 2; y < side - 2; y++) {
    const cy = Math.min(g - 1, Math.floor((y / side) * g));
    for (let x = 2; x < side - 2; x++) {
      const cx = Math.min(g - 1, Math.floor((x / side) * g));
      const i = 4 * ((top + y) * p.width + left + x);
      sums[cy * g + cx] += value(p.data[i], p.data[i + 1], p.data[i + 2], p.data[i + 3]);
      counts[cy * g + cx] += 1;
    }
  }
  for (let k = 0; k < sums.length; k++) sums[k] = counts[k] ? sums[k] / counts[k] : 0;
  return sums;
}

/** A saturated (coloured) pixel: the morph's sample dots, not its grey grid lines or frame. */
export const colouredInk = (r: number, g: number, b: number, a: number) => (a > 60 && Math.max(r, g, b) - Math.min(r, g, b) > 70 ? 1 : 0);

/** How dark a pixel is against the white page (transparent counts as white): the heat map's density. */
export const darkness = (r: number, g: number, b: number, a: number) => ((a / 255) * (255 * 3 - r - g - b)) / (255 * 3);

/** Cells above `quantile` of their grid's distribution (0 cells are never in). */
export function topMask(grid: Float64Array, share: number): boolean[] {
  const sorted = Array.from(grid).sort((x, y) => y - x);
  const k = Math.max(1, Math.round(share * grid.length));
  const threshold = sorted[k - 1];
  return Array.from(grid, (v) => v > 0 && v >= threshold);
}

export function iou(a: boolean[], b: boolean[]): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] && b[i]) both++;
    if (a[i] || b[i]) either++;
  }
  return either ? both / either : 0;
}

export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa && sbb ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Wait until a canvas stops changing (the panels repaint as read-backs arrive). */
export async function settledPixels(container: Locator, index = 0, quietMs = 1200, timeoutMs = 20_000): Promise<Pixels> {
  const deadline = Date.now() + timeoutMs;
  let last = await canvasPixels(container, index);
  let since = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    const now = await canvasPixels(container, index);
    if (pixelDiff(now, last, 0) > 0) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return now;
    if (Date.now() > deadline) return now;
  }
}
