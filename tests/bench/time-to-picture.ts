/**
 * Time to a good picture, the page's defaults on wasm (issue #8): the built
 * app (dist/, from `npm run build`) in headless Chromium, driven through its
 * controls. For each scenario (moons and checkerboard; the flow alone, then
 * with the VAE and GAN ticked on) it presses Play and polls the flow's
 * "Above floor" cell in the Metrics table (its exact test NLL minus the
 * data's entropy floor) until it is within the margin, capped at --cap
 * seconds. Seconds count from the Play click; steps/s is the page's step
 * count over the same seconds.
 *
 * Prints a readable summary on stderr and one JSON object on stdout.
 * Usage: npx tsx tests/bench/time-to-picture.ts [--cap 180] [--seed 0] [--alone]
 * (--alone: the flow-alone scenarios only, for a quick check of the defaults)
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { controls, launchBrowser, metricCell, openApp, readNumber, readStepCount, waitForAppReady } from '../e2e/support/browser';
import { serveStatic } from '../e2e/support/static-server';

const { values: flags } = parseArgs({ options: { cap: { type: 'string', default: '180' }, seed: { type: 'string', default: '0' }, alone: { type: 'boolean', default: false } } });
const CAP_S = Number(flags.cap);
const SEED = Number(flags.seed);

const SCENARIOS = [
  { dataset: 'moons', margin: 0.05, baselines: false },
  { dataset: 'moons', margin: 0.05, baselines: true },
  { dataset: 'checkerboard', margin: 0.1, baselines: false },
  { dataset: 'checkerboard', margin: 0.1, baselines: true },
] as const;

interface Outcome {
  dataset: string;
  baselines: boolean;
  margin: number;
  /** Seconds from Play until the gap was within the margin; null if the cap came first. */
  seconds: number | null;
  steps: number;
  stepsPerSec: number;
  lastGap: number;
  pageTrainingSpeed: string;
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits));

async function runScenario(browser: Parameters<typeof openApp>[0], url: string, s: (typeof SCENARIOS)[number]): Promise<Outcome> {
  const hash = `#dataset=${s.dataset}&seed=${SEED}&backend=wasm${s.baselines ? '&vae=1&gan=1' : ''}`;
  const app = await openApp(browser, url, hash);
  try {
    const { page } = app;
    await waitForAppReady(page, 60_000);
    const gapCell = await metricCell(page, 'Flow', 'Above floor');
    const start = Date.now();
    await controls(page).play.click();
    let seconds: number | null = null;
    let lastGap = Number.NaN;
    while ((Date.now() - start) / 1000 < CAP_S) {
      lastGap = await readNumber(gapCell);
      if (lastGap <= s.margin) {
        seconds = (Date.now() - start) / 1000;
        break;
      }
      await page.waitForTimeout(250);
    }
    const elapsed = (Date.now() - start) / 1000;
    const steps = await readStepCount(page);
    const pageTrainingSpeed = await page.getByRole('status', { name: 'Training speed', exact: true }).innerText();
    await controls(page).pause.click();
    if (app.errors.length) console.error(`page errors:\n${app.errors.join('\n')}`);
    return { dataset: s.dataset, baselines: s.baselines, margin: s.margin, seconds: seconds === null ? null : round(seconds, 1), steps, stepsPerSec: round(steps / elapsed, 1), lastGap, pageTrainingSpeed };
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const server = await serveStatic();
  const chrome = await launchBrowser();
  try {
    const outcomes: Outcome[] = [];
    for (const s of SCENARIOS.filter((x) => !(flags.alone && x.baselines))) {
      const o = await runScenario(chrome.browser, server.url, s);
      outcomes.push(o);
      console.error(
        `${o.dataset.padEnd(12)} ${o.baselines ? 'flow+VAE+GAN' : 'flow alone  '}  within ${o.margin} nats: ${o.seconds === null ? `not within ${CAP_S} s (gap ${o.lastGap})` : `${o.seconds} s`}  steps ${o.steps}  (${o.stepsPerSec} steps/s; page says ${o.pageTrainingSpeed})`,
      );
    }
    const alone = outcomes.filter((o) => !o.baselines);
    const together = outcomes.filter((o) => o.baselines);
    const ratio = together.length ? alone.map((a, i) => round(together[i].stepsPerSec / a.stepsPerSec)) : null;
    console.log(
      JSON.stringify(
        {
          browser: 'headless Chromium (playwright-core), wasm backend, page defaults',
          machine: { cpus: availableParallelism(), loadAverage1m: round(loadavg()[0]) },
          seed: SEED,
          capSeconds: CAP_S,
          method: 'seconds from the Play click until the Metrics table\'s Flow "Above floor" reads ≤ margin (polled every 250 ms); steps/s = step count / elapsed seconds',
          outcomes,
          flowStepsWithBaselinesOverAlone: ratio,
        },
        null,
        2,
      ),
    );
  } finally {
    await chrome.close();
    await server.close();
  }
}

await main();
