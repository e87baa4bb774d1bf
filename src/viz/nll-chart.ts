import { scaleLinear, scaleLog } from 'd3';
import { storedPoints, type StoredPoints } from '../state/series';
import type { Series } from '../state/types';
import { MIN_GAP, robustExtent, yDomain } from './chart-range';
import { valueAt } from './chart-readout';
import { emaByStep, smoothingSteps } from './ema';
import { dashOf, KIND_NAME, KIND_SYMBOL } from './kind-style';
import { drawLabels, line, type Label } from './chart-labels';
import { FONT, INK, MUTED, RULE, SMALL_FONT } from './palette';
import { FAMILY_INFO } from '../state/families';

export interface NllChartView {
  /** Draw each curve's EMA, the raw line faint behind it. */
  smooth: boolean;
  /** The y axis as the gap above the floor on a log scale (needs a floor). */
  logGap: boolean;
  /** The read-out's step: a rule and a dot on every curve there. */
  hoverStep: number | null;
}

export interface NllChartInput {
  series: readonly Series[];
  /** The dataset's entropy (or −ln Z when fitting an energy): no model's expected loss can go below it. */
  floor: number | null;
  /** Its name on the chart: 'entropy floor' or '−ln Z'. */
  floorLabel: string;
  /** The y axis's title: the NLL, or the reverse-KL loss when fitting an energy. */
  yLabel: string;
  view?: Partial<NllChartView>;
}

const MARGIN = { left: 52, top: 14, bottom: 36 };
/** The end labels' column: as wide as the longest label needs (≈ 6 px a character at 11 px), at most this share of the canvas. */
const LABEL_CHAR_PX = 6;
const LABEL_SWATCH_PX = 30;
const MAX_LABEL_SHARE = 0.42;

export interface ChartCurve {
  series: Series;
  points: StoredPoints;
  /** The EMA of the points (same length), when smoothing is on. */
  smoothed: number[] | null;
}

/** Where everything goes: computed once, shared by the drawing and the panel's hover mapping. */
export interface ChartLayout {
  plot: { left: number; top: number; width: number; height: number };
  maxStep: number;
  logGap: boolean;
  x: (step: number) => number;
  /** Step under a pixel column (unclamped). */
  stepAt: (px: number) => number;
  /** A value (nats) to a pixel row, unclamped: above the plot means clipped. */
  y: (value: number) => number;
  yTicks: { value: number; label: string }[];
  curves: ChartCurve[];
}

export function chartLayout(width: number, height: number, input: NllChartInput): ChartLayout {
  const longest = Math.max(`${input.floorLabel} 0.000`.length, ...input.series.map((s) => curveLabel(s).length));
  const right = Math.min(LABEL_SWATCH_PX + LABEL_CHAR_PX * longest, MAX_LABEL_SHARE * width);
  const plot = { left: MARGIN.left, top: MARGIN.top, width: Math.max(10, width - MARGIN.left - right), height: Math.max(10, height - MARGIN.top - MARGIN.bottom) };
  const logGap = Boolean(input.view?.logGap) && input.floor !== null;
  let maxStep = 10;
  const curves: ChartCurve[] = input.series.map((series) => {
    const points = storedPoints(series.points);
    maxStep = Math.max(maxStep, points.steps[points.steps.length - 1] ?? 0);
    return { series, points, smoothed: null };
  });
  if (input.view?.smooth) for (const c of curves) c.smoothed = emaByStep(c.points.steps, c.points.values, smoothingSteps(c.points.steps, maxStep));
  const floor = input.floor ?? 0;
  const toAxis = (v: number) => (logGap ? Math.max(MIN_GAP, v - floor) : v);
  const extent = robustExtent(
    curves.map((c) => ({ steps: c.points.steps, values: c.points.values.map(toAxis) })),
    maxStep,
  );
  const domain = yDomain(extent, input.floor, logGap);
  const range = [plot.top + plot.height, plot.top];
  const xs = scaleLinear().domain([0, maxStep]).range([plot.left, plot.left + plot.width]);
  let y: (v: number) => number;
  let yTicks: { value: number; label: string }[];
  if (logGap) {
    const s = scaleLog().domain(domain).range(range);
    y = (v) => s(toAxis(v));
    const ticks = s.ticks(4).filter((t) => Number.isInteger(Math.round(Math.log10(t) * 1e6) / 1e6));
    yTicks = (ticks.length >= 2 ? ticks : s.ticks(4)).map((t) => ({ value: floor + t, label: formatGap(t) }));
  } else {
    const s = scaleLinear().domain(domain).range(range);
    y = (v) => s(v);
    const ticks = s.ticks(5);
    const digits = Math.max(1, Math.min(3, -Math.floor(Math.log10((ticks[1] ?? 1) - (ticks[0] ?? 0)) + 1e-9)));
    yTicks = ticks.map((t) => ({ value: t, label: t.toFixed(digits) }));
  }
  return { plot, maxStep, logGap, x: (s) => xs(s), stepAt: (px) => xs.invert(px), y, yTicks, curves };
}

