import type { ReactNode } from 'react';
import type { HideableId } from '../state/hideable';
import { ShortcutsDialog } from './dialogs/ShortcutsDialog';
import { ExplainDialog } from './explain/ExplainDialog';
import { StepWalkthrough } from './explain/StepWalkthrough';
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

/** The page: transport and status on top, settings on the left, the panels in reading order. */
export function App() {
  useKeyboardShortcuts();
  const notice = useApp((s) => s.notice);
  const projector = useApp((s) => s.settings.projector);
  return (
    <div className={`app ${projector ? 'projector' : ''}`}>
      <TopBar />
      <SettingsPanel />
      <main className="panels">
        <LinkNotes />
        <RunCards />
        <StepWalkthrough />
        <div className="row-top">
          <Shown id="data-panel">
            <DataPanel />
          </Shown>
          <Shown id="density-panel">
            <DensityPanel />
          </Shown>
          <Shown id="morph-panel">
            <MorphPanel />
          </Shown>
        </div>
        <Shown id="layers-panel">
          <LayersPanel />
        </Shown>
        <div className="row-bottom">
          <Shown id="chart-panel">
            <NllChartPanel />
          </Shown>
          <Shown id="metrics-panel">
            <MetricsTable />
          </Shown>
        </div>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
      </main>
      <ShortcutsDialog />
      <ExplainDialog />
      <LinkBuilderDialog />
    </div>
  );
}

/** A panel unless a classroom link hides it. */
function Shown({ id, children }: { id: HideableId; children: ReactNode }) {
  const hidden = useApp((s) => s.settings.hide.includes(id));
  return hidden ? null : children;
}
