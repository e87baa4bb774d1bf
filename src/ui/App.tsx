import { useEffect, useId, useState, type CSSProperties } from 'react';
import type { HideableId } from '../state/hideable';
import { ShortcutsDialog } from './dialogs/ShortcutsDialog';
import { ExplainDialog } from './explain/ExplainDialog';
import { StepWalkthrough } from './explain/StepWalkthrough';
import { FirstRunHint } from './FirstRunHint';
import { GlossaryDialog } from './glossary/GlossaryDialog';
import { LinkBuilderDialog } from './LinkBuilderDialog';
import { LinkNotes } from './LinkNotes';
import { RunCards } from './RunCards';
import { DataPanel } from './panels/DataPanel';
import { DensityPanel } from './panels/DensityPanel';
import { LayersPanel } from './panels/LayersPanel';
import { MetricsTable } from './panels/MetricsTable';
import { MorphPanel } from './panels/MorphPanel';
import { NllChartPanel } from './panels/NllChartPanel';
import { SettingsPanel } from './SettingsPanel';
import { TopBar } from './TopBar';
import { useApp } from './app-context';
import { useKeyboardShortcuts } from './use-keyboard-shortcuts';

/**
 * The page: transport and status on top, settings on the left, the panels in
 * reading order. Projector mode folds the settings away (a button brings them
 * back over the panels) and lays the panels out for a 16:9 screen, with the
 * Density and the Morph largest (styles.css).
 */
export function App() {
  useKeyboardShortcuts();
  const notice = useApp((s) => s.notice);
  const projector = useApp((s) => s.settings.projector);
  const settingsId = useId();
  // A classroom link may hide panels.
  const hidden = useApp((s) => s.settings.hide);
  const shown = (id: HideableId) => !hidden.includes(id);
  // Open beside the panels normally; folded away when the projector layout needs the room.
  const [settingsOpen, setSettingsOpen] = useState(!projector);
  useEffect(() => setSettingsOpen(!projector), [projector]);
  // The layout is measured for three models' Metrics rows; each model past that takes its row's height from the maps' squares (styles.css).
  const extraRows = useApp((s) => Math.max(0, (s.run?.families.length ?? 0) - 3));
  return (
    <div className={`app ${projector ? 'projector' : ''} ${settingsOpen ? 'settings-open' : 'settings-closed'}`}>
      <TopBar settings={{ id: settingsId, open: settingsOpen, toggle: () => setSettingsOpen(!settingsOpen) }} />
      <SettingsPanel id={settingsId} open={settingsOpen} />
      <main className="panels" style={{ '--extra-metric-rows': extraRows } as CSSProperties}>
        <div className="page-notes">
          <FirstRunHint />
          <LinkNotes />
          <RunCards />
          <StepWalkthrough />
          {notice && (
            <p className="notice" role="status">
              {notice}
            </p>
          )}
        </div>
        <div className="row-top">
          {shown('data-panel') && <DataPanel />}
          {shown('density-panel') && <DensityPanel />}
          {shown('morph-panel') && <MorphPanel />}
        </div>
        {shown('layers-panel') && <LayersPanel />}
        <div className="row-bottom">
          {shown('chart-panel') && <NllChartPanel />}
          {shown('metrics-panel') && <MetricsTable />}
        </div>
      </main>
      <ShortcutsDialog />
      <ExplainDialog />
      <GlossaryDialog />
      <LinkBuilderDialog />
    </div>
  );
}
