import type { AppState } from '../../state/store';
import type { NllChartInput, NllChartView } from '../../viz/nll-chart';

/** What the NLL chart draws from the store and the panel's own view choices (one place, for the painter and the hover mapping). */
export function chartInput(s: AppState, view: NllChartView): NllChartInput {
  return {
    series: s.curves,
    floor: s.run?.floor ?? null,
    floorLabel: s.run?.floorLabel ?? 'entropy floor',
    yLabel: s.run?.config.target === 'energy' ? 'loss (nats)' : 'NLL (nats per point)',
    view,
  };
}
