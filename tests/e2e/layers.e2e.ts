import { describe, expect, inject, it } from 'vitest';
import { canvasPixels, colouredInk, controls, openApp, pixelDiff, settledPixels, waitForAppReady } from './support/browser';
import { useBrowser } from './support/fixtures';

/**
 * Issue #13, item 8: the Layers strip as the Morph's navigator. Every layer
 * has a thumbnail (16 planar layers: all 17 snapshots, none skipped); a click
 * sets the Morph slider to that layer; the arrow keys move the slider one
 * layer; the layer counts agree between the settings, the strip and the Morph
 * (Glow counts steps of three layers); the Density panel reads log p(x) under
 * the pointer.
 */
describe('layers navigator', () => {
  const chrome = useBrowser();

  it('16 planar layers: 17 thumbnails; a click moves the Morph to that layer; arrows move one layer', async () => {
    const app = await openApp(chrome().browser, inject('baseUrl'), '#seed=0&flow=planar&layers=16');
    try {
      const { page } = app;
      await waitForAppReady(page);
      const c = controls(page);
      const strip = page.getByRole('figure', { name: 'Layers', exact: true });
      const thumbs = strip.getByRole('button', { name: /in the Morph$/ });
      await expect.poll(() => thumbs.count()).toBe(17);
      const names = await thumbs.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      for (const k of [2, 6, 10, 14]) expect(names).toContain(`Show layer ${k} (planar) in the Morph`);

      // A thumbnail scrolled out of sight is scrolled to and clicked like any other.
      await strip.getByRole('button', { name: 'Show layer 14 (planar) in the Morph', exact: true }).click();
      await expect.poll(() => c.morphSlider.getAttribute('aria-valuetext')).toBe('layer 14 of 16');
      await strip.getByRole('button', { name: 'Show layer 6 (planar) in the Morph', exact: true }).click();
      await expect.poll(() => c.morphSlider.getAttribute('aria-valuetext')).toBe('layer 6 of 16');
      expect(Number(await c.morphSlider.inputValue())).toBe(6);
      const clicked = await settledPixels(c.panel('Morph'));

      // The keyboard reaches the same picture one layer at a time.
      await c.morphSlider.focus();
      await page.keyboard.press('Home');
      for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
      expect(Number(await c.morphSlider.inputValue())).toBe(6);
      expect(pixelDiff(await settledPixels(c.panel('Morph')), clicked), 'layer 6 by keys = layer 6 by click').toBeLessThan(0.002);
      await page.keyboard.press('ArrowLeft');
      expect(Number(await c.morphSlider.inputValue())).toBe(5);
      expect(await strip.getByRole('button', { name: 'Show layer 5 (planar) in the Morph', exact: true }).getAttribute('aria-current')).toBe('true');

      // The strip is wider than the panel and follows the slider: the current layer scrolls into sight.
      const inSight = (name: string) =>
        strip.getByRole('button', { name, exact: true }).evaluate((el) => {
          const view = el.closest('.layer-strip-scroll')!.getBoundingClientRect();
          const r = el.getBoundingClientRect();
          return r.left >= view.left - 1 && r.right <= view.right + 1;
        });
      expect(await strip.locator('.layer-strip-scroll').evaluate((el) => el.scrollWidth > el.clientWidth), 'the strip scrolls').toBe(true);
      await page.keyboard.press('End');
      await expect.poll(() => inSight('Show layer 16 (planar) in the Morph')).toBe(true);
      // Only what is in sight is painted on screen: the thumbnail scrolled to is drawn, not left blank.
      const last = await strip
        .getByRole('button', { name: 'Show layer 16 (planar) in the Morph', exact: true })
        .evaluate((el) => ({ left: (el as HTMLElement).offsetLeft, width: (el as HTMLElement).offsetWidth }));
      const inkAt = async () => {
        const p = await canvasPixels(strip);
        let coloured = 0;
        for (let y = 0; y < p.height; y++) {
          for (let x = last.left; x < last.left + last.width; x++) {
            const i = 4 * (y * p.width + x);
            if (colouredInk(p.data[i], p.data[i + 1], p.data[i + 2], p.data[i + 3])) coloured++;
          }
        }
        return coloured / (last.width * p.height);
      };
      await expect.poll(inkAt, { message: 'samples drawn in the last thumbnail' }).toBeGreaterThan(0.01);
      expect(await inSight('Show the Gaussian (layer 0) in the Morph')).toBe(false);
      await page.keyboard.press('Home');
      await expect.poll(() => inSight('Show the Gaussian (layer 0) in the Morph')).toBe(true);
      expect(app.errors, app.errors.join('\n')).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('Glow: "4 Glow steps = 12 layers" in the settings and the strip; the Morph counts 12', async () => {
    const app = await openApp(chrome().browser, inject('baseUrl'), '#seed=0&flow=glow&layers=4');
    try {
      const { page } = app;
      await waitForAppReady(page);
      const c = controls(page);
      const strip = page.getByRole('figure', { name: 'Layers', exact: true });
      await expect.poll(() => strip.locator('figcaption').innerText()).toContain('4 Glow steps = 12 layers');
      expect(await page.getByRole('complementary', { name: 'Settings' }).innerText()).toContain('4 Glow steps = 12 layers');
      expect(await strip.getByRole('button', { name: /in the Morph$/ }).count()).toBe(13);
      expect(await c.morphSlider.getAttribute('max')).toBe('12');
      expect(await c.morphSlider.getAttribute('aria-valuetext')).toBe('layer 12 of 12');
      const kinds = await strip.getByRole('button', { name: /^Show layer [123] / }).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      expect(kinds.join(' ')).toMatch(/affine cpl\./);
      expect(kinds.join(' ')).toMatch(/LU 1×1 conv/);
      expect(kinds.join(' ')).toMatch(/actnorm/);
      expect(app.errors, app.errors.join('\n')).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('hovering the Density panel reads log p(x) there: higher at the centre of the untrained Gaussian than near a corner', async () => {
    const app = await openApp(chrome().browser, inject('baseUrl'), '#seed=0');
    try {
      const { page } = app;
      await waitForAppReady(page);
      const canvas = controls(page).panel('Density').locator('canvas').first();
      const box = (await canvas.boundingBox())!;
      const side = Math.min(box.width, box.height);
      const readout = page.getByRole('status', { name: 'log p(x) at the pointer', exact: true });
      const valueOf = async () => {
        const text = (await readout.innerText()).replace(/\u2212/g, '-');
        const m = /log p\(x\) = (-?\d+\.\d+) at \((-?\d+\.\d+), (-?\d+\.\d+)\)/.exec(text);
        if (!m) throw new Error(`unexpected read-out "${text}"`);
        return { logp: Number(m[1]), x: Number(m[2]), y: Number(m[3]) };
      };
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await expect.poll(() => readout.count()).toBe(1);
      const centre = await valueOf();
      await page.mouse.move(box.x + (box.width - side) / 2 + 0.05 * side, box.y + (box.height - side) / 2 + 0.05 * side);
      await expect.poll(async () => (await valueOf()).logp).not.toBe(centre.logp);
      const corner = await valueOf();
      console.log(`[density hover] centre ${JSON.stringify(centre)}, corner ${JSON.stringify(corner)}`);
      expect(corner.x, 'the top-left corner is left of the centre').toBeLessThan(centre.x - 1);
      expect(corner.y, 'and above it (y up, as in the maths)').toBeGreaterThan(centre.y + 1);
      expect(centre.logp).toBeGreaterThan(corner.logp + 1);
      await page.mouse.move(0, 0);
      await expect.poll(() => readout.count(), { message: 'the read-out goes when the pointer leaves' }).toBe(0);
      expect(app.errors, app.errors.join('\n')).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
