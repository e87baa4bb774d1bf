import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOW_TYPES } from '../../src/core/flows/registry';
import type { AdamRun, CouplingCase, CouplingRun, DensityRun, FlowLossRun, SolvedRun, StackLossRun, TallyCase, TrainingRun } from './webgpu-kernels/page';
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
    page = await openChecks();
  }, 180_000);

  /** A new page on the checks, its WebGPU backend started. */
  async function openChecks(): Promise<Page> {
    const opened = await chrome().browser.newPage();
    opened.on('pageerror', (e) => console.error(`[webgpu-kernels] page error: ${e.message}`));
    opened.on('console', (m) => ['error', 'warning'].includes(m.type()) && console.error(`[webgpu-kernels] console ${m.type()}: ${m.text()}`));
    await opened.goto(site.url);
    await opened.waitForFunction(() => 'kernelChecks' in globalThis, undefined, { timeout: 60_000 });
    const backend = await opened.evaluate(() => (globalThis as any).kernelChecks.start());
    expect(backend, 'WebGPU did not start in this Chromium with --enable-unsafe-webgpu').toBe('webgpu');
    return opened;
  }
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

  /**
   * Random networks (last layer not zero), both directions, each activation, two to four layers,
   * batches off the workgroup size and above the backward's 256 lanes.
   */
  const COUPLINGS: CouplingCase[] = [
    { seed: 1, direction: -1, transformDim: 0, activation: 'relu', hidden: [16, 16], batch: 40 },
    { seed: 2, direction: 1, transformDim: 1, activation: 'tanh', hidden: [8, 12, 8], batch: 300 },
    { seed: 3, direction: -1, transformDim: 1, activation: 'elu', hidden: [32], batch: 65 },
    { seed: 4, direction: 1, transformDim: 0, activation: 'leakyrelu', hidden: [24, 24], batch: 128 },
  ];
  /** Float32 in a different summation order: values agree to a few ulps, batch sums to ~1e-6 of their scale. */
  const VALUE_TOLERANCE = 1e-5;
  const GRADIENT_TOLERANCE = 1e-4;

  /** Largest |a − b| over the largest |b| (one scale per tensor: a sum over the batch is judged by its size). */
  function scaledDifference(a: number[], b: number[]): number {
    expect(a.length).toBe(b.length);
    const scale = Math.max(1e-6, ...b.map(Math.abs));
    return a.reduce((worst, x, i) => Math.max(worst, Math.abs(x - b[i])), 0) / scale;
  }

  for (const c of COUPLINGS) {
    it(`an affine coupling (${c.direction === 1 ? 'forward' : 'inverse'}, ${c.activation}, hidden ${c.hidden.join('×')}, batch ${c.batch}) in WGSL matches tfjs in values and gradients`, { timeout: 300_000 }, async () => {
      const { plain, kernel } = (await page.evaluate((arg) => (globalThis as any).kernelChecks.coupling(arg), c)) as { plain: CouplingRun; kernel: CouplingRun };
      const gradientDiffs = kernel.grads.map((g, i) => scaledDifference(g, plain.grads[i]));
      console.log(
        `[webgpu-kernels] coupling seed ${c.seed}: y ${maxRelative(kernel.y, plain.y, 1e-3).toExponential(2)}, logDet ${maxRelative(kernel.logDet, plain.logDet, 1e-3).toExponential(2)}, ` +
          `worst gradient ${Math.max(...gradientDiffs).toExponential(2)}; dispatches taped plain ${plain.dispatches} kernel ${kernel.dispatches}, untaped plain ${plain.untapedDispatches} kernel ${kernel.untapedDispatches}`,
      );
      expect(maxRelative(kernel.y, plain.y, 1e-3)).toBeLessThanOrEqual(VALUE_TOLERANCE);
      expect(maxRelative(kernel.logDet, plain.logDet, 1e-3)).toBeLessThanOrEqual(VALUE_TOLERANCE);
      // The map moved points and the log-det is not 0: a random network, so the test is not of the identity.
      expect(Math.max(...plain.logDet.map(Math.abs))).toBeGreaterThan(1e-2);
      expect(kernel.grads.length).toBe(1 + 2 * (c.hidden.length + 1));
      gradientDiffs.forEach((d, i) => expect(d, `gradient ${i} (0 = the input, then W1, b1, …)`).toBeLessThanOrEqual(GRADIENT_TOLERANCE));
      expect(Math.max(...plain.grads.map((g) => Math.max(...g.map(Math.abs))))).toBeGreaterThan(1e-3);
      // Without a tape (a density grid) the same values, from the pack of the weights and one dispatch
      // (the pack runs on the CPU while fresh weights are still there, so one or two).
      expect(kernel.yUntaped).toEqual(kernel.y);
      expect(kernel.logDetUntaped).toEqual(kernel.logDet);
      expect(kernel.untapedDispatches).toBeLessThanOrEqual(2);
      expect(kernel.dispatches).toBeLessThan(plain.dispatches / 2);
      expect(kernel.tensorsLeaked).toBe(0);
      expect(plain.tensorsLeaked).toBe(0);
    });
  }

  for (const [seed, batch, scale] of [
    [5, 70, 1],
    [6, 300, 3],
  ]) {
    it(`a planar layer (random w, u, b at scale ${scale}, batch ${batch}) in WGSL, derived values included, matches tfjs in values and gradients`, { timeout: 300_000 }, async () => {
      const { plain, kernel } = (await page.evaluate(([s, b, k]) => (globalThis as any).kernelChecks.planar(s, b, k), [seed, batch, scale])) as { plain: CouplingRun; kernel: CouplingRun };
      const gradientDiffs = kernel.grads.map((g, i) => scaledDifference(g, plain.grads[i]));
      console.log(
        `[webgpu-kernels] planar seed ${seed}: y ${maxRelative(kernel.y, plain.y, 1e-3).toExponential(2)}, logDet ${maxRelative(kernel.logDet, plain.logDet, 1).toExponential(2)} (floor 1), ` +
          `worst gradient ${Math.max(...gradientDiffs).toExponential(2)}; dispatches taped plain ${plain.dispatches} kernel ${kernel.dispatches}, untaped plain ${plain.untapedDispatches} kernel ${kernel.untapedDispatches}`,
      );
      expect(maxRelative(kernel.y, plain.y, 1e-3)).toBeLessThanOrEqual(VALUE_TOLERANCE);
      // log q with q = 1 + m(1 − t²) cancelling where m is near −1: its float32 error is absolute, not relative (floor 1).
      expect(maxRelative(kernel.logDet, plain.logDet, 1)).toBeLessThanOrEqual(VALUE_TOLERANCE);
      expect(Math.max(...plain.logDet.map(Math.abs))).toBeGreaterThan(1e-2);
      // The input, w, u, b.
      expect(kernel.grads.length).toBe(4);
      gradientDiffs.forEach((d, i) => expect(d, `gradient ${i} (0 = the input, then w, u, b)`).toBeLessThanOrEqual(GRADIENT_TOLERANCE));
      expect(kernel.yUntaped).toEqual(kernel.y);
      expect(kernel.untapedDispatches).toBe(1);
      expect(kernel.dispatches).toBeLessThan(plain.dispatches / 2);
      expect(kernel.tensorsLeaked).toBe(0);
      expect(plain.tensorsLeaked).toBe(0);
    });
  }

  for (const [seed, direction, batch, floored] of [
    [7, -1, 90, false],
    [8, 1, 300, false],
    [9, -1, 50, true],
  ] as const) {
    it(`actnorm (${direction === 1 ? 'forward' : 'inverse'}, batch ${batch}${floored ? ', a log-scale below the floor' : ''}) in WGSL matches tfjs in values and gradients`, { timeout: 300_000 }, async () => {
      const { plain, kernel } = (await page.evaluate(([s, d, b, f]) => (globalThis as any).kernelChecks.actnorm(s, d, b, f), [seed, direction, batch, floored] as const)) as {
        plain: CouplingRun;
        kernel: CouplingRun;
      };
      const gradientDiffs = kernel.grads.map((g, i) => scaledDifference(g, plain.grads[i]));
      console.log(
        `[webgpu-kernels] actnorm seed ${seed}: y ${maxRelative(kernel.y, plain.y, 1e-3).toExponential(2)}, logDet ${maxRelative(kernel.logDet, plain.logDet, 1e-3).toExponential(2)}, ` +
          `worst gradient ${Math.max(...gradientDiffs).toExponential(2)}; dispatches taped plain ${plain.dispatches} kernel ${kernel.dispatches}, untaped plain ${plain.untapedDispatches} kernel ${kernel.untapedDispatches}`,
      );
      expect(maxRelative(kernel.y, plain.y, 1e-3)).toBeLessThanOrEqual(VALUE_TOLERANCE);
      expect(maxRelative(kernel.logDet, plain.logDet, 1e-3)).toBeLessThanOrEqual(VALUE_TOLERANCE);
      // The input, logScale, bias.
      expect(kernel.grads.length).toBe(3);
      gradientDiffs.forEach((d, i) => expect(d, `gradient ${i} (0 = the input, then logScale, bias)`).toBeLessThanOrEqual(GRADIENT_TOLERANCE));
      // Below the floor the log-scale gets no gradient, on both paths.
      if (floored) expect([kernel.grads[1][0], plain.grads[1][0]]).toEqual([0, 0]);
      expect(kernel.yUntaped).toEqual(kernel.y);
      expect(kernel.untapedDispatches).toBe(1);
      // Fewer, not half: the test's own loss and its gradient are most of either count here.
      expect(kernel.dispatches).toBeLessThan(plain.dispatches);
      expect(kernel.tensorsLeaked).toBe(0);
      expect(plain.tensorsLeaked).toBe(0);
    });
  }

  for (const [seed, direction, batch, floored] of [
    [10, -1, 90, false],
    [11, 1, 300, false],
    [12, -1, 50, true],
  ] as const) {
    it(`the LU 1×1 convolution (${direction === 1 ? 'forward' : 'inverse'}, batch ${batch}${floored ? ', a log-diagonal entry below the floor' : ''}) in WGSL matches tfjs in values and gradients`, { timeout: 300_000 }, async () => {
      const { plain, kernel } = (await page.evaluate(([s, d, b, f]) => (globalThis as any).kernelChecks.luLinear(s, d, b, f), [seed, direction, batch, floored] as const)) as {
        plain: CouplingRun;
        kernel: CouplingRun;
      };
      const gradientDiffs = kernel.grads.map((g, i) => scaledDifference(g, plain.grads[i]));
      console.log(
        `[webgpu-kernels] LU seed ${seed}: y ${maxRelative(kernel.y, plain.y, 1e-3).toExponential(2)}, logDet ${maxRelative(kernel.logDet, plain.logDet, 1e-3).toExponential(2)}, ` +
          `worst gradient ${Math.max(...gradientDiffs).toExponential(2)}; dispatches taped plain ${plain.dispatches} kernel ${kernel.dispatches}, untaped plain ${plain.untapedDispatches} kernel ${kernel.untapedDispatches}`,
      );
      // y is a 2×2 product: judged against each row's size (a coordinate can cancel to near 0).
      expect(scaledDifference(kernel.y, plain.y)).toBeLessThanOrEqual(VALUE_TOLERANCE);
      expect(maxRelative(kernel.logDet, plain.logDet, 1e-3)).toBeLessThanOrEqual(VALUE_TOLERANCE);
      // The input, [l, v], the log-diagonal.
      expect(kernel.grads.length).toBe(3);
      gradientDiffs.forEach((d, i) => expect(d, `gradient ${i} (0 = the input, then [l, v], the log-diagonal)`).toBeLessThanOrEqual(GRADIENT_TOLERANCE));
      if (floored) expect([kernel.grads[2][0], plain.grads[2][0]]).toEqual([0, 0]);
      expect(kernel.yUntaped).toEqual(kernel.y);
      expect(kernel.untapedDispatches).toBe(1);
      expect(kernel.dispatches).toBeLessThan(plain.dispatches);
      expect(kernel.tensorsLeaked).toBe(0);
      expect(plain.tensorsLeaked).toBe(0);
    });
  }

  for (const [seed, batch, scale] of [
    [16, 70, 1],
    [17, 300, 3],
  ]) {
    it(`a planar layer's solved direction (bisection + Newton; random w, u, b at scale ${scale}, batch ${batch}) in one WGSL dispatch matches tfjs's ~150 ops`, { timeout: 300_000 }, async () => {
      const { plain, kernel } = (await page.evaluate(([s, b, k]) => (globalThis as any).kernelChecks.planarSolved(s, b, k), [seed, batch, scale])) as { plain: SolvedRun; kernel: SolvedRun };
      const roundTrip = scaledDifference(kernel.roundTrip, kernel.input);
      console.log(
        `[webgpu-kernels] planar solved seed ${seed}: y ${scaledDifference(kernel.y, plain.y).toExponential(2)} (scaled), logDet ${maxRelative(kernel.logDet, plain.logDet, 1).toExponential(2)} (floor 1), ` +
          `round trip ${roundTrip.toExponential(2)}; dispatches plain ${plain.dispatches}, kernel ${kernel.dispatches}`,
      );
      // The same iteration in float32 on both paths: a few ulps of the points' scale apart.
      expect(scaledDifference(kernel.y, plain.y)).toBeLessThanOrEqual(VALUE_TOLERANCE);
      expect(maxRelative(kernel.logDet, plain.logDet, 1)).toBeLessThanOrEqual(VALUE_TOLERANCE);
      expect(Math.max(...plain.logDet.map(Math.abs))).toBeGreaterThan(1e-2);
      expect(roundTrip).toBeLessThanOrEqual(VALUE_TOLERANCE);
      expect(kernel.dispatches).toBe(1);
      expect(kernel.tensorsLeaked).toBe(0);
      expect(plain.tensorsLeaked).toBe(0);
    });
  }

  for (const [seed, layers, batch] of [
    [13, 6, 70],
    [14, 32, 300],
  ]) {
    it(`a planar flow's whole loss and gradient (${layers} layers, batch ${batch}) in one WGSL dispatch matches the tape over the per-layer path`, { timeout: 300_000 }, async () => {
      const { plain, kernel } = (await page.evaluate(([s, l, b]) => (globalThis as any).kernelChecks.planarStackLoss(s, l, b), [seed, layers, batch])) as { plain: StackLossRun; kernel: StackLossRun };
      const gradientDiff = scaledDifference(kernel.gradient, plain.gradient);
      console.log(
        `[webgpu-kernels] planar stack seed ${seed}: loss ${kernel.loss} vs ${plain.loss}, gradient ${gradientDiff.toExponential(2)} (scaled); dispatches plain ${plain.dispatches}, kernel ${kernel.dispatches}`,
      );
      expect(Math.abs(kernel.loss - plain.loss) / Math.abs(plain.loss)).toBeLessThanOrEqual(VALUE_TOLERANCE);
      expect(kernel.gradient.length).toBe(5 * layers);
      expect(Math.max(...plain.gradient.map(Math.abs))).toBeGreaterThan(1e-3);
      expect(gradientDiff).toBeLessThanOrEqual(GRADIENT_TOLERANCE);
      // The variables are packed by buffer copies: the loss and the whole gradient are one dispatch.
      expect(kernel.dispatches).toBe(1);
      expect(kernel.tensorsLeaked).toBe(0);
      expect(plain.tensorsLeaked).toBe(0);
    });
  }

  for (const [type, seed, batch] of [
    ['realnvp', 21, 128],
    ['realnvp', 22, 300],
    ['glow', 23, 128],
    ['glow', 24, 300],
  ] as const) {
    it(`a whole ${type} flow's loss and flat gradient from the tape-free WGSL kernels (batch ${batch}, random parameters) match tfjs's tape`, { timeout: 300_000 }, async () => {
      const { plain, kernel } = (await page.evaluate(([t, s, b]) => (globalThis as any).kernelChecks.flowLoss(t, s, b), [type, seed, batch] as const)) as { plain: FlowLossRun; kernel: FlowLossRun };
      const lossDiff = Math.abs(kernel.loss - plain.loss) / Math.abs(plain.loss);
      const gradientDiff = scaledDifference(kernel.gradient, plain.gradient);
      console.log(
        `[webgpu-kernels] ${type} flow loss seed ${seed}: loss ${plain.loss.toFixed(4)}, kernel vs tape ${lossDiff.toExponential(2)}, gradient ${gradientDiff.toExponential(2)} (${plain.gradient.length}); ` +
          `dispatches tape ${plain.dispatches}, kernel ${kernel.dispatches}`,
      );
      expect(lossDiff).toBeLessThanOrEqual(VALUE_TOLERANCE);
      expect(gradientDiff).toBeLessThanOrEqual(GRADIENT_TOLERANCE);
      // A moving model: the gradient is not ~0 anywhere it matters.
      expect(Math.max(...plain.gradient.map(Math.abs))).toBeGreaterThan(1e-3);
      // Θ is exactly the variables end to end (the optimiser updates it as is).
      expect(kernel.packed).toEqual(kernel.variables);
      expect(kernel.dispatches).toBeLessThan(plain.dispatches / 4);
      expect(kernel.tensorsLeaked).toBe(0);
      expect(plain.tensorsLeaked).toBe(0);
    });
  }

  /**
   * Dispatches at most: planar, the one segment; Glow, per step a segment (actnorm, LU) and the coupling's pack + map,
   * then the Gaussian; RealNVP, the couplings' 2 each and a segment per 4 pending log-dets. A coupling's pack of fresh
   * weights still on the CPU runs there (no dispatch), so the couplings may count 1.
   */
  for (const [type, layers, expected] of [
    ['planar', 32, 1],
    ['glow', 3, 3 * 3 + 1],
    ['realnvp', 6, 6 * 2 + 2],
  ] as const) {
    it(`a ${type}-${layers} log-density without a tape (the density grid) through density-webgpu.ts matches the per-layer path in at most ${expected} dispatches`, { timeout: 300_000 }, async () => {
      const { plain, kernel } = (await page.evaluate(([t, l]) => (globalThis as any).kernelChecks.density(t, l, 15, 1000), [type, layers] as const)) as { plain: DensityRun; kernel: DensityRun };
      console.log(`[webgpu-kernels] density ${type}-${layers}: log p ${maxRelative(kernel.logProb, plain.logProb, 1).toExponential(2)} (floor 1); dispatches plain ${plain.dispatches}, kernel ${kernel.dispatches}`);
      // A sum of many layers' log-dets in another order: judged absolutely below |log p| = 1.
      expect(maxRelative(kernel.logProb, plain.logProb, 1)).toBeLessThanOrEqual(VALUE_TOLERANCE);
      expect(kernel.logProb.every(Number.isFinite)).toBe(true);
      expect(kernel.dispatches).toBeLessThanOrEqual(expected);
      expect(kernel.dispatches).toBeLessThan(plain.dispatches);
      expect(kernel.tensorsLeaked).toBe(0);
      expect(plain.tensorsLeaked).toBe(0);
    });
  }

  const TALLIES: [string, TallyCase][] = [
    ['a finite step', { loss: 2.5, poke: null, before: [7, 3, 1, 0] }],
    ['a NaN loss', { loss: Number.NaN, poke: null, before: [7, 3, 1, 2] }],
    ['an infinite gradient entry', { loss: 2.5, poke: [999, Number.POSITIVE_INFINITY], before: [7, 3, 1, 0] }],
    ['a NaN gradient entry', { loss: -1, poke: [0, Number.NaN], before: [0, 0, 0, 4] }],
  ];
  for (const [name, c] of TALLIES) {
    it(`the trainer's step bookkeeping in one WGSL dispatch agrees with its tfjs ops on ${name}`, { timeout: 120_000 }, async () => {
      const { kernel, plain, dispatches, tensorsLeaked } = (await page.evaluate((arg) => (globalThis as any).kernelChecks.stepTally(arg), c)) as {
        kernel: number[];
        plain: number[];
        dispatches: number;
        tensorsLeaked: number;
      };
      // gate, lossSum, finiteSteps, badSteps, consecutiveBad: sums of a few exact floats, equal exactly.
      expect(kernel).toEqual(plain);
      expect(kernel[0]).toBe(c.poke || Number.isNaN(c.loss) ? 0 : 1);
      expect(dispatches).toBe(2);
      expect(tensorsLeaked).toBe(0);
    });
  }

  it('Adam with the parameters handed over packed moves them exactly as Adam packing them itself', { timeout: 120_000 }, async () => {
    const { unpacked, packed } = (await page.evaluate((seed) => (globalThis as any).kernelChecks.adamPacked(seed), 13)) as Record<
      'unpacked' | 'packed',
      { final: number[]; averageNorm: number; dispatches: number[]; tensorsLeaked: number }
    >;
    console.log(`[webgpu-kernels] Adam packed: dispatches per apply unpacked ${unpacked.dispatches.join('/')}, packed ${packed.dispatches.join('/')} (the caller's concat included)`);
    expect(packed.final).toEqual(unpacked.final);
    expect(packed.averageNorm).toBe(unpacked.averageNorm);
    expect(unpacked.averageNorm).toBeGreaterThan(0);
    expect(packed.tensorsLeaked).toBe(0);
    expect(unpacked.tensorsLeaked).toBe(0);
  });

  /** Issue 9's bar: after 10 steps from the same seed, every loss and parameter within 1e-4 of cpu's, relative, or absolute near zero. */
  const TRAINING_STEPS = 10;
  const TRAINING_TOLERANCE = 1e-4;
  /**
   * "Near zero" for a parameter: below 0.1, its difference is judged against 0.1 (so 1e-5 absolute). Adam moves
   * every parameter by up to lr = 1e-3 a step whatever its gradient's size, so float32 noise in a gradient near 0
   * (a bias that barely matters) shows as a few 1e-6 after 10 steps on any two backends; measured: 1.8e-6 (NICE,
   * no fused coupling at all), 3.5e-6 (Glow, at a parameter of 2.5e-4).
   */
  const PARAMETER_FLOOR = 0.1;
  for (const type of FLOW_TYPES) {
    it(`a small ${type} flow trains on WebGPU as on cpu: ${TRAINING_STEPS} steps, every loss and parameter within ${TRAINING_TOLERANCE}`, { timeout: 600_000 }, async () => {
      // A page (and GPU device) of its own: on the software adapter a device that has run several flows'
      // plain-path shaders can be lost ("no valid external Instance") partway through the next.
      const own = await openChecks();
      let result: { cpu: TrainingRun; webgpu: TrainingRun };
      try {
        result = (await own.evaluate(([t, n]) => (globalThis as any).kernelChecks.training(t, n, 64), [type, TRAINING_STEPS] as const)) as { cpu: TrainingRun; webgpu: TrainingRun };
      } finally {
        await own.close();
      }
      const { cpu, webgpu } = result;
      const lossDiff = maxRelative(webgpu.losses, cpu.losses, 1e-3);
      const paramDiff = maxRelative(webgpu.params, cpu.params, PARAMETER_FLOOR);
      const worst = webgpu.params.reduce((w, x, i) => (Math.abs(x - cpu.params[i]) > Math.abs(webgpu.params[w] - cpu.params[w]) ? i : w), 0);
      console.log(
        `[webgpu-kernels] ${type}: ${TRAINING_STEPS} steps, loss ${cpu.losses[0].toFixed(4)} → ${cpu.losses.at(-1)!.toFixed(4)}; webgpu vs cpu: loss ${lossDiff.toExponential(2)}, parameters ${paramDiff.toExponential(2)} ` +
          `(${cpu.params.length}; largest absolute difference ${Math.abs(webgpu.params[worst] - cpu.params[worst]).toExponential(2)}, at a parameter of ${cpu.params[worst].toExponential(3)})`,
      );
      // The steps trained: the comparison is of a moving model, not of the initial one.
      expect(Math.abs(cpu.losses.at(-1)! - cpu.losses[0])).toBeGreaterThan(10 * TRAINING_TOLERANCE * Math.abs(cpu.losses[0]));
      expect(lossDiff).toBeLessThanOrEqual(TRAINING_TOLERANCE);
      expect(paramDiff).toBeLessThanOrEqual(TRAINING_TOLERANCE);
      expect(webgpu.tensorsAfter[1], 'live tensors after step 2 and after the last step').toBe(webgpu.tensorsAfter[0]);
    });
  }
});
