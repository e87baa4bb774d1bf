import type { MorphLayout, TraceFrame } from '../state/types';
import { QUADRANT_COLORS } from './palette';
import type { PlotFrame } from './plot-frame';

/**
 * The morph's points at a fractional layer position t ∈ [0, K]: a straight
 * blend between the snapshots after layers ⌊t⌋ and ⌈t⌉. Pure arithmetic on
 * arrays already on the main thread, so scrubbing never waits for the worker.
 */
export function interpolateTrace(trace: TraceFrame, t: number, out?: Float32Array): Float32Array {
  const per = trace.snapshots.length / (trace.layers + 1);
  const result = out && out.length === per ? out : new Float32Array(per);
  const clamped = Math.min(trace.layers, Math.max(0, t));
  const k = Math.min(Math.floor(clamped), trace.layers - 1);
  const f = trace.layers === 0 ? 0 : clamped - k;
  const a = trace.snapshots.subarray(Math.max(k, 0) * per, (Math.max(k, 0) + 1) * per);
  if (trace.layers === 0 || f === 0) {
    result.set(a);
    return result;
  }
  const b = trace.snapshots.subarray((k + 1) * per, (k + 2) * per);
  for (let i = 0; i < per; i++) result[i] = a[i] + f * (b[i] - a[i]);
  return result;
}

/** One snapshot (after layer k) without copying. */
export function snapshot(trace: TraceFrame, k: number): Float32Array {
  const per = trace.snapshots.length / (trace.layers + 1);
  return trace.snapshots.subarray(k * per, (k + 1) * per);
}

export interface MorphStyle {
  /** Dot half-size in CSS px; the layer strip uses smaller dots. */
  radius: number;
  lineWidth: number;
  showLines: boolean;
}

/**
 * Grid lines first (so the dots sit on top), then the samples coloured by the
 * quadrant of the Gaussian they started in, which makes the folding visible.
 * `base` is snapshot 0: colours follow a point's origin, not where it is now.
 */
export function drawMorph(ctx: CanvasRenderingContext2D, frame: PlotFrame, points: Float32Array, base: Float32Array, layout: MorphLayout, style: MorphStyle): void {
  ctx.save();
  if (style.showLines) {
    ctx.lineWidth = style.lineWidth;
    const middle = (layout.lines / 2 - 1) / 2;
    for (let line = 0; line < layout.lines; line++) {
      const axis = line % (layout.lines / 2) === middle;
      ctx.strokeStyle = axis ? 'rgba(31,35,40,0.75)' : 'rgba(31,35,40,0.28)';
      ctx.beginPath();
      let pen = false;
      for (let p = 0; p < layout.pointsPerLine; p++) {
        const i = layout.samples + line * layout.pointsPerLine + p;
        const px = frame.x(points[2 * i]);
        const py = frame.y(points[2 * i + 1]);
        if (!Number.isFinite(px) || !Number.isFinite(py)) {
          pen = false;
          continue;
        }
        if (pen) ctx.lineTo(px, py);
        else ctx.moveTo(px, py);
        pen = true;
      }
      ctx.stroke();
    }
  }
  const d = 2 * style.radius;
  ctx.globalAlpha = 0.7;
  for (let q = 0; q < 4; q++) {
    ctx.fillStyle = QUADRANT_COLORS[q];
    for (let i = 0; i < layout.samples; i++) {
      if (quadrant(base[2 * i], base[2 * i + 1]) !== q) continue;
      const px = frame.x(points[2 * i]);
      const py = frame.y(points[2 * i + 1]);
      if (Number.isFinite(px) && Number.isFinite(py)) ctx.fillRect(px - style.radius, py - style.radius, d, d);
    }
  }
  ctx.restore();
}

function quadrant(x: number, y: number): number {
  return x >= 0 ? (y >= 0 ? 0 : 3) : y >= 0 ? 1 : 2;
}
