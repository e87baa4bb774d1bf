import { drawNllChart } from '../../viz/nll-chart';
import { useCanvasPainter } from '../use-canvas-painter';
import { Panel } from './Panel';

/** Train and test NLL of every model, with the entropy floor. */
export function NllChartPanel() {
  const ref = useCanvasPainter(
    (s) => [s.curves, s.run],
    (ctx, w, h, s) => drawNllChart(ctx, w, h, { series: s.curves, floor: s.run?.entropy ?? null }),
  );
  return (
    <Panel
      name="NLL chart"
      className="chart"
      title={
        <>
          Negative log-likelihood <span className="muted">thin: train · thick: test · dashed: entropy floor</span>
        </>
      }
    >
      <canvas ref={ref} className="chart-canvas" />
    </Panel>
  );
}
