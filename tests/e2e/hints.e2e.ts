import { describe, expect, it } from 'vitest';
import { controls, readStepCount, waitFor } from './support/browser';
import { useReadyApp } from './support/fixtures';

/**
 * Issue #13 item 9: a run whose held-out NLL has stopped improving well above
 * the floor gets a dismissible hint naming settings that usually help. One
 * planar layer cannot fit rings: it plateaus within a few thousand steps.
 */
describe('a hint when a run is stuck', () => {
  // lr 0.003 (not the default): one suggestion (÷3 → 0.001) takes it to where no lower rate is offered.
  const app = useReadyApp('#seed=0&dataset=rings&flow=planar&layers=1&lr=0.003');

  it('appears after the plateau, names concrete settings, applies one, and can be dismissed', async () => {
    const { page } = app();
    const c = controls(page);
    const hint = page.getByRole('status', { name: 'Suggestion', exact: true });
    expect(await hint.count(), 'no hint before training').toBe(0);
    await c.play.click();
    await waitFor('the stuck-run hint', () => hint.count(), (n) => n === 1, 180_000, 500);
    await c.pause.click();
    const text = await hint.innerText();
    expect(text).toMatch(/This run has stopped improving \d\.\d\d nats above the floor/);
    for (const label of ['Layers 1 → 2', 'Flow RealNVP, 16 layers', 'Learning rate 0.003 → 0.001']) {
      expect(await hint.getByRole('button', { name: label, exact: true }).count(), label).toBe(1);
    }
    const steps = await readStepCount(page);
    expect(steps).toBeGreaterThan(1500);

    // The learning rate changes the live run: same steps, no Undo toast.
    await hint.getByRole('button', { name: 'Learning rate 0.003 → 0.001', exact: true }).click();
    await expect.poll(() => page.getByRole('slider', { name: 'Learning rate', exact: true }).getAttribute('aria-valuetext')).toBe('0.001');
    await page.waitForTimeout(500);
    expect(await readStepCount(page)).toBe(steps);
    expect(await page.getByRole('status', { name: 'Previous run', exact: true }).count()).toBe(0);
    // Still stuck, still hinted (now without the learning-rate line); Dismiss hides it for this run.
    await expect.poll(() => hint.getByRole('button', { name: /^Learning rate/ }).count()).toBe(0);
    await hint.getByRole('button', { name: 'Dismiss', exact: true }).click();
    expect(await hint.count()).toBe(0);
    await c.play.click();
    await page.waitForTimeout(2000);
    await c.pause.click();
    expect(await hint.count(), 'dismissed stays dismissed').toBe(0);

    // A new run (the suggested flow, applied through the controls) starts with no hint.
    await page.getByRole('combobox', { name: 'Flow', exact: true }).selectOption('realnvp');
    await waitFor('step 0', () => readStepCount(page), (n) => n === 0, 20_000);
    expect(await hint.count()).toBe(0);
    expect(app().errors, app().errors.join('\n')).toEqual([]);
  });
});
