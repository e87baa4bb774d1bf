import { describe, expect, it } from 'vitest';
import { storedPoints } from '../../src/state/series';
import { seriesOf } from '../state/helpers/series-of';
import type { Series } from '../../src/state/types';
import { robustExtent, yDomain } from '../../src/viz/chart-range';
import { nearestStep, unionSteps, valueAt } from '../../src/viz/chart-readout';
import { emaByStep, smoothingSteps } from '../../src/viz/ema';
import { chartLayout, drawNllChart } from '../../src/viz/nll-chart';
import { asCanvasContext, SvgContext } from '../../src/viz/svg-context';

const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

/** A chart like the page's with VAE and GAN on: every curve near 2.5–3 after warm-up, the GAN's first estimate at 7.4. */
function threeModels(): Series[] {
  const steps = range(200, (i) => i * 10);
  const curve = (start: number, end: number) => steps.map((s) => end + (start - end) * Math.exp(-s / 150));
  const testSteps = range(20, (i) => i * 100);
  return [
    { id: 'flow:train', family: 'flow', label: 'Flow train NLL', kind: 'exact', split: 'train', points: seriesOf(steps, curve(3.2, 2.45)) },
    { id: 'flow:test:nll', family: 'flow', label: 'Flow test NLL', kind: 'exact', split: 'test', points: seriesOf(testSteps, testSteps.map((s) => 2.46 + 0.8 * Math.exp(-s / 150))) },
    { id: 'vae:train', family: 'vae', label: 'VAE train −ELBO', kind: 'bound', split: 'train', points: seriesOf(steps, curve(4, 2.7)) },
    { id: 'gan:test:kde', family: 'gan', label: 'GAN test KDE', kind: 'estimate', split: 'test', points: seriesOf(testSteps, testSteps.map((s, i) => (i === 0 ? 7.4 : 2.6 + 0.3 * Math.exp(-s / 300)))) },
  ];
}

describe('the NLL chart’s robust y range', () => {
  it('ignores warm-up: the GAN’s first estimate does not set the top, and the floor stays in view', () => {
    const L = chartLayout(800, 300, { series: threeModels(), floor: 2.39, floorLabel: 'entropy floor', yLabel: 'NLL' });
    const top = L.plot.top;
    const bottom = top + L.plot.height;
    // The flow's test curve after warm-up spans a good part of the plot, not the bottom fifth.
    const flow = L.curves[1].points;
    const ys = flow.steps.map((s, i) => ({ s, y: L.y(flow.values[i]) })).filter((p) => p.s >= 200).map((p) => p.y);
    expect((Math.max(...ys) - Math.min(...ys)) / L.plot.height).toBeGreaterThan(0.25);
    // The GAN's 7.4 is above the plot (clipped, with a mark), the floor inside it.
    expect(L.y(7.4)).toBeLessThan(top);
    expect(L.y(2.39)).toBeGreaterThan(top);
    expect(L.y(2.39)).toBeLessThanOrEqual(bottom);
    // Every curve's points after warm-up are on the plot.
    for (const c of L.curves) c.points.steps.forEach((s, i) => s >= 200 && expect(L.y(c.points.values[i])).toBeGreaterThanOrEqual(top - 0.5));
  });

  it('one late spike does not set the top either (a running median), but a steady curve’s whole course does', () => {
    const steps = range(400, (i) => i);
    const values = steps.map((s) => (s === 300 ? 6.8 : 1.8 + 0.1 * Math.sin(s)));
    const extent = robustExtent([{ steps, values }], 400)!;
    expect(extent[1]).toBeLessThan(2);
    expect(extent[1]).toBeGreaterThan(1.88);
    expect(extent[0]).toBeLessThan(1.72);
    // Two readings in a row are not a spike: they count.
    expect(robustExtent([{ steps, values: values.map((v, i) => (i === 301 ? 6.5 : v)) }], 400)![1]).toBe(6.5);
    // The newest reading always counts, however far off.
    expect(robustExtent([{ steps, values: values.map((v, i) => (i === 399 ? 5 : v)) }], 400)![1]).toBe(5);
  });

  it('a curve read once, late, still counts (its last point)', () => {
    expect(robustExtent([{ steps: [5], values: [3] }], 1000)).toEqual([3, 3]);
    expect(robustExtent([], 10)).toBeNull();
  });

  it('pads, keeps a minimum span, and on a log axis covers the gap above the floor', () => {
    const [lo, hi] = yDomain([2.5, 2.5], 2.4, false);
    expect(lo).toBeLessThan(2.4);
    expect(hi - lo).toBeGreaterThanOrEqual(0.2);
    const [llo, lhi] = yDomain([0.05, 0.8], 2.4, true);
    expect(llo).toBeLessThan(0.05);
    expect(lhi).toBeGreaterThan(0.8);
  });

  it('the log axis maps the gap above the floor: equal ratios, equal distances', () => {
    const L = chartLayout(800, 300, { series: threeModels(), floor: 2.39, floorLabel: 'entropy floor', yLabel: 'NLL', view: { logGap: true } });
    expect(L.logGap).toBe(true);
    const d1 = L.y(2.39 + 0.1) - L.y(2.39 + 0.2);
    const d2 = L.y(2.39 + 0.2) - L.y(2.39 + 0.4);
    expect(d1).toBeCloseTo(d2, 6);
    expect(L.yTicks.length).toBeGreaterThanOrEqual(2);
    // Without a floor there is no gap to take the log of: the axis stays linear.
    expect(chartLayout(800, 300, { series: threeModels(), floor: null, floorLabel: '', yLabel: 'NLL', view: { logGap: true } }).logGap).toBe(false);
  });
});

