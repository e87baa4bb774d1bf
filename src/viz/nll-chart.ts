import { scaleLinear } from 'd3';
import type { Series } from '../state/types';
import { FAMILY_COLOR, FONT, INK, MUTED, RULE, SMALL_FONT } from './palette';

export interface NllChartInput {
  series: readonly Series[];
  /** The dataset's entropy (or −ln Z when fitting an energy): no model's expected loss can go below it. */
  floor: number | null;
  /** Its name on the chart: 'entropy floor' or '−ln Z'. */
  floorLabel: string;
  /** The y axis's title: the NLL, or the reverse-KL loss when fitting an energy. */
  yLabel: string;
}

const MARGIN = { left: 52, right: 190, top: 14, bottom: 36 };
/** At most this many nats shown above the lowest curve: the first steps' huge losses would flatten the rest. */
const MAX_SPAN = 5;

/**
 * Train and test NLL against training step, every curve labelled at its end
 * with its name and kind, the entropy floor as a dashed rule. Values above
 * the visible span are clipped at the top edge rather than rescaling the axis.
 */
export function drawNllChart(ctx: CanvasRenderingContext2D, width: number, height: number, input: NllChartInput): void {
  const plotW = Math.max(10, width - MARGIN.left - MARGIN.right);
  const plotH = Math.max(10, height - MARGIN.top - MARGIN.bottom);
  const { lo, hi, maxStep } = domains(input);
  const x = scaleLinear().domain([0, maxStep]).range([MARGIN.left, MARGIN.left + plotW]);
  const y = scaleLinear().domain([lo, hi]).range([MARGIN.top + plotH, MARGIN.top]).clamp(true);

  ctx.save();
  ctx.font = SMALL_FONT;
  ctx.fillStyle = MUTED;
  ctx.strokeStyle = RULE;
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of y.ticks(5)) {
    const py = Math.round(y(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(MARGIN.left, py);
    ctx.lineTo(MARGIN.left + plotW, py);
    ctx.stroke();
    ctx.fillText(t.toFixed(1), MARGIN.left - 6, py);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of x.ticks(6)) ctx.fillText(String(t), x(t), MARGIN.top + plotH + 5);
  ctx.font = FONT;
  ctx.fillStyle = INK;
  ctx.fillText('training step', MARGIN.left + plotW / 2, MARGIN.top + plotH + 19);
  ctx.save();
  ctx.translate(13, MARGIN.top + plotH / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(input.yLabel, 0, 0);
  ctx.restore();

  const labels: { y: number; text: string; color: string }[] = [];
  if (input.floor !== null) {
    const py = y(input.floor);
    ctx.strokeStyle = INK;
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    ctx.moveTo(MARGIN.left, py);
    ctx.lineTo(MARGIN.left + plotW, py);
    ctx.stroke();
    ctx.setLineDash([]);
    labels.push({ y: py, text: `${input.floorLabel} ${input.floor.toFixed(3)}`, color: INK });
  }

  for (const s of input.series) {
    if (s.values.length === 0) continue;
    ctx.strokeStyle = FAMILY_COLOR[s.family];
    ctx.globalAlpha = s.split === 'train' ? 0.5 : 1;
    ctx.lineWidth = s.split === 'train' ? 1.25 : 2.25;
    ctx.setLineDash(s.id.endsWith('neg-elbo') ? [6, 4] : s.kind === 'estimate' ? [2, 3] : []);
    ctx.beginPath();
    s.steps.forEach((step, i) => (i === 0 ? ctx.moveTo(x(step), y(s.values[i])) : ctx.lineTo(x(step), y(s.values[i]))));
    if (s.steps.length === 1) ctx.arc(x(s.steps[0]), y(s.values[0]), 2, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
    labels.push({ y: y(s.values[s.values.length - 1]), text: `${s.label} · ${s.kind}`, color: FAMILY_COLOR[s.family] });
  }

  ctx.font = SMALL_FONT;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const label of spreadLabels(labels, 14, MARGIN.top, MARGIN.top + plotH)) {
    ctx.fillStyle = label.color;
    ctx.fillText(label.text, MARGIN.left + plotW + 8, label.y);
  }
  ctx.restore();
}

function domains(input: NllChartInput): { lo: number; hi: number; maxStep: number } {
  let min = Infinity;
  let max = -Infinity;
  let maxStep = 10;
  for (const s of input.series) {
    for (const v of s.values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    maxStep = Math.max(maxStep, s.steps[s.steps.length - 1] ?? 0);
  }
  if (input.floor !== null) {
    min = Math.min(min, input.floor);
    max = Math.max(max, input.floor + 0.5);
  }
  if (!Number.isFinite(min)) return { lo: 0, hi: 5, maxStep };
  const lo = min - 0.15;
  return { lo, hi: Math.min(max + 0.15, lo + MAX_SPAN), maxStep };
}

/** End labels pushed apart vertically so none overlap, kept inside the plot. */
function spreadLabels<T extends { y: number }>(labels: T[], gap: number, top: number, bottom: number): T[] {
  const sorted = labels.map((l) => ({ ...l })).sort((a, b) => a.y - b.y);
  for (let i = 1; i < sorted.length; i++) sorted[i].y = Math.max(sorted[i].y, sorted[i - 1].y + gap);
  const overflow = (sorted[sorted.length - 1]?.y ?? 0) - bottom;
  if (overflow > 0) for (const l of sorted) l.y -= overflow;
  for (let i = 0; i < sorted.length; i++) sorted[i].y = Math.max(sorted[i].y, top + i * gap);
  return sorted;
}
