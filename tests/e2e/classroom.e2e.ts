import { describe, expect, inject, it } from 'vitest';
import { createRng } from '../../src/core/util/rng';
import { controls, openApp, readStepCount, waitFor, waitForAppReady, type AppPage } from './support/browser';
import { useBrowser } from './support/fixtures';
import { saveArtifact } from './support/artifacts';
import { stepAndRead } from './support/training';

/**
 * Issue #5, the lecture hall: links that reproduce a setup (and survive any
 * hash), hide-flags, the keyboard, projector mode, the step walkthrough and
 * the typeset explanations.
 */
describe('classroom', () => {
  const chrome = useBrowser();

  it('a copied link reproduces the settings and, on the CPU backend, the same curve', async () => {
    const first = await openApp(chrome().browser, inject('baseUrl'), '#backend=cpu');
    const second: AppPage[] = [];
    try {
      const { page } = first;
      await first.context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await waitForAppReady(page);
      const c = controls(page);
      // Set the controls the way a person does.
      await c.dataset.selectOption({ label: '8 Gaussians' });
      await page.getByRole('combobox', { name: 'Flow', exact: true }).selectOption({ label: 'NICE' });
      const lr = page.getByRole('slider', { name: 'Learning rate', exact: true });
      await lr.focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.getByRole('spinbutton', { name: 'Seed', exact: true }).fill('42');
      await waitForAppReady(page);
      const settings = await readSettings(page);
      expect(settings.lr).not.toBe('0.003');

      await page.getByRole('button', { name: 'Copy link', exact: true }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Link copied.' }).count()).toBe(1);
      const link = await page.evaluate(() => navigator.clipboard.readText());
      expect(link).toMatch(/#/);
      expect(link).toContain('seed=42');
      expect(link).toContain('backend=cpu');
      const curve = await stepAndRead(page, 3);

      const other = await openApp(chrome().browser, link.replace(/#.*/, ''), link.slice(link.indexOf('#')));
      second.push(other);
      await waitForAppReady(other.page);
      expect(await readSettings(other.page)).toEqual(settings);
      expect(await stepAndRead(other.page, 3), 'the same test NLL after each of 3 steps').toEqual(curve);
      expect([...first.errors, ...other.errors]).toEqual([]);
    } finally {
      await first.close();
      for (const a of second) await a.close();
    }
  });

  it('a fuzzed hash never breaks the page: values are repaired and a notice says what was ignored', async () => {
    const app = await openApp(chrome().browser, inject('baseUrl'), '#layers=999&colour=red&dataset=nope');
    try {
      const { page } = app;
      await waitForAppReady(page);
      const notes = page.getByRole('status', { name: 'Link notes' });
      await expect.poll(() => notes.innerText()).toMatch(/layers: 999 → 32/);
      expect(await notes.innerText()).toMatch(/unknown setting colour=red/);
      expect(await notes.innerText()).toMatch(/dataset=nope ignored/);
      expect(await page.getByRole('slider', { name: 'Layers', exact: true }).getAttribute('aria-valuetext')).toBe('32');

      // Many random hashes typed into the address bar of the running page.
      const rng = createRng(5);
      for (let i = 0; i < 60; i++) {
        await page.goto(`${inject('baseUrl')}#${randomHash(rng)}`);
        expect(await controls(page).toggle.isVisible(), `page alive after hash ${i}`).toBe(true);
      }
      // And the page still works from a clean link afterwards.
      await page.goto(`${inject('baseUrl')}#seed=1`);
      await waitForAppReady(page);
      expect(app.errors, app.errors.join('\n')).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('hide-flags remove the chosen controls and panels; the link builder writes them', async () => {
    const app = await openApp(chrome().browser, inject('baseUrl'), '#hide=seed,backend,layers-panel');
    try {
      const { page } = app;
      await waitForAppReady(page);
      expect(await page.getByRole('combobox', { name: 'Backend override', exact: true }).count()).toBe(0);
      expect(await page.getByRole('spinbutton', { name: 'Seed', exact: true }).count()).toBe(0);
      expect(await page.getByRole('figure', { name: 'Layers', exact: true }).count()).toBe(0);
      expect(await controls(page).dataset.count()).toBe(1);

      await page.getByRole('button', { name: 'Classroom link…', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Classroom link' });
      await dialog.getByRole('checkbox', { name: 'Hide Dataset', exact: true }).check();
      await dialog.getByRole('checkbox', { name: 'Hide Metrics table', exact: true }).check();
      await dialog.getByRole('checkbox', { name: 'Open in projector mode', exact: true }).check();
      const url = await dialog.getByRole('textbox', { name: 'Classroom link URL' }).inputValue();
      expect(decodeURIComponent(url)).toContain('hide=dataset,seed,backend,layers-panel,metrics-panel');
      expect(url).toContain('projector=1');
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);

      const opened = await openApp(chrome().browser, url.replace(/#.*/, ''), url.slice(url.indexOf('#')));
      try {
        await waitFor('the Backend to start', () => controls(opened.page).backend.innerText(), (t) => /^(wasm|cpu|webgl|webgpu)$/.test(t));
        // Projector mode folds the settings away; open them, so "no Dataset" means hidden by the link, not folded.
        await opened.page.getByRole('button', { name: 'Settings', exact: true }).click();
        expect(await opened.page.getByRole('combobox', { name: 'Flow', exact: true }).isVisible()).toBe(true);
        expect(await controls(opened.page).dataset.count()).toBe(0);
        expect(await opened.page.getByRole('table', { name: 'Metrics' }).count()).toBe(0);
        expect(await opened.page.locator('.app.projector').count()).toBe(1);
      } finally {
        await opened.close();
      }
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('keyboard: Space plays and pauses, → steps, R resets, M animates the morph, ? lists the shortcuts', async () => {
    const app = await openApp(chrome().browser, inject('baseUrl'), '#seed=0');
    try {
      const { page } = app;
      const c = controls(page);
      await waitForAppReady(page);
      await page.locator('h1').click(); // focus on the page, not on a control

      await page.keyboard.press('Space');
      await expect.poll(() => c.toggle.innerText()).toBe('Pause');
      await waitFor('training to start', () => readStepCount(page), (n) => n > 3);
      await page.keyboard.press('Space');
      await expect.poll(() => c.toggle.innerText()).toBe('Play');
      await page.waitForTimeout(600);
      const paused = await readStepCount(page);

      await page.keyboard.press('ArrowRight');
      await waitFor(`step ${paused + 1}`, () => readStepCount(page), (n) => n === paused + 1, 15_000, 50);

      await page.keyboard.press('r');
      await waitFor('step 0 after R', () => readStepCount(page), (n) => n === 0, 15_000, 50);

      await c.morphSlider.fill('0');
      await page.locator('h1').click();
      await page.keyboard.press('m');
      await expect.poll(() => page.getByRole('button', { name: 'Stop', exact: true }).count()).toBe(1);
      await waitFor('the morph to reach the model', async () => Number(await c.morphSlider.inputValue()), (v) => v > 0.5, 10_000, 50);

      await page.keyboard.press('?');
      const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect.poll(() => help.isVisible()).toBe(true);
      expect(await help.innerText()).toMatch(/Space[\s\S]*Play or pause/);
      await page.keyboard.press('Escape');
      await expect.poll(() => help.count()).toBe(0);
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('projector mode: large type and thick lines at 1280×720, no horizontal scroll; explanations typeset; the walkthrough takes a step', async () => {
    const app = await openApp(chrome().browser, inject('baseUrl'), '#seed=0', { width: 1280, height: 720 });
    try {
      const { page } = app;
      await waitForAppReady(page);
      const fontOf = (selector: string) => page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      const before = await fontOf('table');
      await page.getByRole('button', { name: 'Projector mode', exact: true }).click();
      await expect.poll(() => page.locator('.app.projector').count()).toBe(1);
      expect(await fontOf('table')).toBeGreaterThanOrEqual(before * 1.25);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
      expect(page.url()).toContain('projector=1');
      await page.waitForTimeout(800);
      await saveArtifact('projector-1280x720.png', await page.screenshot());

      await page.getByRole('button', { name: 'Explain', exact: true }).click();
      const explain = page.getByRole('dialog', { name: 'Explanations' });
      await expect.poll(() => explain.isVisible()).toBe(true);
      expect(await explain.locator('math').count(), 'formulas typeset as MathML').toBeGreaterThan(4);
      expect(await explain.innerText()).toMatch(/log-determinant/i);
      await explain.getByRole('button', { name: 'Close', exact: true }).click();

      const start = await readStepCount(page);
      await page.getByRole('button', { name: 'Walk through a step', exact: true }).click();
      const walk = page.getByRole('region', { name: 'Step walkthrough' });
      await expect.poll(() => walk.innerText()).toMatch(/Sample a batch/);
      expect(await page.getByRole('figure', { name: 'Data', exact: true }).getAttribute('data-highlighted')).toBe('true');
      for (const title of ['Inverse pass', 'Sum of log-determinants', 'Loss', 'Gradient step']) {
        await walk.getByRole('button', { name: 'Next phase', exact: true }).click();
        await expect.poll(() => walk.innerText()).toContain(title);
      }
      expect(await readStepCount(page), 'no step until the last phase').toBe(start);
      await walk.getByRole('button', { name: 'Take the step', exact: true }).click();
      await waitFor(`step ${start + 1}`, () => readStepCount(page), (n) => n === start + 1, 15_000, 50);
      expect(app.errors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

/** The values the sidebar shows, as a person reads them. */
async function readSettings(page: AppPage['page']) {
  const value = (role: 'combobox' | 'slider' | 'spinbutton', name: string) =>
    role === 'slider' ? page.getByRole(role, { name, exact: true }).getAttribute('aria-valuetext') : page.getByRole(role, { name, exact: true }).inputValue();
  return {
    dataset: await value('combobox', 'Dataset'),
    flow: await value('combobox', 'Flow'),
    layers: await value('slider', 'Layers'),
    hidden: await value('slider', 'Hidden units'),
    lr: await value('slider', 'Learning rate'),
    batch: await value('slider', 'Batch size'),
    seed: await value('spinbutton', 'Seed'),
    backend: await value('combobox', 'Backend override'),
  };
}

/** A hash a person might paste or mangle: real keys with wild values, unknown keys, broken escapes. */
function randomHash(rng: ReturnType<typeof createRng>): string {
  const keys = ['target', 'energy', 'dataset', 'flow', 'layers', 'hidden', 'lr', 'batch', 'seed', 'vae', 'gan', 'hide', 'projector', 'zzz', '', '%'];
  const values = ['', '0', '1', '-1', '1e309', 'NaN', 'moons', 'glow', 'planar', 'u2', 'energy', '%E0%A4%A', '999999999999', '3.7', 'true', 'layers-panel,nope', '<script>', '😀'];
  const parts: string[] = [];
  for (let n = 1 + rng.int(5); n > 0; n--) parts.push(`${keys[rng.int(keys.length)]}=${values[rng.int(values.length)]}`);
  if (rng.uniform() < 0.2) parts.push('&&=&');
  return parts.join('&');
}
