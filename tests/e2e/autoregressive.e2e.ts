import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { controls, metricCell, readNumber, waitFor } from './support/browser';
import { useReadyApp } from './support/fixtures';

/**
 * Issue #11: the autoregressive baseline is a fourth model the page can tick
 * on like the VAE and GAN. Ticked on, it trains beside the flow: its row in the
 * Metrics table shows an exact NLL that falls, its curves reach the NLL chart
 * (read from the chart's CSV export, the chart's own stored points), its
 * density appears beside the flow's, and the choice is kept in the link.
 */
describe('the autoregressive baseline', () => {
  // A small batch: the same models and figures, at steps a busy two-core machine can afford.
  const app = useReadyApp('#seed=0&batch=64');

  it('ticked on, trains: its exact test NLL falls, and its curves and density appear', async () => {
    const { page } = app();
    const c = controls(page);
    expect(await c.trainAutoregressive.isChecked()).toBe(false);
    await c.trainAutoregressive.check();
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 10_000 }).toMatch(/(^#|&)autoregressive=1(&|$)/);

    const nll = await metricCell(page, 'AR');
    const before = await waitFor('a first autoregressive test NLL', () => readNumber(nll), Number.isFinite, 60_000, 250);
    expect(await (await metricCell(page, 'AR', 'Kind')).innerText()).toBe('exact');
    await c.play.click();
    const after = await waitFor(`the autoregressive test NLL to fall 0.3 nats below ${before}`, () => readNumber(nll), (v) => v < before - 0.3, 90_000, 250);
    await c.pause.click();
    await waitFor('the button to read "Play" again', () => c.toggle.innerText(), (t) => t === 'Play', 10_000, 50);
    expect(after).toBeLessThan(before - 0.3);

    // Its density map beside the flow's, labelled with how it is computed.
    await expect.poll(() => c.panel('Density').innerText(), { timeout: 30_000 }).toMatch(/AR\s+exact/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export NLL curves as CSV', exact: true }).click()]);
    const rows = readFileSync(await download.path()).toString('utf8').trim().split('\n').slice(1);
    const test = rows.filter((r) => r.startsWith('AR test NLL,'));
    const train = rows.filter((r) => r.startsWith('AR train NLL,'));
    expect(test.length, 'stored points of the autoregressive test curve').toBeGreaterThan(1);
    for (const r of test) expect(r).toMatch(/^AR test NLL,autoregressive,exact,test,/);
    expect(train.length, 'stored points of the autoregressive train curve').toBeGreaterThan(1);
  });
});
