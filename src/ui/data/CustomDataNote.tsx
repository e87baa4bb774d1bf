import { useApp } from '../app-context';
import { trainingOnText } from './labels';

/** While the user's own points replace the Dataset's, say so, and offer the way back. */
export function CustomDataNote() {
  const label = useApp((s) => s.custom?.label);
  const setCustomData = useApp((s) => s.setCustomData);
  if (label === undefined) return null;
  return (
    <div className="panel-controls custom-note">
      <span className="custom-label" title={label}>
        {trainingOnText(label)}
      </span>
      <button type="button" onClick={() => setCustomData(null)}>
        Use dataset again
      </button>
    </div>
  );
}
