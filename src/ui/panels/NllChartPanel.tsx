import { useState, type KeyboardEvent, type MouseEvent } from 'react';
import { storedCount, storedPoints } from '../../state/series';
import { nearestStep, unionSteps } from '../../viz/chart-readout';
import { KIND_MEANING } from '../../viz/kind-style';
import { chartLayout, drawNllChart, type NllChartView } from '../../viz/nll-chart';
import { useApp, useAppStore } from '../app-context';
import { PROJECTOR_SCALE, useCanvasPainter } from '../use-canvas-painter';
import { chartInput } from './chart-input';
import { ChartReadout } from './ChartReadout';
import { ModelPace } from './ModelPace';
import { Panel } from './Panel';

/**
 * Train and test NLL of every model, with the entropy floor: a smoothed view
 * and a log axis of the gap above the floor to choose, and a read-out of
 * every curve at the step under the pointer (or chosen with the arrow keys
 * once the plot has focus).
 */
export function NllChartPanel() {
  const store = useAppStore();
  const [smooth, setSmooth] = useState(false);
  const [logGap, setLogGap] = useState(false);
  const [hoverStep, setHoverStep] = useState<number | null>(null);
  const view: NllChartView = { smooth, logGap, hoverStep };
  const ref = useCanvasPainter(
    (s) => [s.curves, s.run],
    (ctx, w, h, s) => void drawNllChart(ctx, w, h, chartInput(s, view)),
  );
  const energy = useApp((s) => s.settings.target === 'energy');
  const warning = useApp((s) => s.run?.dataWarning ?? null);
  const hasFloor = useApp((s) => s.run?.floor != null);
  const series = useApp((s) => s.curves);
  const stored = series.reduce((n, c) => n + storedCount(c.points), 0);
  const projector = useApp((s) => s.settings.projector);
  const steps = () => unionSteps(store.getState().curves.map((c) => storedPoints(c.points)));

  /** The chart's layout at the canvas's current size, in the painter's (projector-scaled) units. */
  const layout = () => {
    const canvas = ref.current;
    if (!canvas) return null;
    const k = projector ? PROJECTOR_SCALE : 1;
    return { L: chartLayout(canvas.clientWidth / k, canvas.clientHeight / k, chartInput(store.getState(), view)), k };
  };
  const onMove = (e: MouseEvent<HTMLCanvasElement>) => {
    const at = layout();
    if (!at) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const px = (e.clientX - rect.left) / at.k;
    const { plot } = at.L;
    if (px < plot.left - 4 || px > plot.left + plot.width + 4) return setHoverStep(null);
    setHoverStep(nearestStep(steps(), at.L.stepAt(px)));
  };
  const onKey = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const all = steps();
    if (all.length === 0) return;
    const i = hoverStep === null ? all.length : Math.max(0, all.indexOf(nearestStep(all, hoverStep)!));
    const jump = Math.max(1, Math.round(all.length / 20));
    const to: Record<string, number> = { ArrowLeft: i - 1, ArrowRight: i + 1, PageUp: i + jump, PageDown: i - jump, Home: 0, End: all.length - 1 };
    if (e.key === 'Escape') {
      setHoverStep(null);
      return;
    }
    if (!(e.key in to)) return;
    // The arrows move the read-out here, not the page's shortcuts (→ is Step).
    e.preventDefault();
    e.stopPropagation();
    setHoverStep(all[Math.min(all.length - 1, Math.max(0, to[e.key]))]);
  };
  const current = layout();
  // The read-out sits in the plot's corner away from the cursor, never over the end labels or outside the canvas.
  const corner = (() => {
    if (!current || hoverStep === null) return {};
    const { plot } = current.L;
    const k = current.k;
    const width = ref.current?.clientWidth ?? 0;
    return current.L.x(hoverStep) > plot.left + plot.width / 2 ? { left: plot.left * k + 4 } : { right: width - (plot.left + plot.width) * k + 4 };
  })();

  return (
    <Panel
      name="NLL chart"
      className="chart"
      title={
        <>
          {energy ? 'Reverse-KL loss E_q[ln q + U]' : 'Negative log-likelihood'} <span className="muted">thin: train · thick: test</span>
        </>
      }
    >
      <div className="chart-controls">
        <label title="Each curve's exponential moving average over about 3% of the steps, the raw line faint behind it">
          <input type="checkbox" checked={smooth} onChange={(e) => setSmooth(e.target.checked)} /> Smoothed
        </label>
        <label title={hasFloor ? 'The gap above the floor on a log scale: progress near the floor stays visible' : 'Needs a floor (this data has none)'}>
          {/* Short on screen, whole for assistive tech (the visible words start the name). */}
          <input type="checkbox" aria-label="Log scale above floor" checked={logGap && hasFloor} disabled={!hasFloor} onChange={(e) => setLogGap(e.target.checked)} /> Log scale
        </label>
        <span className="muted chart-key" id="nll-chart-key">
          <abbr title={KIND_MEANING.exact}>── exact</abbr> <abbr title={KIND_MEANING.bound}>╌╌ ≤ bound</abbr> <abbr title={KIND_MEANING.estimate}>┈┈ ≈ estimate</abbr>
        </span>
        <span className="muted chart-hint">· hover, or focus the plot and press ← →, for values</span>
      </div>
      <div className="chart-box">
        <canvas
          ref={ref}
          className="chart-canvas"
          tabIndex={0}
          role="slider"
          aria-label="Chart read-out step"
          aria-describedby="nll-chart-key"
          aria-valuemin={0}
          aria-valuemax={current?.L.maxStep ?? 0}
          aria-valuenow={hoverStep ?? current?.L.maxStep ?? 0}
          aria-valuetext={hoverStep === null ? 'no step chosen' : `step ${hoverStep}`}
          data-stored-points={stored}
          data-curves={series.length}
          data-y-scale={logGap && hasFloor ? 'log' : 'linear'}
          data-smoothed={smooth ? 'true' : 'false'}
          data-plot={current ? [current.L.plot.left, current.L.plot.top, current.L.plot.width, current.L.plot.height].map((v) => Math.round(v * current.k)).join(',') : undefined}
          onMouseMove={onMove}
          onMouseLeave={() => setHoverStep(null)}
          onKeyDown={onKey}
          onBlur={() => setHoverStep(null)}
        />
        {hoverStep !== null && <ChartReadout series={series} step={hoverStep} corner={corner} />}
      </div>
      <ModelPace />
      {warning && (
        <p className="data-warning" role="note" aria-label="Data warning">
          {warning}
        </p>
      )}
    </Panel>
  );
}
