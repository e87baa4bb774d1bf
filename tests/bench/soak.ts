/**
 * The soak: the built app (dist/, made by `npm run build`; this script builds
 * nothing) training the flow, the VAE and the GAN together in headless
 * Chromium for --minutes, watched for what long sessions break:
 *
 *  - tensors alive in each worker (one per model: flow, VAE, GAN), read off
 *    the page's "Backend details" every ~10 s (flat unless something leaks);
 *  - main-thread and worker JS heap (CDP Runtime.getHeapUsage after a forced
 *    GC, the worker reached through the page's CDP session) at the start,
 *    after one minute and at the end;
 *  - the longest animation frame after load (requestAnimationFrame intervals,
 *    recorded in the page from the first frame after the app is ready);
 *  - the longest Pause latency: once a minute, click Pause and measure in the
 *    page from the click to the step counter's last change;
 *  - steps done (completed lockstep rounds, the page's step count).
 *
 * Goals (issue #12): tensors flat, heap growth < 20 % after the first minute,
 * no frame over 100 ms after load. Not part of CI.
 * Prints a readable summary on stderr and one JSON object on stdout.
 * Usage: npm run soak -- --minutes 10
 */
import { availableParallelism, loadavg } from 'node:os';
import type { CDPSession } from 'playwright-core';
import { controls, launchBrowser, openApp, readStepCount, waitFor, waitForAppReady } from '../e2e/support/browser';
import { openBackendDetails, settledTensors, tensorsAlive } from '../e2e/support/diagnostics';
import { serveStatic } from '../e2e/support/static-server';
import { benchOptions, positive } from './bench-options';

const MINUTES = positive('minutes', benchOptions({ minutes: '10' }).minutes);
const SAMPLE_MS = 10_000;
const PAUSE_PROBE_EVERY_MS = 60_000;
const GOALS = { heapGrowthAfterFirstMinute: 0.2, longestFrameMs: 100 };

const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const mb = (bytes: number) => round(bytes / 2 ** 20, 2);

/*
 * Page-side code as plain strings: tsx compiles this file with esbuild's
 * keepNames, whose __name() helper does not exist in the page.
 */

/** Longest requestAnimationFrame interval since the last reset, and how many exceeded 100 ms. */
const WATCH_FRAMES = `(() => {
  const f = (window.__soakFrames = { max: 0, over100: 0, count: 0, last: -1 });
  window.__soakResetFrames = () => Object.assign(f, { max: 0, over100: 0, count: 0, last: -1 });
  function tick(t) {
    if (f.last >= 0) {
      const d = t - f.last;
      f.count++;
      if (d > f.max) f.max = d;
      if (d > 100) f.over100++;
    }
    f.last = t;
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})();`;

/**
 * Click Pause and resolve with the ms from the click to the step counter's
 * last change, once it has not changed for 1.5 s.
 */
const PAUSE_LATENCY = `new Promise((resolve) => {
  const count = document.querySelector('output[aria-label="Step count"]');
  const pause = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Pause');
  if (!count || !pause) return resolve(-1);
  let lastChange = performance.now();
  const clicked = lastChange;
  const observer = new MutationObserver(() => (lastChange = performance.now()));
  observer.observe(count, { childList: true, characterData: true, subtree: true });
  pause.click();
  const check = () => {
    if (performance.now() - lastChange >= 1500) {
      observer.disconnect();
      resolve(lastChange - clicked);
    } else setTimeout(check, 100);
  };
  setTimeout(check, 100);
})`;

interface HeapReading {
  atSeconds: number;
  mainBytes: number;
  workerBytes: number;
}

/**
 * CDP commands to the page's dedicated worker (the trainer). Playwright's own
 * CDP sessions reach pages only, so this attaches to the worker the old,
 * unflattened way: commands wrapped in Target.sendMessageToTarget.
 */
class WorkerCdp {
  private sessionId: string | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();

  constructor(private readonly cdp: CDPSession) {
    cdp.on('Target.attachedToTarget', (e) => {
      // The first worker is the flow's (the baselines' start once its first run is built).
      if (e.targetInfo.type === 'worker') this.sessionId ??= e.sessionId;
    });
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const msg = JSON.parse(e.message) as { id?: number; result?: unknown };
      if (msg.id !== undefined) this.waiting.get(msg.id)?.(msg.result);
    });
  }

  async attach(): Promise<void> {
    await this.cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    await waitFor('the training worker to attach', async () => this.sessionId, (s) => s !== null, 10_000);
  }

  send<T>(method: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve) => {
      this.waiting.set(id, (result) => resolve(result as T));
      void this.cdp.send('Target.sendMessageToTarget', { sessionId: this.sessionId!, message: JSON.stringify({ id, method }) });
    });
  }
}

async function readHeaps(cdp: CDPSession, worker: WorkerCdp, t0: number): Promise<HeapReading> {
  await cdp.send('HeapProfiler.collectGarbage');
  await worker.send('HeapProfiler.collectGarbage');
  const main = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const inWorker = await worker.send<{ usedSize: number }>('Runtime.getHeapUsage');
  return { atSeconds: round((Date.now() - t0) / 1000, 0), mainBytes: main.usedSize, workerBytes: inWorker.usedSize };
}

