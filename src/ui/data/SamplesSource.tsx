import { useId } from 'react';
import { FAMILY_INFO } from '../../state/families';
import type { Family } from '../../state/types';
import { shownSampleSource } from '../../state/store';
import { useApp } from '../app-context';

/** The legend of the points canvas and the choice of whose samples it overlays. */
export function SamplesSource() {
  const selectId = useId();
  const families = useApp((s) => s.run?.families);
  const source = useApp(shownSampleSource);
  const setSetting = useApp((s) => s.setSetting);
  return (
    <div className="panel-controls">
      <span className="legend-dot data" /> training
      <span className="legend-dot" style={{ background: FAMILY_INFO[source].color }} />
      <label htmlFor={selectId}>Samples from</label>
      <select id={selectId} value={source} onChange={(e) => setSetting('samples', e.target.value as Family)}>
        {(families ?? ['flow']).map((f) => (
          <option key={f} value={f}>
            {FAMILY_INFO[f].label}
          </option>
        ))}
      </select>
    </div>
  );
}
