/**
 * The NLL chart's cost over a long session: for histories of 1k, 100k and
 * 1M points per curve, the main thread's time to fold one 'losses' message
 * into the store (state/receive.ts, two curves grow) and to lay the chart out
 * (viz/nll-chart.ts: stored points, range, smoothing), plus the points the
 * store holds. Median of many repetitions.
 * Prints a readable table on stderr and one JSON object on stdout.
 * Usage: npx tsx tests/bench/chart-series.ts
 */
import { receiveWorkerMessage } from '../../src/state/receive';
import { appendPoint, EMPTY_SERIES, storedCount, type BoundedSeries } from '../../src/state/series';
import { createAppStore } from '../../src/state/store';
import type { Series } from '../../src/state/types';
import { chartLayout } from '../../src/viz/nll-chart';

const HISTORIES = [1_000, 100_000, 1_000_000];
const REPS = 400;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function grown(n: number, offset: number): BoundedSeries {
  let s = EMPTY_SERIES;
  for (let i = 0; i < n; i++) s = appendPoint(s, i, offset + 3 / (1 + i / 500) + 0.05 * Math.sin(i));
  return s;
}

const rows = HISTORIES.map((n) => {
  const store = createAppStore();
  const curves: Series[] = [
    { id: 'flow:train', family: 'flow', label: 'Flow train NLL', kind: 'exact', split: 'train', points: grown(n, 2.4) },
    { id: 'vae:train', family: 'vae', label: 'VAE train −ELBO', kind: 'bound', split: 'train', points: grown(n, 2.7) },
  ];
  const run = { gen: 1, floor: 2.39, floorLabel: 'entropy floor' };
  store.setState({ curves, run: run as never });
  const fold: number[] = [];
  const layout: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    receiveWorkerMessage(store, { type: 'losses', gen: 1, step: n + r, losses: { flow: { nll: 2.5 }, vae: { 'neg-elbo': 2.8 } } });
    const t1 = performance.now();
    chartLayout(800, 300, { series: store.getState().curves, floor: 2.39, floorLabel: 'entropy floor', yLabel: 'NLL', view: { smooth: true } });
    layout.push(performance.now() - t1);
    fold.push(t1 - t0);
  }
  const stored = store.getState().curves.reduce((k, c) => k + storedCount(c.points), 0);
  return { history: n, foldMessageMs: median(fold), layoutMs: median(layout), storedPoints: stored };
});

for (const r of rows) process.stderr.write(`history ${r.history.toLocaleString('en').padStart(9)}: fold ${r.foldMessageMs.toFixed(4)} ms, layout ${r.layoutMs.toFixed(3)} ms, ${r.storedPoints} points stored\n`);
process.stdout.write(JSON.stringify({ reps: REPS, rows }) + '\n');