async function main(): Promise<void> {
  const server = await serveStatic();
  const chrome = await launchBrowser();
  const loadAtStart = round(loadavg()[0], 2);
  try {
    const app = await openApp(chrome.browser, server.url, '#vae=1&gan=1&seed=0', undefined, async (context) => {
      await context.addInitScript({ content: WATCH_FRAMES });
    });
    const { page } = app;
    const c = controls(page);
    const cdp = await page.context().newCDPSession(page);
    const worker = new WorkerCdp(cdp);
    await waitForAppReady(page, 120_000);
    await worker.attach();
    await openBackendDetails(page);
    const backend = (await c.backend.innerText()).trim();

    await page.evaluate('window.__soakResetFrames()');
    const t0 = Date.now();
    await c.play.click();
    await waitFor('training to start', () => readStepCount(page), (n) => n > 0, 60_000);
    // The count shown until the first report while training is the paused one from before the first step.
    await page.waitForTimeout(5000);

    /** Each worker's count, "flow/VAE/GAN": one worker per model. */
    const allTensors = async () => (await Promise.all(([undefined, 'VAE', 'GAN'] as const).map((m) => tensorsAlive(page, m)))).join('/');
    await settledTensors(page);
    const tensors: { atSeconds: number; tensors: string }[] = [{ atSeconds: round((Date.now() - t0) / 1000, 0), tensors: await allTensors() }];
    const heaps: HeapReading[] = [await readHeaps(cdp, worker, t0)];
    const pauseLatencies: number[] = [];
    const end = t0 + MINUTES * 60_000;
    let nextSample = t0 + SAMPLE_MS;
    let nextPauseProbe = t0 + PAUSE_PROBE_EVERY_MS / 2;
    let oneMinute: HeapReading | null = null;
    while (Date.now() < end) {
      await page.waitForTimeout(Math.max(0, Math.min(nextSample, nextPauseProbe, end) - Date.now()));
      if (Date.now() >= nextPauseProbe && Date.now() < end) {
        pauseLatencies.push(round((await page.evaluate(PAUSE_LATENCY)) as number, 0));
        await c.play.click();
        nextPauseProbe += PAUSE_PROBE_EVERY_MS;
      }
      if (Date.now() >= nextSample) {
        tensors.push({ atSeconds: round((Date.now() - t0) / 1000, 0), tensors: await allTensors() });
        if (!oneMinute && Date.now() - t0 >= 60_000) {
          oneMinute = await readHeaps(cdp, worker, t0);
          heaps.push(oneMinute);
        }
        nextSample += SAMPLE_MS;
      }
    }
    await c.pause.click();
    const steps = await readStepCount(page);
    await settledTensors(page);
    tensors.push({ atSeconds: round((Date.now() - t0) / 1000, 0), tensors: await allTensors() });
    const last = await readHeaps(cdp, worker, t0);
    heaps.push(last);
    const frames = (await page.evaluate('window.__soakFrames')) as { max: number; over100: number; count: number };
    const errors = [...app.errors];
    await app.close();

    const counts = tensors.map((t) => t.tensors).filter((t) => !t.includes('NaN'));
    const growth = (key: 'mainBytes' | 'workerBytes') => (oneMinute && oneMinute[key] > 0 ? round((last[key] - oneMinute[key]) / oneMinute[key], 3) : null);
    const result = {
      scenario: 'flow (default RealNVP) + VAE + GAN training, moons, seed 0, Auto backend; Pause/Play once a minute',
      minutes: MINUTES,
      backend,
      // Shared machines skew frame times and step counts; the load says how much to trust them.
      machine: { cpus: availableParallelism(), loadAverage1m: { start: loadAtStart, end: round(loadavg()[0], 2) } },
      steps,
      tensorsAlive: {
        workers: 'flow/VAE/GAN',
        start: counts[0],
        end: counts[counts.length - 1],
        flat: counts.length === tensors.length && counts.every((n) => n === counts[0]),
        samples: tensors,
      },
      heapMB: {
        method: "CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage, in the page and in the flow's training worker",
        main: { start: mb(heaps[0].mainBytes), oneMinute: oneMinute && mb(oneMinute.mainBytes), end: mb(last.mainBytes) },
        worker: { start: mb(heaps[0].workerBytes), oneMinute: oneMinute && mb(oneMinute.workerBytes), end: mb(last.workerBytes) },
        growthAfterFirstMinute: { main: growth('mainBytes'), worker: growth('workerBytes') },
      },
      frames: { afterLoad: frames.count, longestMs: round(frames.max, 1), over100Ms: frames.over100 },
      pauseLatencyMs: { longest: pauseLatencies.length ? Math.max(...pauseLatencies) : null, probes: pauseLatencies },
      // The chart's data stays bounded (issue #12 item 10): its figure goes here once the chart exposes its point count.
      errors,
      goals: {
        tensorsFlat: counts.length === tensors.length && counts.every((n) => n === counts[0]),
        heapGrowthUnder20Percent: [growth('mainBytes'), growth('workerBytes')].every((g) => g === null || g < GOALS.heapGrowthAfterFirstMinute),
        noFrameOver100Ms: frames.max <= GOALS.longestFrameMs,
      },
    };
    console.error(
      `soak ${MINUTES} min on ${backend}: ${steps} steps; tensors (flow/VAE/GAN workers) ${result.tensorsAlive.start} → ${result.tensorsAlive.end} (flat: ${result.tensorsAlive.flat})\n` +
        `heap MB main ${JSON.stringify(result.heapMB.main)}, worker ${JSON.stringify(result.heapMB.worker)}, growth after 1 min ${JSON.stringify(result.heapMB.growthAfterFirstMinute)}\n` +
        `longest frame after load ${result.frames.longestMs} ms (${frames.over100} over 100 ms of ${frames.count}); longest Pause latency ${result.pauseLatencyMs.longest} ms\n` +
        `load average ${loadAtStart} → ${result.machine.loadAverage1m.end}; page errors: ${errors.length}`,
    );
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await chrome.close();
    await server.close();
  }
}

await main();
