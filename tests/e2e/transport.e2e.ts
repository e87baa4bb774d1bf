import { describe, expect, it } from 'vitest';
import { controls, metricCell, readNumber, readStepCount, waitFor } from './support/browser';
import { useReadyApp } from './support/fixtures';

/**
 * Issue #4: Play trains (the flow's held-out NLL falls), Pause stops the step
 * count, Step advances exactly one step, Reset returns to step 0 and, the
 * seed being fixed, to the very same untrained model.
 */
describe('transport: Play, Pause, Step, Reset', () => {
  const app = useReadyApp('#seed=0');

  it('Play trains until the Flow test NLL falls, Pause stops, Step adds one, Reset goes back to step 0', async () => {
    const { page } = app();
    const c = controls(page);
    const nllCell = await metricCell(page, 'Flow', 'Test NLL');

    expect(await readStepCount(page)).toBe(0);
    const untrained = await readNumber(nllCell);
    expect(untrained).toBeGreaterThan(0);

    // Play: the label flips, the count climbs, the held-out NLL falls well below the untrained one.
    await c.play.click();
    await expect.poll(() => c.toggle.innerText()).toBe('Pause');
    await waitFor('the step count to climb past 50', () => readStepCount(page), (n) => n > 50, 60_000);
    const trained = await waitFor(
      `the Flow test NLL to fall at least 0.3 nats below the untrained ${untrained}`,
      () => readNumber(nllCell),
      (v) => v < untrained - 0.3,
      90_000,
      250,
    );
    expect(trained).toBeLessThan(untrained - 0.3);

    // Pause: the label flips back and the count holds still.
    await c.pause.click();
    await expect.poll(() => c.toggle.innerText()).toBe('Play');
    await page.waitForTimeout(600); // the worker's last progress message may still be in flight
    const paused = await readStepCount(page);
    await page.waitForTimeout(1500);
    expect(await readStepCount(page), 'step count after 1.5 s paused').toBe(paused);

    // Step: exactly one more, then still.
    await c.step.click();
    await waitFor(`step count ${paused + 1}`, () => readStepCount(page), (n) => n !== paused, 15_000, 50);
    await page.waitForTimeout(1000);
    expect(await readStepCount(page), 'one Step is one step').toBe(paused + 1);
    expect(await c.toggle.innerText(), 'Step does not start playing').toBe('Play');

    // Step again, twice: two more.
    await c.step.click();
    await c.step.click();
    await waitFor(`step count ${paused + 3}`, () => readStepCount(page), (n) => n >= paused + 3, 15_000, 50);
    await page.waitForTimeout(1000);
    expect(await readStepCount(page)).toBe(paused + 3);

    // Reset: back to step 0 and the same untrained model (fixed seed).
    await c.reset.click();
    await waitFor('step count 0 after Reset', () => readStepCount(page), (n) => n === 0, 15_000, 50);
    await waitFor(`the untrained Flow test NLL ${untrained} again after Reset`, () => readNumber(nllCell), (v) => v === untrained, 20_000, 100);
    await page.waitForTimeout(1000);
    expect(await readStepCount(page), 'Reset does not start training').toBe(0);
    expect(await c.toggle.innerText()).toBe('Play');

    expect(app().errors, app().errors.join('\n')).toEqual([]);
  });
});
