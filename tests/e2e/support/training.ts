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
