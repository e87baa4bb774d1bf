import { useState } from 'react';
import { dataMatch, figureAtLoad } from '../state/loaded-model';
import { useApp, useEngine } from './app-context';

const fixed = (v: number) => v.toFixed(4).replace('-', '−');

/**
 * What a loaded model file is: its flow, the steps it was trained for (the
 * page's step count goes on from there), the data it was trained on, and its
 * held-out figure at load. When the page shows other data than the model's,
 * a prompt says so plainly, and offers to switch when the page has that data.
 * Settings the file had out of range are listed as a link's are.
 */
export function LoadedModelCard() {
  const run = useApp((s) => s.run);
  const curves = useApp((s) => s.curves);
  const engine = useEngine();
  const [dismissed, setDismissed] = useState(-1);
  const loaded = run?.loaded;
  if (!run || !loaded || dismissed === run.gen) return null;
  const match = dataMatch(run);
  const atLoad = figureAtLoad(curves, loaded.steps);
  const energy = run.config.target === 'energy';
  const figureName = energy ? 'test loss' : 'test NLL';
  const here = run.datasetLabel;
  return (
    <div className="run-card loaded-model" role="status" aria-label="Loaded model">
      <div>
        <p>
          <strong>
            Loaded a {loaded.flow} flow with {loaded.layers} layers
             after {loaded.steps.toLocaleString('en-US')} steps.
          </strong>{' '}
          <span className="muted">{loaded.fileName}</span>
        </p>
        <p>
          Trained on <strong>{loaded.trainedOnLabel ?? (loaded.trainedOn ? `“${loaded.trainedOn}”` : 'unrecorded data')}</strong>
          {match.kind === 'same' && (
            <>
              ; its {figureName} on its own data:{' '}
              <output aria-label="Loaded model's NLL">{atLoad === null ? '…' : fixed(atLoad)}</output> nats
            </>
          )}
          .
        </p>
        {match.kind === 'switchable' && (
          <p className="data-mismatch">
            <strong>Different data:</strong> the page shows {here}, not {match.label}, so the figures below measure this model on data it never saw.{' '}
            <button type="button" className="primary" onClick={() => engine.reloadModelOnItsData()}>
              Switch to {match.label}
            </button>
          </p>
        )}
        {match.kind === 'unavailable' && (
          <p className="data-mismatch">
            <strong>Different data:</strong> this page does not have “{match.name}”, so the figures below measure the model on {here}, data it never saw.
          </p>
        )}
        {loaded.adjusted.length > 0 && (
          <p>
            The file’s settings were brought into the page’s ranges: {loaded.adjusted.join('; ')}.
          </p>
        )}
      </div>
      <span className="run-card-buttons">
        <button type="button" onClick={() => setDismissed(run.gen)}>
          Dismiss
        </button>
      </span>
    </div>
  );
}