describe('smoothing by steps', () => {
  it('follows a constant exactly and damps alternating noise', () => {
    const steps = range(100, (i) => i * 5);
    expect(emaByStep(steps, steps.map(() => 2), 50).every((v) => Math.abs(v - 2) < 1e-12)).toBe(true);
    const noisy = steps.map((_, i) => 2 + (i % 2 ? 0.5 : -0.5));
    const smooth = emaByStep(steps, noisy, 50);
    expect(Math.abs(smooth[99] - 2)).toBeLessThan(0.05);
    expect(smooth[0]).toBe(noisy[0]); // debiased: the first value is the first point, not pulled to 0
  });

  it('decays by steps, so a curve read rarely is smoothed over the same stretch of training', () => {
    // A step change at step 1000, read every 10 or every 100 steps: both smoothed curves agree at the end.
    const dense = range(200, (i) => i * 10);
    const sparse = range(20, (i) => i * 100);
    const f = (s: number) => (s < 1000 ? 3 : 2);
    const a = emaByStep(dense, dense.map(f), 300);
    const b = emaByStep(sparse, sparse.map(f), 300);
    expect(Math.abs(a[a.length - 1] - b[b.length - 1])).toBeLessThan(0.1);
  });

  it('skips non-finite points, and its time constant grows with the run', () => {
    expect(emaByStep([0, 1, 2], [1, Number.NaN, 1], 1)).toEqual([1, 1, 1]);
    expect(smoothingSteps([0, 100], 100_000)).toBeGreaterThan(smoothingSteps([0, 100], 1000));
  });
});

describe('the read-out', () => {
  it('snaps to stored steps and reports each curve’s reading in force', () => {
    const a = storedPoints(seriesOf([0, 10, 20, 30], [4, 3, 2, 1]));
    const b = storedPoints(seriesOf([0, 25], [5, 2.5]));
    const all = unionSteps([a, b]);
    expect(all).toEqual([0, 10, 20, 25, 30]);
    expect(nearestStep(all, 23)).toBe(25);
    expect(nearestStep(all, 21)).toBe(20);
    expect(nearestStep(all, -5)).toBe(0);
    expect(nearestStep([], 3)).toBeNull();
    expect(valueAt(a, 20)).toEqual({ step: 20, value: 2 });
    expect(valueAt(b, 20)).toEqual({ step: 0, value: 5 });
    expect(valueAt(seriesOf([5], [1]) && storedPoints(seriesOf([5], [1])), 4)).toBeNull();
  });
});

describe('drawing: clip marks and the hover', () => {
  const draw = (view: { hoverStep?: number | null; smooth?: boolean }) => {
    const context = new SvgContext({ width: 800, height: 300 });
    drawNllChart(asCanvasContext(context), 800, 300, { series: threeModels(), floor: 2.39, floorLabel: 'entropy floor', yLabel: 'NLL', view });
    return context.toSvg();
  };
  /** Filled triangles (the clip marks) in the GAN's green: path data with three points, closed. */
  const marks = (svg: string) => [...svg.matchAll(/<path d="M[^"]*Z"[^>]*fill="#009e73"/g)].length;
  const dots = (svg: string) => [...svg.matchAll(/<path d="[^"]*C[^"]*"[^>]*fill="#(0072b2|d55e00|009e73)"/g)].length;

  it('marks where a curve leaves the top of the plot (the GAN’s first estimate)', () => {
    expect(marks(draw({}))).toBeGreaterThanOrEqual(1);
  });

  it('puts a dot on every curve at the hovered step, and none without a hover', () => {
    expect(dots(draw({}))).toBe(0);
    expect(dots(draw({ hoverStep: 1000 }))).toBe(4);
  });

  it('smoothing draws each curve twice (raw faint, smoothed over it)', () => {
    const paths = (svg: string) => [...svg.matchAll(/<path d="M[^"]*"[^>]*stroke="#0072b2"/g)].length;
    expect(paths(draw({ smooth: true }))).toBeGreaterThan(paths(draw({})));
  });
});
