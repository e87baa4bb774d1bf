import type { Page } from 'playwright-core';
import { controls, metricCell, readNumber, readStepCount, waitFor } from './browser';

/**
 * Take `steps` single Steps and read the Flow's held-out figure after each,
 * once the Metrics table says it describes that step: a training curve read
 * off the page, comparable across pages and backends.
 */
export async function stepAndRead(page: Page, steps: number, column = 'Test NLL'): Promise<number[]> {
  const c = controls(page);
  const value = await metricCell(page, 'Flow', column);
  const atStep = await metricCell(page, 'Flow', 'At step');
  const start = await readStepCount(page);
  const curve: number[] = [];
  for (let i = 1; i <= steps; i++) {
    await c.step.click();
    await waitFor(`step ${start + i}`, () => readStepCount(page), (n) => n === start + i, 30_000, 50);
    await waitFor(`the Flow figure of step ${start + i}`, () => readNumber(atStep), (n) => n === start + i, 30_000, 50);
    curve.push(await readNumber(value));
  }
  return curve;
}

/**
 * Press Play until the Flow's held-out NLL is `nats` below where it started,
 * then Pause and wait for the button to say so. Returns both figures.
 */
export async function playUntilNllFalls(page: Page, nats: number, timeoutMs = 90_000): Promise<{ before: number; after: number }> {
  const c = controls(page);
  const nll = await metricCell(page, 'Flow');
  const before = await waitFor('a first Flow test NLL', () => readNumber(nll), Number.isFinite);
  await c.play.click();
  const after = await waitFor(`the Flow test NLL to fall ${nats} nats below ${before}`, () => readNumber(nll), (v) => v < before - nats, timeoutMs, 250);
  await c.pause.click();
  await waitFor('the button to read "Play" again', () => c.toggle.innerText(), (t) => t === 'Play', 10_000, 50);
  return { before, after };
}
