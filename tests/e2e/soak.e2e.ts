import { describe, expect, it } from 'vitest';
import { MAX_STORED_POINTS } from '../../src/state/series';
import { controls, readStepCount, waitFor } from './support/browser';
import { alertText, openBackendDetails, settledTensors, tensorsAlive } from './support/diagnostics';
import { useReadyApp } from './support/fixtures';

/**
 * Issue #12: a minute of the flow, the VAE and the GAN training together, the
 * short version of `npm run soak`. Each worker's live tensors (one worker per
 * model), read off the page's Backend details every 10 s, must not move, and
 * nothing may error.
 */

const WORKERS = [undefined, 'VAE', 'GAN'] as const;
const allTensors = (page: Parameters<typeof tensorsAlive>[0]) => Promise.all(WORKERS.map((m) => tensorsAlive(page, m)));

const SECONDS = 60;
const SAMPLE_MS = 10_000;
/** The count shown before the first report while training is the paused one from before the first step. */
const WARM_UP_MS = 5000;

describe('soak (short)', () => {
  const app = useReadyApp('#backend=wasm&seed=0&vae=1&gan=1');

  it(`trains three models for ${SECONDS} s with the worker's tensors flat`, { timeout: (SECONDS + 120) * 1000 }, async () => {
    const { page, errors } = app();
    const c = controls(page);
    await openBackendDetails(page);
    await c.play.click();
    await waitFor('training to start', () => readStepCount(page), (n) => n > 0, 30_000);
    await page.waitForTimeout(WARM_UP_MS);

    const chart = page.getByRole('slider', { name: 'Chart read-out step' });
    const storedPoints = async () => Number(await chart.getAttribute('data-stored-points'));
    const storedAtStart = await storedPoints();
    await settledTensors(page);
    const samples = [await allTensors(page)];
    const stepsAtStart = await readStepCount(page);
    for (let t = 0; t < SECONDS * 1000; t += SAMPLE_MS) {
      await page.waitForTimeout(SAMPLE_MS);
      samples.push(await allTensors(page));
    }
    await c.pause.click();
    const steps = await readStepCount(page);
    console.log(`[soak] ${steps - stepsAtStart} flow steps in ${SECONDS} s; tensors alive (flow, VAE, GAN workers) every ${SAMPLE_MS / 1000} s: ${samples.map((s) => s.join('/')).join(', ')}`);

    expect(steps, 'training went on the whole time').toBeGreaterThan(stepsAtStart);
    expect(samples.flat().every(Number.isFinite), `every sample is a number: ${samples.join(' | ')}`).toBe(true);
    expect(samples, 'tensors alive in each worker stay flat').toEqual(samples.map(() => samples[0]));
    // After Pause too: the counts the workers post once they have stopped.
    await page.waitForTimeout(1000);
    expect(await allTensors(page)).toEqual(samples[0]);

    // Bounded chart data (issue #12 item 10). A minute is far too short to reach the bound (the
    // unit tests in tests/state/series.test.ts append a million points); here: the page's chart
    // holds the points it was sent, and what it holds is counted against the bound per curve.
    const stored = await storedPoints();
    const curves = Number(await chart.getAttribute('data-curves'));
    console.log(`[soak] chart: ${storedAtStart} → ${stored} stored points over ${curves} curves`);
    expect(curves, 'flow, VAE and GAN curves').toBeGreaterThanOrEqual(5);
    expect(stored, 'the chart grew while training').toBeGreaterThan(storedAtStart);
    expect(stored).toBeLessThanOrEqual(curves * MAX_STORED_POINTS);

    expect(await alertText(page), 'no error line').toBe('');
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
