import { describeUndo } from '../state/run-undo';
import { useApp, useEngine } from './app-context';

/**
 * Shown after a settings change put a trained run aside: what was discarded,
 * and Undo, which brings back the run itself (weights, optimiser, step count,
 * curves) and the settings it had. See state/run-undo.ts for why an Undo
 * rather than a question before each change.
 */
export function RunUndoToast() {
  const undo = useApp((s) => s.runUndo);
  const dismiss = useApp((s) => s.dismissUndo);
  const engine = useEngine();
  if (!undo) return null;
  return (
    <div className="run-card run-undo" role="status" aria-label="Previous run">
      <span>{describeUndo(undo)}</span>
      <span className="run-card-buttons">
        {undo.restorable && (
          <button type="button" className="primary" onClick={() => engine.undoRunChange()}>
            Undo
          </button>
        )}
        <button type="button" onClick={dismiss}>
          Dismiss
        </button>
      </span>
    </div>
  );
}
