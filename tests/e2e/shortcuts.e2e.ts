import { describe, expect, it } from 'vitest';
import { controls, readStepCount, waitFor } from './support/browser';
import { useReadyApp } from './support/fixtures';

/**
 * Issue #13, item 2: the shortcuts work wherever the last click was. A mouse
 * click on a toolbar button must not leave Space pressing that button again;
 * a keyboard user who tabbed to a button still presses it with Space or Enter.
 */
describe('shortcuts after a click', () => {
  const app = useReadyApp('#seed=0');

  it('Space plays and pauses after clicking "Projector mode", and → steps, without toggling the button', async () => {
    const { page } = app();
    const c = controls(page);
    const projector = page.getByRole('button', { name: 'Projector mode', exact: true });
    await projector.click();
    await expect.poll(() => projector.getAttribute('aria-pressed')).toBe('true');

    await page.keyboard.press('Space');
    await expect.poll(() => c.toggle.innerText(), { timeout: 10_000 }).toBe('Pause');
    expect(await projector.getAttribute('aria-pressed'), 'Space did not press the clicked button again').toBe('true');
    await waitFor('training to start', () => readStepCount(page), (n) => n > 2);
    await page.keyboard.press('Space');
    await expect.poll(() => c.toggle.innerText()).toBe('Play');
    expect(await projector.getAttribute('aria-pressed')).toBe('true');

    // → after clicking another toolbar button (Step) takes one step.
    await c.step.click();
    const after = await waitFor('the clicked step', () => readStepCount(page), Number.isFinite);
    await page.waitForTimeout(500);
    const before = await readStepCount(page);
    await page.keyboard.press('ArrowRight');
    await waitFor(`step ${before + 1}`, () => readStepCount(page), (n) => n === before + 1, 15_000, 50);
    expect(before).toBeGreaterThanOrEqual(after);

    await projector.click();
    await expect.poll(() => projector.getAttribute('aria-pressed')).toBe('false');
    expect(app().errors, app().errors.join('\n')).toEqual([]);
  });

  it('a button reached with the keyboard is still pressed by Enter and by Space; → still steps from it', async () => {
    const { page } = app();
    const projector = page.getByRole('button', { name: 'Projector mode', exact: true });
    await projector.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => projector.getAttribute('aria-pressed')).toBe('true');
    expect(await projector.evaluate((el) => el === document.activeElement), 'focus stays on the button after a keyboard press').toBe(true);
    await page.keyboard.press('Space');
    await expect.poll(() => projector.getAttribute('aria-pressed')).toBe('false');
    expect(await controls(page).toggle.innerText(), 'Space pressed the focused button, not Play').toBe('Play');

    const before = await readStepCount(page);
    await page.keyboard.press('ArrowRight');
    await waitFor(`step ${before + 1}`, () => readStepCount(page), (n) => n === before + 1, 15_000, 50);
    expect(app().errors, app().errors.join('\n')).toEqual([]);
  });
});
