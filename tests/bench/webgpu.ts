/**
 * `npm run bench:webgpu`: GPU dispatches per training step and per 128² log-
 * density grid on WebGPU, steps/s there, and how far WebGPU's losses and
 * parameters drift from the cpu backend's after N steps from the same seeds.
 * Headless Chromium with --enable-unsafe-webgpu opens a bench-only page
 * (tests/bench/webgpu/, built by e2e/support/test-page.ts); the page
 * counts every GPUComputePassEncoder.dispatchWorkgroups call.
 * On a software adapter (SwiftShader) steps/s means nothing; the counts and the
 * differences do. Prints progress on stderr and one JSON object on stdout.
 * Usage: npx tsx tests/bench/webgpu.ts [--types planar,realnvp,glow] [--steps 10] [--batch 128] [--timed 5] [--census]
 * (--census: also which tfjs programs one step and one grid dispatch, per flow type, on stderr).
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../e2e/support/browser';
import { buildTestPage } from '../e2e/support/test-page';
import type { BackendRun, FlowCase } from './webgpu/page';

const { values: opts } = parseArgs({
  options: {
    types: { type: 'string', default: 'planar,realnvp,glow' },
    steps: { type: 'string', default: '10' },
    batch: { type: 'string', default: '128' },
    timed: { type: 'string', default: '5' },
    census: { type: 'boolean', default: false },
  },
});

/** The sizes issue 9 names its targets for: planar-32, RealNVP-8, Glow-8 (hidden 64, depth 2 for the conditioners). */
const SIZES: Record<string, Pick<FlowCase, 'layers' | 'hidden' | 'depth'>> = {
  planar: { layers: 32, hidden: 0, depth: 0 },
  realnvp: { layers: 8, hidden: 64, depth: 2 },
  glow: { layers: 8, hidden: 64, depth: 2 },
  spline: { layers: 4, hidden: 64, depth: 2 },
  maf: { layers: 8, hidden: 64, depth: 2 },
};

const ROOT = resolve(import.meta.dirname, '../..');

/** Largest absolute difference, and largest relative one where |cpu| > floor (absolute below it). */
function difference(cpu: number[], gpu: number[], floor = 1e-3): { maxAbs: number; maxRel: number } {
  if (cpu.length !== gpu.length) throw new Error(`cpu has ${cpu.length} values, webgpu ${gpu.length}`);
  let maxAbs = 0;
  let maxRel = 0;
  cpu.forEach((a, i) => {
    const d = Math.abs(a - gpu[i]);
    maxAbs = Math.max(maxAbs, Number.isNaN(d) ? Infinity : d);
    maxRel = Math.max(maxRel, Math.abs(a) > floor ? d / Math.abs(a) : d);
  });
  return { maxAbs, maxRel };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  const types = opts.types.split(',');
  for (const t of types) if (!SIZES[t]) throw new Error(`no size for flow type '${t}'; known: ${Object.keys(SIZES).join(', ')}`);
  const server = await buildTestPage(join(ROOT, 'tests/bench/webgpu/index.html'));
  const launched = await launchBrowser({ webgpu: true });
  try {
    const page = await launched.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(server.url);
    await page.waitForFunction(() => 'flowBench' in globalThis, undefined, { timeout: 120_000 }).catch((err: Error) => {
      throw new Error(`the bench page did not start (${err.message}); page errors: ${errors.join('; ') || 'none'}`);
    });
    const { adapter } = await page.evaluate(() => (globalThis as any).flowBench.start());
    process.stderr.write(`WebGPU adapter: ${adapter}\n`);
    const flows: Record<string, unknown> = {};
    for (const type of types) {
      const c: FlowCase = { type: type as FlowCase['type'], ...SIZES[type], batch: Number(opts.batch), steps: Number(opts.steps), timedSteps: Number(opts.timed) };
      const t0 = Date.now();
      if (opts.census) {
        const counts = (await page.evaluate((arg) => (globalThis as any).flowBench.census(arg), c)) as Record<'step' | 'grid', Record<string, number>>;
        for (const [what, label] of [['step', 'one step'], ['grid', 'one 128² grid']] as const) {
          const rows = Object.entries(counts[what]).sort((a, b) => b[1] - a[1]);
          process.stderr.write(`${type}-${c.layers} dispatches of ${label} by program:\n${rows.map(([k, n]) => `  ${String(n).padStart(5)} ${k}`).join('\n')}\n`);
        }
      }
      const r = (await page.evaluate((arg) => (globalThis as any).flowBench.compare(arg), c)) as { cpu: BackendRun; webgpu: BackendRun; tensorsAlive: number };
      const steady = r.webgpu.stepDispatches.slice(1);
      const row = {
        ...SIZES[type],
        batch: c.batch,
        dispatchesPerStep: median(steady),
        dispatchesPerStepRange: [Math.min(...steady), Math.max(...steady)],
        firstStepDispatches: r.webgpu.stepDispatches[0],
        dispatchesPerGrid128: r.webgpu.gridDispatches,
        dispatchesPerChunk1024: r.webgpu.chunkDispatches,
        dispatchesPerMorph1024: r.webgpu.morphDispatches,
        stepsPerSecond: r.webgpu.stepsPerSecond === null ? null : Number(r.webgpu.stepsPerSecond.toFixed(3)),
        loss: { cpu: r.cpu.losses.at(-1), webgpu: r.webgpu.losses.at(-1), ...difference(r.cpu.losses, r.webgpu.losses) },
        params: { count: r.cpu.params.length, ...difference(r.cpu.params, r.webgpu.params) },
        tensorsAlive: r.tensorsAlive,
      };
      flows[type] = row;
      process.stderr.write(
        `${type}-${c.layers}: ${row.dispatchesPerStep} dispatches/step, ${row.dispatchesPerGrid128} per 128² grid; ` +
          `loss diff ${row.loss.maxAbs.toExponential(2)} (rel ${row.loss.maxRel.toExponential(2)}), params ${row.params.maxAbs.toExponential(2)} (rel ${row.params.maxRel.toExponential(2)}); ${((Date.now() - t0) / 1000).toFixed(0)} s\n`,
      );
    }
    if (errors.length > 0) throw new Error(`page errors:\n${errors.join('\n')}`);
    process.stdout.write(
      `${JSON.stringify(
        {
          adapter,
          note: 'stepsPerSecond is meaningless on a software adapter (SwiftShader); dispatch counts and differences are not. Differences are over every step\'s loss and every parameter after the last step; relative where |cpu| > 1e-3, absolute below.',
          steps: Number(opts.steps),
          flows,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await launched.close();
    await server.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
