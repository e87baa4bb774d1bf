import { useId } from 'react';
import { BRUSH_MAX, BRUSH_MIN } from './brush';
import { drawnCountText } from './labels';

interface Props {
  brush: number;
  setBrush(radius: number): void;
  count: number;
  full: boolean;
}

/** Takes the "Samples from" row's place while drawing: the brush's size and how many points there are. */
export function BrushSize({ brush, setBrush, count, full }: Props) {
  const id = useId();
  return (
    <div className="panel-controls brush-size">
      <label htmlFor={id}>Brush size</label>
      <input
        id={id}
        type="range"
        min={BRUSH_MIN}
        max={BRUSH_MAX}
        step={1}
        value={brush}
        aria-valuetext={`${brush} pixels`}
        onChange={(e) => setBrush(Number(e.target.value))}
      />
      <output className="drawn-count" aria-live="polite">
        {drawnCountText(count, full)}
      </output>
    </div>
  );
}
