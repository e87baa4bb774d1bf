import { describe, expect, it } from 'vitest';
import { controls, readStepCount, waitFor } from './support/browser';
import { useReadyApp } from './support/fixtures';

/**
 * Issue 8: the slider sets the peak learning rate and the trainer warms up to
 * it, holds it, then lets it fall as 1/√step; the page shows the rate in use
 * beside the slider, so the schedule hides nothing from a student.
 */
describe('the effective learning rate beside the slider', () => {
  // A small batch so the run passes the warm-up (200 steps) and the hold (1,000) quickly on a busy machine.
  const app = useReadyApp('#seed=0&dataset=moons&batch=16&lr=0.01');

  const read = async () => {
    const { page } = app();
    const text = await page.getByRole('status', { name: 'Effective learning rate', exact: true }).innerText();
    const m = /^now ([\d.e-]+) \((.+)\)$/.exec(text.trim());
    if (!m) throw new Error(`unexpected effective lr text: ${text}`);
    return { lr: Number(m[1]), phase: m[2] };
  };

  it('starts warming up from peak/200, reaches the peak, then decays as 1/√step', async () => {
    const { page } = app();
    expect(await read()).toEqual({ lr: 0.00005, phase: 'warming up' });
    await controls(page).play.click();
    await waitFor('the run past step 1,200', () => readStepCount(page), (n) => n > 1200, 90_000, 250);
    await controls(page).pause.click();
    // Paused: the step count and the rate beside the slider settle on the same step.
    const settled = async () => {
      const before = await readStepCount(page);
      await page.waitForTimeout(400);
      return [before, await readStepCount(page)];
    };
    const [step] = await waitFor('the step count to settle', settled, ([a, b]) => a === b, 10_000, 0);
    const shown = await read();
    expect(shown.phase).toBe('decaying as 1/√step');
    expect(shown.lr).toBeCloseTo(Number((0.01 * Math.sqrt(1000 / step)).toPrecision(2)), 6);
    expect(shown.lr).toBeLessThan(0.01);
  });
});