function formatGap(t: number): string {
  return t >= 1 ? String(t) : t.toPrecision(1);
}

/**
 * Train and test NLL against training step. The y range follows the curves
 * as they are after warm-up (chart-range.ts); what leaves the plot is clipped
 * with a mark. Every curve is labelled at its end with its name and kind, in
 * its line style (solid exact, dashed bound, dotted estimate); the entropy
 * floor is a dashed rule, or the bottom of a log axis of the gap above it.
 */
export function drawNllChart(ctx: CanvasRenderingContext2D, width: number, height: number, input: NllChartInput): ChartLayout {
  const L = chartLayout(width, height, input);
  const { plot } = L;
  const bottom = plot.top + plot.height;
  const right = plot.left + plot.width;
  ctx.save();
  drawAxes(ctx, L, input);

  const labels: Label[] = [];
  if (input.floor !== null && !L.logGap) {
    const py = Math.round(L.y(input.floor)) + 0.5;
    ctx.strokeStyle = INK;
    ctx.lineWidth = 1;
    ctx.setLineDash([6, 4]);
    line(ctx, plot.left, py, right, py);
    ctx.setLineDash([]);
    labels.push({ y: py, endX: right, endY: py, text: `${input.floorLabel} ${input.floor.toFixed(3)}`, color: INK, dash: [6, 4], width: 1 });
  }

  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top - 1, plot.width + 1, plot.height + 2);
  ctx.clip();
  for (const c of L.curves) {
    const { steps, values } = c.points;
    if (steps.length === 0) continue;
    const s = c.series;
    const style = curveStyle(s);
    ctx.strokeStyle = FAMILY_INFO[s.family].color;
    ctx.lineWidth = style.width;
    ctx.setLineDash(style.dash);
    ctx.lineCap = s.kind === 'estimate' ? 'round' : 'butt';
    // Smoothed: the raw line stays, faint, so the noise is still on view.
    ctx.globalAlpha = c.smoothed ? style.alpha * 0.3 : style.alpha;
    polyline(ctx, L, steps, values);
    if (c.smoothed) {
      ctx.globalAlpha = style.alpha;
      ctx.lineWidth = style.width + 0.5;
      polyline(ctx, L, steps, c.smoothed);
    }
    ctx.globalAlpha = 1;
    ctx.setLineDash([]);
  }
  ctx.restore();

  for (const c of L.curves) {
    const { steps, values } = c.points;
    const n = steps.length;
    if (n === 0) continue;
    drawClipMarks(ctx, L, c);
    const shown = c.smoothed ?? values;
    const endY = Math.min(bottom, Math.max(plot.top, L.y(shown[n - 1])));
    const style = curveStyle(c.series);
    labels.push({ y: endY, endX: L.x(steps[n - 1]), endY, text: curveLabel(c.series), color: FAMILY_INFO[c.series.family].color, dash: style.dash, width: Math.max(1.5, style.width) });
  }

  if (input.view?.hoverStep != null) drawHover(ctx, L, input.view.hoverStep);
  drawLabels(ctx, L.plot, labels);
  ctx.restore();
  return L;
}

/** A curve's label: its name, then its kind with the table's symbol ("≤ upper bound", "≈ estimate"). */
export function curveLabel(s: Series): string {
  const symbol = KIND_SYMBOL[s.kind];
  return `${s.label} · ${symbol ? `${symbol} ` : ''}${KIND_NAME[s.kind]}`;
}

function curveStyle(s: Series): { dash: number[]; width: number; alpha: number } {
  const figure = s.id.split(':').pop() ?? '';
  return { dash: dashOf(s.kind, figure), width: s.split === 'train' ? 1.25 : 2.25, alpha: s.split === 'train' ? 0.55 : 1 };
}

