import { FAMILY_INFO } from '../../state/families';
import { storedPoints } from '../../state/series';
import type { Series } from '../../state/types';
import { valueAt } from '../../viz/chart-readout';
import { KIND_SYMBOL } from '../../viz/kind-style';

/**
 * Every curve's stored value at the read-out's step, as text (a person can
 * read it, a screen reader announces it, a test compares it with the CSV).
 * A curve read less often (held-out figures) shows its reading in force and
 * the step it was taken at.
 */
export function ChartReadout({ series, step, corner }: { series: readonly Series[]; step: number; corner: { left?: number; right?: number } }) {
  const rows = series.flatMap((s) => {
    const at = valueAt(storedPoints(s.points), step);
    return at ? [{ s, at }] : [];
  });
  return (
    <div className="chart-readout" role="status" aria-label="Chart read-out" data-step={step} style={corner}>
      <div className="chart-readout-step">step {step.toLocaleString('en')}</div>
      <ul>
        {rows.map(({ s, at }) => (
          <li key={s.id} data-series={s.label} data-step={at.step} data-value={at.value}>
            <span className="swatch" style={{ background: FAMILY_INFO[s.family].color }} />
            {s.label} <b>{KIND_SYMBOL[s.kind] ? `${KIND_SYMBOL[s.kind]} ` : ''}{at.value.toFixed(4)}</b>
            {at.step !== step && <span className="muted"> (step {at.step.toLocaleString('en')})</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
