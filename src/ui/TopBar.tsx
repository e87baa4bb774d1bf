import { flowInfo } from '../core/flows/registry';
import { FAMILY_INFO } from '../state/families';
import type { Family } from '../state/types';
import { ShortcutsButton } from './dialogs/ShortcutsButton';
import { ExplainButton } from './explain/ExplainButton';
import { WalkthroughButton } from './explain/WalkthroughButton';
import { useApp, useEngine } from './app-context';

/** The Settings sidebar's fold: its element id, whether it is open, and the toggle. */
export interface SettingsFold {
  id: string;
  open: boolean;
  toggle(): void;
}

/** Transport buttons and the live status line: backend, step count, speed. */
export function TopBar({ settings }: { settings: SettingsFold }) {
  const running = useApp((s) => s.running);
  const setRunning = useApp((s) => s.setRunning);
  const ready = useApp((s) => s.run !== null && s.error === null);
  // Reset rebuilds the run, so it stays available after a failure.
  const canReset = useApp((s) => s.backend.name !== null);
  const engine = useEngine();
  return (
    <header className="topbar">
      {/* An icon keeps the bar on one line at 1280 px; the name and the tooltip say what it is. */}
      <button
        type="button"
        className="settings-toggle"
        aria-label="Settings"
        title={settings.open ? 'Hide the settings' : 'Show the settings'}
        aria-expanded={settings.open}
        aria-controls={settings.id}
        onClick={settings.toggle}
      >
        <span aria-hidden="true">☰</span>
      </button>
      <h1>Flow Playground</h1>
      <div className="transport">
        <button type="button" className="primary" onClick={() => setRunning(!running)} disabled={!ready && !running}>
          {running ? 'Pause' : 'Play'}
        </button>
        <button type="button" onClick={() => engine.step()} disabled={!ready}>
          Step
        </button>
        <button type="button" onClick={() => engine.reset()} disabled={!canReset}>
          Reset
        </button>
      </div>
      <StatusLine />
      <div className="classroom">
        <WalkthroughButton />
        <ExplainButton />
        <ProjectorToggle />
        <FullscreenButton />
        <ShortcutsButton />
      </div>
    </header>
  );
}

/** High contrast, large type and thick lines for the back of a lecture hall; kept in the link. */
function ProjectorToggle() {
  const on = useApp((s) => s.settings.projector);
  const setSetting = useApp((s) => s.setSetting);
  return (
    <button type="button" aria-pressed={on} onClick={() => setSetting('projector', !on)}>
      Projector mode
    </button>
  );
}

function FullscreenButton() {
  if (!document.fullscreenEnabled) return null;
  return (
    <button
      type="button"
      onClick={() => {
        // Refused without a user gesture or by policy: the page simply stays as it is.
        if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
        else void document.documentElement.requestFullscreen().catch(() => {});
      }}
    >
      Fullscreen
    </button>
  );
}

function StatusLine() {
  const step = useApp((s) => s.step);
  const speed = useApp((s) => s.stepsPerSec);
  const running = useApp((s) => s.running);
  const backend = useApp((s) => s.backend);
  const error = useApp((s) => s.error);
  const requested = useApp((s) => s.settings.backend);
  const msPerStep = useApp((s) => s.msPerStep);
  // Autoregressive flows say which of their directions is sequential, beside the speed it slows.
  const sequential = flowInfo(useApp((s) => s.settings.flow)).sequential;
  const perModel = Object.entries(msPerStep)
    .map(([family, ms]) => `${FAMILY_INFO[family as Family].label} ${ms!.toFixed(1)} ms/step`)
    .join(', ');
  const skipped = backend.skipped.map((b) => `${b.name}: ${b.reason}`).join('\n');
  return (
    <div className="status">
      <span>
        step <output aria-label="Step count">{step}</output>
      </span>
      <span title={perModel ? `Time per training step: ${perModel}` : undefined}>
        <output aria-label="Training speed">{running && speed > 0 ? speed.toFixed(0) : '–'}</output> steps/s
      </span>
      {sequential && (
        <span className="status-note" title={sequential.detail}>
          {sequential.note}
        </span>
      )}
      <span title={skipped || undefined}>
        backend <output aria-label="Backend">{backend.name ?? (error ? 'none' : 'starting…')}</output>
        {backend.name && requested !== 'auto' && backend.name !== requested && <span className="error"> ({requested} unavailable)</span>}
      </span>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