function polyline(ctx: CanvasRenderingContext2D, L: ChartLayout, steps: readonly number[], values: readonly number[]): void {
  ctx.beginPath();
  let started = false;
  for (let i = 0; i < steps.length; i++) {
    if (!Number.isFinite(values[i])) {
      started = false;
      continue;
    }
    const px = L.x(steps[i]);
    // Far outside the plot the clip does the work; keep coordinates sane for SVG export.
    const py = Math.max(L.plot.top - 50, Math.min(L.plot.top + L.plot.height + 50, L.y(values[i])));
    if (started) ctx.lineTo(px, py);
    else ctx.moveTo(px, py);
    started = true;
  }
  if (steps.length === 1) ctx.arc(L.x(steps[0]), L.y(values[0]), 2, 0, 2 * Math.PI);
  ctx.stroke();
}

/**
 * A small triangle on the plot's edge where a curve leaves it (above the top,
 * or below the bottom of a log axis): each run outside gets one mark, at its
 * first point, so a clipped warm-up or spike is shown, not hidden.
 */
function drawClipMarks(ctx: CanvasRenderingContext2D, L: ChartLayout, c: ChartCurve): void {
  const { steps, values } = c.points;
  const top = L.plot.top;
  const bottom = top + L.plot.height;
  ctx.fillStyle = FAMILY_INFO[c.series.family].color;
  let lastMark = -Infinity;
  let outside: 'above' | 'below' | null = null;
  for (let i = 0; i < steps.length; i++) {
    const py = L.y(values[i]);
    const now = py < top - 0.5 ? 'above' : py > bottom + 0.5 ? 'below' : null;
    if (now && now !== outside) {
      const px = L.x(steps[i]);
      if (px - lastMark >= 8) {
        triangle(ctx, px, now === 'above' ? top : bottom, now === 'above' ? -1 : 1);
        lastMark = px;
      }
    }
    outside = now;
  }
}

function triangle(ctx: CanvasRenderingContext2D, x: number, y: number, dir: 1 | -1): void {
  ctx.beginPath();
  ctx.moveTo(x, y + dir * 6);
  ctx.lineTo(x - 4, y);
  ctx.lineTo(x + 4, y);
  ctx.closePath();
  ctx.fill();
}

function drawHover(ctx: CanvasRenderingContext2D, L: ChartLayout, step: number): void {
  const px = Math.round(L.x(step)) + 0.5;
  ctx.strokeStyle = INK;
  ctx.globalAlpha = 0.6;
  ctx.lineWidth = 1;
  line(ctx, px, L.plot.top, px, L.plot.top + L.plot.height);
  ctx.globalAlpha = 1;
  for (const c of L.curves) {
    const at = valueAt(c.points, step);
    if (!at) continue;
    const py = L.y(at.value);
    if (py < L.plot.top || py > L.plot.top + L.plot.height) continue;
    ctx.fillStyle = FAMILY_INFO[c.series.family].color;
    ctx.strokeStyle = '#ffffff';
    ctx.beginPath();
    ctx.arc(L.x(at.step), py, 3.5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
}

function drawAxes(ctx: CanvasRenderingContext2D, L: ChartLayout, input: NllChartInput): void {
  const { plot } = L;
  const bottom = plot.top + plot.height;
  ctx.font = SMALL_FONT;
  ctx.fillStyle = MUTED;
  ctx.strokeStyle = RULE;
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of L.yTicks) {
    const py = Math.round(L.y(t.value)) + 0.5;
    if (py < plot.top - 1 || py > bottom + 1) continue;
    line(ctx, plot.left, py, plot.left + plot.width, py);
    ctx.fillText(t.label, plot.left - 6, py);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const x = scaleLinear().domain([0, L.maxStep]);
  for (const t of x.ticks(6)) ctx.fillText(t.toLocaleString('en'), L.x(t), bottom + 5);
  ctx.font = FONT;
  ctx.fillStyle = INK;
  ctx.fillText('training step', plot.left + plot.width / 2, bottom + 19);
  ctx.save();
  ctx.translate(13, plot.top + plot.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  const title = L.logGap ? `nats above ${input.floorLabel === 'entropy floor' ? 'floor' : input.floorLabel} (log)` : input.yLabel;
  // A short plot (projector mode, a small window) gets the short title rather than a clipped long one.
  ctx.fillText(plot.height < 7 * title.length ? title.replace(/ \(.*\)$/, '') : title, 0, 0);
  ctx.restore();
}
