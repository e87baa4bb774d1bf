import { useCallback, useState } from 'react';
import { useApp, useAppStore } from '../app-context';
import { BRUSH_DEFAULT } from '../data/brush';
import { BrushSize } from '../data/BrushSize';
import { CustomDataNote } from '../data/CustomDataNote';
import { DrawingCanvas } from '../data/DrawingCanvas';
import { DrawnPoints } from '../data/drawn-points';
import { DrawTools } from '../data/DrawTools';
import { drawingLabel } from '../data/labels';
import { PointsCanvas } from '../data/PointsCanvas';
import { SamplesSource } from '../data/SamplesSource';
import { TargetCanvas } from '../data/TargetCanvas';
import { useCsvImport } from '../data/use-csv-import';
import { useFileDrop } from '../data/use-file-drop';
import '../data/data.css';
import { FileButton } from '../FileButton';
import { CSV_ACCEPT } from '../data/import-check';
import { Panel, Placeholder } from './Panel';
import { WalkthroughOverlay } from '../explain/WalkthroughOverlay';

/**
 * What the models learn from. With samples: the training points in grey and
 * the selected model's samples over them, plus the user's own data (drawn on
 * the canvas, or a CSV picked or dropped onto the panel). With an energy: the
 * target density exp(−U) itself, since there are no points to show.
 */
export function DataPanel() {
  const store = useAppStore();
  const energy = useApp((s) => s.settings.target === 'energy');
  const tools = useApp((s) => !s.settings.hide.includes('your-data')) && !energy;
  const targetWaiting = useApp((s) => (s.error || s.target ? null : 'Computing the target…'));

  // The drawing outlives drawing mode, so a person can come back and add to it.
  const [points] = useState(() => new DrawnPoints());
  const [count, setCount] = useState(0);
  const [drawingOn, setDrawingOn] = useState(false);
  const [brush, setBrush] = useState(BRUSH_DEFAULT);
  const drawing = drawingOn && tools;

  const { error, reading, importFiles, clearError } = useCsvImport(() => setDrawingOn(false));
  const { dragging, handlers } = useFileDrop(tools, (files) => void importFiles(files));

  const clearDrawing = useCallback(() => {
    points.clear();
    setCount(0);
  }, [points]);
  const trainOnDrawing = useCallback(() => {
    store.getState().setCustomData({ label: drawingLabel(points.count), points: points.snapshot() });
    clearError();
    setDrawingOn(false);
  }, [store, points, clearError]);

  return (
    <div className="data-drop" {...handlers}>
      <Panel name="Data" className={dragging ? 'drop-target' : ''} title={<PanelTitle energy={energy} drawing={drawing} />}>
        <div className="canvas-box">
          {energy ? <TargetCanvas /> : drawing ? <DrawingCanvas points={points} brush={brush} onStrokeEnd={setCount} /> : <PointsCanvas />}
          {!drawing && <WalkthroughOverlay panel="data" />}
          {energy && <Placeholder text={targetWaiting} />}
        </div>
        {!energy && (drawing ? <BrushSize brush={brush} setBrush={setBrush} count={count} full={points.full} /> : <SamplesSource />)}
        {tools && (
          <div className="data-tools">
            <DrawTools drawing={drawing} setDrawing={setDrawingOn} count={count} onClear={clearDrawing} onTrain={trainOnDrawing} />
            {!drawing && (
              <FileButton
                label="Import CSV"
                accept={CSV_ACCEPT}
                title="Two columns of numbers, x and y; or drop the file onto this panel"
                onFiles={(files) => void importFiles(files)}
              />
            )}
          </div>
        )}
        {!energy && <CustomDataNote />}
        {reading && (
          <p className="data-reading" role="status">
            Reading {reading}…
          </p>
        )}
        {error && tools && (
          <p className="data-error" role="alert">
            {error}
          </p>
        )}
      </Panel>
    </div>
  );
}

function PanelTitle({ energy, drawing }: { energy: boolean; drawing: boolean }) {
  if (energy) {
    return (
      <>
        Target exp(−U) <span className="muted">the density the flow is fitted to</span>
      </>
    );
  }
  return (
    <>
      Data <span className="muted">{drawing ? 'press and drag to draw points' : 'training points and model samples'}</span>
    </>
  );
}
