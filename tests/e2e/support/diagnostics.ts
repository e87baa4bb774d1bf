import type { Page } from 'playwright-core';
import { readNumber, waitFor } from './browser';

/*
 * Reading the worker's health off the page (the "Backend details" in the
 * Engine settings) and the test-only fault hook (ui/engine-link.ts).
 */

/** Open "Backend details" (once) so its figures are on screen. */
export async function openBackendDetails(page: Page): Promise<void> {
  const details = page.locator('details', { has: page.getByText('Backend details', { exact: true }) });
  if ((await details.getAttribute('open')) === null) await page.getByText('Backend details', { exact: true }).click();
}

/** A worker's live tensor count as the page shows it (the flow's, or a baseline's by its label); NaN before its first report. */
export async function tensorsAlive(page: Page, model?: 'VAE' | 'GAN' | 'AR'): Promise<number> {
  return readNumber(page.getByRole('status', { name: model ? `Tensors alive: ${model}` : 'Tensors alive', exact: true }));
}

/** Wait for a fresh diagnostics report (a Step or a Pause posts one) and return the tensor count. */
export async function settledTensors(page: Page): Promise<number> {
  return waitFor('a "Tensors alive" figure', () => tensorsAlive(page), Number.isFinite, 30_000);
}

export type Fault = 'kernel' | 'readback' | 'crash' | 'device-lost';

/** Ask a worker (the flow's unless `family` names a baseline's) to fail on purpose through the page's test-only fault event. */
export async function injectFault(page: Page, fault: Fault, family: 'flow' | 'vae' | 'gan' | 'autoregressive' = 'flow'): Promise<void> {
  const detail = family === 'flow' ? fault : { fault, family };
  await page.evaluate(`window.dispatchEvent(new CustomEvent('flow-playground:test-fault', { detail: ${JSON.stringify(detail)} }))`);
}

/** The page's current notice line (role status, class notice), or '' when there is none. */
export async function noticeText(page: Page): Promise<string> {
  // allInnerTexts does not wait: the line may come and go between two reads.
  return (await page.locator('p.notice').allInnerTexts()).join(' ').trim();
}

/** The page's alert (the fatal error line), or '' when there is none. */
export async function alertText(page: Page): Promise<string> {
  return (await page.getByRole('alert').allInnerTexts()).join(' ').trim();
}
