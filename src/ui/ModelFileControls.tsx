import { useApp, useEngine } from './app-context';
import { FileButton } from './FileButton';

/** Largest model file read: the biggest recipe the sliders allow is well under a megabyte. */
const MAX_MODEL_BYTES = 20 * 1024 * 1024;

/**
 * Save the flow with its settings (the CLI's model format) and load one back.
 * The worker checks a file completely before it replaces anything, so a bad
 * file leaves the current run as it was.
 */
export function ModelFileControls() {
  const engine = useEngine();
  const ready = useApp((s) => s.run !== null && s.error === null);
  const canLoad = useApp((s) => s.backend.name !== null);
  const setNotice = useApp((s) => s.setNotice);
  return (
    <fieldset>
      <legend>Model file</legend>
      <div className="button-row">
        <button type="button" onClick={() => engine.saveModel()} disabled={!ready}>
          Save model
        </button>
        <FileButton
          label="Load model"
          accept=".json,application/json"
          disabled={!canLoad}
          onFiles={async ([file]) => {
            if (file.size > MAX_MODEL_BYTES) {
              setNotice(`Could not load ${file.name}: ${(file.size / 1e6).toFixed(0)} MB is too large for a model file. The current model is unchanged.`);
              return;
            }
            try {
              engine.loadModel(file.name, await file.text());
            } catch (err) {
              setNotice(`Could not read ${file.name}: ${err instanceof Error ? err.message : String(err)}. The current model is unchanged.`);
            }
          }}
        />
      </div>
    </fieldset>
  );
}
