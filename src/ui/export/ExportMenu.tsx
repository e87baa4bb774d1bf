import { useState, type RefObject } from 'react';
import { useAppStore } from '../app-context';
import { downloadBlob } from './download';
import { encodePng } from './encode-png';
import { exportFileName } from './file-names';
import { curvesToCsv } from './nll-csv';
import { measurePanel } from './panel-layout';
import { panelPng } from './panel-png';
import { panelSvg } from './panel-svg';
import './export.css';

/** The panel whose data (the curves in the store) can also be saved as a table. */
const CURVES_PANEL = 'NLL chart';

/**
 * Small PNG / SVG (and, on the NLL chart, CSV) buttons in a panel's caption.
 * Visible text stays short; the accessible names say the whole action
 * ("Export Density as PNG"), which is what tests and screen readers use.
 */
export function ExportMenu({ name, figureRef }: { name: string; figureRef: RefObject<HTMLElement | null> }) {
  const store = useAppStore();
  const [failure, setFailure] = useState<string | null>(null);

  const attempt = (what: string, job: () => Promise<void> | void) => async () => {
    setFailure(null);
    try {
      await job();
    } catch (error) {
      console.error(`Export of ${what} failed`, error);
      setFailure(`${what} export failed`);
    }
  };

  const layout = () => {
    const figure = figureRef.current;
    const measured = figure && measurePanel(figure);
    if (!figure || !measured) throw new Error(`${name} has nothing drawn yet`);
    // Canvases are transparent; exports sit on the panel's own background.
    return { measured, background: getComputedStyle(figure).backgroundColor || '#ffffff' };
  };

  const png = attempt('PNG', async () => {
    const { measured, background } = layout();
    downloadBlob(await panelPng(measured, background), exportFileName(name, 'png'));
  });
  const svg = attempt('SVG', () => {
    const { measured, background } = layout();
    const text = panelSvg(measured, store.getState(), encodePng, background);
    downloadBlob(new Blob([text], { type: 'image/svg+xml' }), exportFileName(name, 'svg'));
  });
  const csv = attempt('CSV', () => {
    downloadBlob(new Blob([curvesToCsv(store.getState().curves)], { type: 'text/csv' }), exportFileName('NLL curves', 'csv'));
  });

  return (
    <span className="export-menu" role="group" aria-label={`Export ${name}`}>
      <ExportButton label={`Export ${name} as PNG`} text="PNG" onClick={png} />
      <ExportButton label={`Export ${name} as SVG`} text="SVG" onClick={svg} />
      {name === CURVES_PANEL && <ExportButton label="Export NLL curves as CSV" text="CSV" onClick={csv} />}
      {failure && (
        <span className="export-failure" role="status">
          {failure}
        </span>
      )}
    </span>
  );
}

function ExportButton({ label, text, onClick }: { label: string; text: string; onClick: () => void }) {
  return (
    <button type="button" className="export-button" aria-label={label} title={label} onClick={onClick}>
      {text}
    </button>
  );
}
