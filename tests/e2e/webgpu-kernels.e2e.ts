import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdamRun } from './webgpu-kernels/page';
import { referenceAdam } from '../core/helpers/reference-adam';
import { useBrowser } from './support/fixtures';
import { buildTestPage, type TestPage } from './support/test-page';

/**
 * Our WGSL kernels (src/core/kernels/*-webgpu.ts) against tfjs's plain path on
 * the same random inputs, in headless Chromium's software WebGPU adapter.
 * A test-only page (tests/e2e/webgpu-kernels/) imports the core directly.
 */
const RELATIVE_TOLERANCE = 1e-5;
/**
 * Kernel vs the plain tfjs path: the plain path is itself ~6e-4 (relative) off float64 Adam here,
 * its float32 pow(β₂, t) cancelling in 1 − β₂ᵗ (the first test measures both against float64).
 */
const PLAIN_BIAS = 5e-3;

/** Largest |a − b| / max(|b|, floor) (relative, absolute-ish near zero). */
function maxRelative(a: number[], b: number[], floor: number): number {
  expect(a.length).toBe(b.length);
  return a.reduce((worst, x, i) => Math.max(worst, Math.abs(x - b[i]) / Math.max(Math.abs(b[i]), floor)), 0);
}

describe('WebGPU kernels', () => {
  const chrome = useBrowser({ webgpu: true });
  let site: TestPage;
  let page: Page;
  beforeAll(async () => {
    site = await buildTestPage('tests/e2e/webgpu-kernels/index.html');
    page = await chrome().browser.newPage();
    page.on('pageerror', (e) => console.error(`[webgpu-kernels] page error: ${e.message}`));
    page.on('console', (m) => ['error', 'warning'].includes(m.type()) && console.error(`[webgpu-kernels] console ${m.type()}: ${m.text()}`));
    await page.goto(site.url);
    await page.waitForFunction(() => 'kernelChecks' in globalThis, undefined, { timeout: 60_000 });
    const backend = await page.evaluate(() => (globalThis as any).kernelChecks.start());
    expect(backend, 'WebGPU did not start in this Chromium with --enable-unsafe-webgpu').toBe('webgpu');
  }, 180_000);
  afterAll(async () => {
    await page?.close();
    await site?.close();
  });

  /** Worst of |a − b| − (tolerance·|b| + 2 ulps of the stored parameter): > 0 means beyond rounding. */
  function beyond(a: number[], b: number[], final: number[], tolerance: number): number {
    return Math.max(...a.map((x, i) => Math.abs(x - b[i]) - (tolerance * Math.abs(b[i]) + 2 * 2 ** -23 * Math.abs(final[i]))));
  }
  const change = (after: number[], before: number[]) => after.map((x, i) => x - before[i]);

  it('Adam over the flat vector in one WGSL dispatch matches float64 Adam (NaN entry, skipped step) better than the plain path', { timeout: 300_000 }, async () => {
    const { plain, kernel } = (await page.evaluate((seed) => (globalThis as any).kernelChecks.adam(seed, false), 7)) as { plain: AdamRun; kernel: AdamRun };
    expect(kernel.initial).toEqual(plain.initial);
    expect(kernel.applied).toEqual(plain.applied);
    expect(kernel.applied.length).toBe(3);
    expect(kernel.appliedSteps).toBe(3);
    expect(plain.appliedSteps).toBe(3);
    const reference = change(referenceAdam(kernel.initial, kernel.applied, 0.01, 0.9, 0.999, 1e-12), kernel.initial);
    expect(Math.max(...reference.map(Math.abs))).toBeGreaterThan(1e-3);
    const kernelRel = maxRelative(kernel.change, reference, 1e-4);
    const plainRel = maxRelative(plain.change, reference, 1e-4);
    console.log(
      `[webgpu-kernels] Adam vs float64: worst relative error of the parameter change, kernel ${kernelRel.toExponential(2)}, plain tfjs ${plainRel.toExponential(2)}; ` +
        `kernel vs plain parameters ${maxRelative(kernel.final, plain.final, 1e-3).toExponential(2)}; dispatches per apply plain ${plain.dispatches.join('/')}, kernel ${kernel.dispatches.join('/')}`,
    );
    expect(beyond(kernel.change, reference, kernel.final, RELATIVE_TOLERANCE), 'a parameter moved differently from float64 Adam beyond rounding').toBeLessThanOrEqual(0);
    // The kernel path was taken: one Adam program instead of the plain path's ~20–35 element-wise dispatches.
    for (let i = 0; i < 4; i++) expect(kernel.dispatches[i]).toBeLessThan(plain.dispatches[i] / 2);
    expect(kernel.tensorsLeaked).toBe(0);
    expect(plain.tensorsLeaked).toBe(0);
  });

  it('with the relative clip, the kernel agrees with the plain path on the norm average and the updates', { timeout: 300_000 }, async () => {
    const { plain, kernel } = (await page.evaluate((seed) => (globalThis as any).kernelChecks.adam(seed, true), 11)) as { plain: AdamRun; kernel: AdamRun };
    expect(kernel.appliedSteps).toBe(3);
    expect(plain.averageNorm).toBeGreaterThan(0);
    const normRel = Math.abs(kernel.averageNorm - plain.averageNorm) / plain.averageNorm;
    console.log(`[webgpu-kernels] Adam with clip: norm average kernel ${kernel.averageNorm} plain ${plain.averageNorm}; parameter change kernel vs plain ${maxRelative(kernel.change, plain.change, 1e-4).toExponential(2)}`);
    expect(normRel).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
    // The plain path's bias correction 1 − pow(β₂, t) in float32 is itself off by ~1e-4 (see the float64 test), hence PLAIN_BIAS here.
    const scale = Math.max(...plain.change.map(Math.abs));
    expect(maxRelative(kernel.change, plain.change, 1e-3 * scale), 'a parameter moved differently from the plain path').toBeLessThanOrEqual(PLAIN_BIAS);
    expect(kernel.tensorsLeaked).toBe(0);
  });
});
