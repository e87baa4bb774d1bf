import { DataPanel } from './panels/DataPanel';
import { DensityPanel } from './panels/DensityPanel';
import { LayersPanel } from './panels/LayersPanel';
import { MetricsTable } from './panels/MetricsTable';
import { MorphPanel } from './panels/MorphPanel';
import { NllChartPanel } from './panels/NllChartPanel';
import { SettingsPanel } from './SettingsPanel';
import { TopBar } from './TopBar';
import { useApp } from './app-context';

/** The page: transport and status on top, settings on the left, the panels in reading order. */
export function App() {
  const notice = useApp((s) => s.notice);
  return (
    <div className="app">
      <TopBar />
      <SettingsPanel />
      <main className="panels">
        <div className="row-top">
          <DataPanel />
          <DensityPanel />
          <MorphPanel />
        </div>
        <LayersPanel />
        <div className="row-bottom">
          <NllChartPanel />
          <MetricsTable />
        </div>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
      </main>
    </div>
  );
}
