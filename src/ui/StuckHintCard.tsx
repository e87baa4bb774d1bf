import { useState } from 'react';
import { PLATEAU_STEPS, stuckHint } from '../state/stuck-hint';
import { useApp } from './app-context';

/**
 * A dismissible hint when the flow's held-out figure has stopped improving
 * well above the floor (state/stuck-hint.ts defines "stuck"), naming the
 * settings that usually help, each a button that applies it.
 */
export function StuckHintCard() {
  const gen = useApp((s) => s.run?.gen ?? -1);
  const curves = useApp((s) => s.curves);
  const floor = useApp((s) => s.run?.floor ?? null);
  const settings = useApp((s) => s.settings);
  const changeSettings = useApp((s) => s.changeSettings);
  const [dismissed, setDismissed] = useState(-1);
  const hint = gen === dismissed ? null : stuckHint(curves, floor, settings);
  if (!hint) return null;
  return (
    <div className="run-card stuck-hint" role="status" aria-label="Suggestion">
      <div>
        <strong>This run has stopped improving</strong> {hint.gap.toFixed(2)} nats above the floor (its best test figure moved {hint.improvement.toFixed(3)} nats
        in the last {PLATEAU_STEPS.toLocaleString('en-US')} steps). What usually helps:
        <ul>
          {hint.suggestions.map((s) => (
            <li key={s.label}>
              <button type="button" onClick={() => changeSettings(s.change)}>
                {s.label}
              </button>{' '}
              <span className="muted">{s.why}</span>
            </li>
          ))}
        </ul>
      </div>
      <span className="run-card-buttons">
        <button type="button" onClick={() => setDismissed(gen)}>
          Dismiss
        </button>
      </span>
    </div>
  );
}
