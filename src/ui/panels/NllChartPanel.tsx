import { drawNllChart } from '../../viz/nll-chart';
import { useApp } from '../app-context';
import { useCanvasPainter } from '../use-canvas-painter';
import { Panel } from './Panel';

/** Train and test NLL of every model, with the entropy floor. */
export function NllChartPanel() {
  const ref = useCanvasPainter(
    (s) => [s.curves, s.run],
    (ctx, w, h, s) =>
      drawNllChart(ctx, w, h, {
        series: s.curves,
        floor: s.run?.floor ?? null,
        floorLabel: s.run?.floorLabel ?? 'entropy floor',
        yLabel: s.run?.config.target === 'energy' ? 'loss (nats)' : 'NLL (nats per point)',
      }),
  );
  const energy = useApp((s) => s.settings.target === 'energy');
  const warning = useApp((s) => s.run?.dataWarning ?? null);
  return (
    <Panel
      name="NLL chart"
      className="chart"
      title={
        <>
          {energy ? 'Reverse-KL loss E_q[ln q + U]' : 'Negative log-likelihood'}{' '}
          <span className="muted">thin: train · thick: test · dashed: {energy ? '−ln Z' : 'entropy floor'}</span>
        </>
      }
    >
      <canvas ref={ref} className="chart-canvas" />
      {warning && (
        <p className="data-warning" role="note" aria-label="Data warning">
          {warning}
        </p>
      )}
    </Panel>
  );
}
