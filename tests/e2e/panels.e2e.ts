import { describe, expect, it } from 'vitest';
import {
  canvasPixels,
  coarseGrid,
  colouredInk,
  controls,
  correlation,
  darkness,
  inkFraction,
  iou,
  pixelDiff,
  settledPixels,
  topMask,
  waitFor,
  type Pixels,
} from './support/browser';
import { useReadyApp } from './support/fixtures';
import { playUntilNllFalls } from './support/training';

/** Cells per side of the coarse occupancy grids the panels are compared on. */
const GRID = 16;

/** How alike the morph's sample cloud and the density heat map are: correlation of the coarse grids, and IoU of their busiest cells. */
function shapeMatch(morph: Pixels, density: Pixels): { correlation: number; iou: number } {
  const m = coarseGrid(morph, GRID, colouredInk);
  const d = coarseGrid(density, GRID, darkness);
  // Compare masks of equal size: as many of the darkest density cells as the cloud occupies.
  const occupied = Array.from(m).filter((v) => v > 0.01).length / m.length;
  return { correlation: correlation(m, d), iou: iou(topMask(m, occupied), topMask(d, occupied)) };
}

describe('panels', () => {
  const app = useReadyApp('#seed=0');

  it('Morph slider: Home shows the Gaussian, the end shows the model, whose shape matches the Density panel', async () => {
    const { page } = app();
    const c = controls(page);
    const morphPanel = c.panel('Morph');
    const densityPanel = c.panel('Density');
    const slider = c.morphSlider;

    // Train until the flow has clearly learned something, then pause so the panels hold still.
    // 1.0 nats: at 0.8 the density could still be a blob near the Gaussian start (IoU 0.69 once), so the shape test had little room.
    await playUntilNllFalls(page, 1.0);
    await page.waitForTimeout(500);

    const max = Number(await slider.getAttribute('max'));
    const min = Number(await slider.getAttribute('min'));
    expect(max).toBeGreaterThan(min);

    // Keyboard, like a person: focus the slider, Home.
    await slider.focus();
    await page.keyboard.press('Home');
    expect(Number(await slider.inputValue())).toBe(min);
    const gaussian = await settledPixels(morphPanel);
    const density = await settledPixels(densityPanel);
    expect(inkFraction(gaussian), 'morph panel drawn').toBeGreaterThan(0.02);

    // Mouse, like a person: drag the thumb from the left end to past the right end.
    const box = (await slider.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + 2, y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 2 + ((box.width + 20) * i) / 10, y);
    await page.mouse.up();
    expect(Number(await slider.inputValue()), 'dragged to the end').toBe(max);
    const model = await settledPixels(morphPanel);

    const changed = pixelDiff(gaussian, model);
    expect(changed, 'share of morph pixels that changed from Home to the end').toBeGreaterThan(0.02);

    // End on the keyboard lands on the same picture as the drag; Home returns to the Gaussian.
    await page.keyboard.press('Home');
    await page.keyboard.press('End');
    expect(Number(await slider.inputValue())).toBe(max);
    expect(pixelDiff(await settledPixels(morphPanel), model), 'End = dragged to the end').toBeLessThan(0.002);
    await page.keyboard.press('Home');
    expect(pixelDiff(await settledPixels(morphPanel), gaussian), 'Home = the Gaussian again').toBeLessThan(0.002);

    // The pushed-forward cloud has the density's shape; the Gaussian it starts from does not.
    const start = shapeMatch(gaussian, density);
    const end = shapeMatch(model, density);
    console.log(`[morph] changed ${(100 * changed).toFixed(1)}% of pixels; shape vs Density: Gaussian r=${start.correlation.toFixed(3)} IoU=${start.iou.toFixed(3)}, model r=${end.correlation.toFixed(3)} IoU=${end.iou.toFixed(3)}`);
    expect(end.correlation, 'morph end vs density, correlation').toBeGreaterThan(0.8);
    expect(end.correlation - start.correlation, 'correlation gain over the Gaussian start').toBeGreaterThan(0.2);
    expect(end.iou, 'morph end vs density, IoU of busiest cells').toBeGreaterThan(Math.max(0.7, start.iou + 0.15));

    expect(app().errors, app().errors.join('\n')).toEqual([]);
  });

  it('Dataset combobox: choosing another dataset redraws the Data panel', async () => {
    const { page } = app();
    const c = controls(page);
    const dataPanel = c.panel('Data');
    const before = await settledPixels(dataPanel);
    expect(inkFraction(before), 'data panel drawn').toBeGreaterThan(0.02);

    const current = await c.dataset.inputValue();
    const options = await c.dataset.locator('option').evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' })));
    const other = options.find((o) => o.value !== current && /checker/i.test(o.label)) ?? options.find((o) => o.value !== current)!;
    await c.dataset.selectOption({ label: other.label });

    const after = await waitFor(
      `the Data panel to change after choosing "${other.label}"`,
      () => canvasPixels(dataPanel),
      (p) => pixelDiff(before, p) > 0.02,
      30_000,
      200,
    );
    const settled = await settledPixels(dataPanel);
    expect(pixelDiff(before, settled), 'share of Data pixels changed').toBeGreaterThan(0.02);
    expect(inkFraction(after)).toBeGreaterThan(0.02);
    expect(await c.dataset.inputValue()).toBe(other.value);

    expect(app().errors, app().errors.join('\n')).toEqual([]);
  });
});
