import * as d3 from 'd3';
import type { CrossSection } from '../engine/protocol';
import { INK, MUTED, RULE, SMALL_FONT } from './palette';
import { FAMILY_INFO } from '../state/families';

const MARGIN = { left: 34, right: 8, top: 8, bottom: 26 };
const AXIS_NAMES = ['x', 'y'] as const;

/**
 * One coupling's element-wise map τ(x_d; θ(x_kept)) as a curve: input of the
 * transformed coordinate across, output up, the identity dashed for reference
 * (a fresh coupling lies on it), the spline's knots as dots when it has them.
 * An affine coupling draws a straight line (slope e^s, offset t); a more
 * flexible transform bends. d3 computes the scales; the canvas draws.
 */
export function drawCrossSection(ctx: CanvasRenderingContext2D, width: number, height: number, section: CrossSection): void {
  const points = section.points;
  if (!points || section.transformDim === null) return;
  const n = points.length / 2;
  const xs = Array.from({ length: n }, (_, i) => points[2 * i]);
  const ys = Array.from({ length: n }, (_, i) => points[2 * i + 1]);
  const xExtent = d3.extent(xs) as [number, number];
  const finite = ys.filter(Number.isFinite);
  const yExtent = d3.extent([...finite, ...xExtent]) as [number, number];
  const x = d3.scaleLinear().domain(xExtent).range([MARGIN.left, width - MARGIN.right]);
  const y = d3.scaleLinear().domain(yExtent).nice().range([height - MARGIN.bottom, MARGIN.top]);
  const name = AXIS_NAMES[section.transformDim];

  ctx.save();
  ctx.font = SMALL_FONT;
  ctx.strokeStyle = RULE;
  ctx.lineWidth = 1;
  ctx.strokeRect(MARGIN.left, MARGIN.top, width - MARGIN.left - MARGIN.right, height - MARGIN.top - MARGIN.bottom);
  ctx.fillStyle = MUTED;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of x.ticks(5)) ctx.fillText(String(t), x(t), height - MARGIN.bottom + 2);
  ctx.fillText(`${name} in (kept ${AXIS_NAMES[1 - section.transformDim]} = ${section.kept})`, (MARGIN.left + width - MARGIN.right) / 2, height - 12);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of y.ticks(4)) ctx.fillText(String(t), MARGIN.left - 3, y(t));

  ctx.beginPath();
  ctx.rect(MARGIN.left, MARGIN.top, width - MARGIN.left - MARGIN.right, height - MARGIN.top - MARGIN.bottom);
  ctx.clip();
  // The identity: where a fresh (or do-nothing) coupling lies.
  ctx.setLineDash([4, 4]);
  ctx.strokeStyle = RULE;
  ctx.beginPath();
  ctx.moveTo(x(xExtent[0]), y(xExtent[0]));
  ctx.lineTo(x(xExtent[1]), y(xExtent[1]));
  ctx.stroke();
  ctx.setLineDash([]);

  ctx.strokeStyle = FAMILY_INFO.flow.color;
  ctx.lineWidth = 2;
  ctx.beginPath();
  d3.line<number>()
    .x((i) => x(xs[i]))
    .y((i) => y(ys[i]))
    .defined((i) => Number.isFinite(ys[i]))
    .context(ctx)(d3.range(n));
  ctx.stroke();

  const knots = section.knots;
  if (knots) {
    ctx.fillStyle = INK;
    for (let i = 0; i < knots.length; i += 2) {
      ctx.beginPath();
      ctx.arc(x(knots[i]), y(knots[i + 1]), 3, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  ctx.restore();
}

/** How far the curve is from a straight line: the largest deviation from the chord, in output units (0 for affine). */
export function bend(section: CrossSection): number {
  const p = section.points;
  if (!p || p.length < 4) return 0;
  const n = p.length / 2;
  const [x0, y0, x1, y1] = [p[0], p[1], p[2 * n - 2], p[2 * n - 1]];
  let worst = 0;
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(p[2 * i + 1] - (y0 + ((y1 - y0) * (p[2 * i] - x0)) / (x1 - x0))));
  return worst;
}
