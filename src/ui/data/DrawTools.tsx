import { MIN_POINTS } from '../../core/data/csv';

interface Props {
  drawing: boolean;
  setDrawing(on: boolean): void;
  count: number;
  onClear(): void;
  onTrain(): void;
}

/** The Draw toggle and, while it is on, what to do with the drawing. */
export function DrawTools({ drawing, setDrawing, count, onClear, onTrain }: Props) {
  return (
    <>
      <button type="button" aria-pressed={drawing} onClick={() => setDrawing(!drawing)}>
        Draw
      </button>
      {drawing && (
        <>
          <button type="button" onClick={onClear} disabled={count === 0}>
            Clear drawing
          </button>
          <button
            type="button"
            className="primary"
            onClick={onTrain}
            disabled={count < MIN_POINTS}
            title={count < MIN_POINTS ? `Draw at least ${MIN_POINTS} points` : undefined}
          >
            Train on drawing
          </button>
        </>
      )}
    </>
  );
}
