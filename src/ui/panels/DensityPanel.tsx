import { useState, type PointerEvent, type ReactNode } from 'react';
import { FAMILY_LABEL } from '../../state/families';
import type { Family } from '../../state/types';
import { MASS_LEVELS } from '../../viz/density';
import { densityUnderPointer } from '../../viz/density-readout';
import { FAMILY_RAMP } from '../../viz/palette';
import { useApp } from '../app-context';
import { DensityGridCanvas } from '../DensityGridCanvas';
import { Term } from '../glossary/Term';
import { Panel, Placeholder } from './Panel';

/** The flow's learned density large, and the other models' (VAE, GAN, autoregressive) beside it when they train. */
export function DensityPanel() {
  const others = useApp((s) => s.run?.families.filter((f) => f !== 'flow').join(',') ?? '');
  const waiting = useApp((s) => (s.error ? null : !s.backend.name ? 'Starting TensorFlow.js…' : !s.density.flow ? 'Computing density…' : null));
  return (
    <Panel
      name="Density"
      className={others ? 'with-side' : ''}
      title={
        <>
          Density{' '}
          <span className="muted">
            <Term id="contours">contours</Term> hold {MASS_LEVELS.map((m) => m * 100).join(', ')}% of the mass
          </span>
        </>
      }
    >
      <div className="density-row">
        <PointerReadout family="flow">
          <DensityCanvas family="flow" />
          <Placeholder text={waiting} />
        </PointerReadout>
        {others && (
          <div className="density-side">
            {(others.split(',') as Family[]).map((f) => (
              <div key={f} className="side-density">
                <DensityCanvas family={f} />
                <SideLabel family={f} />
              </div>
            ))}
          </div>
        )}
      </div>
    </Panel>
  );
}

/** Which glossary entry explains a density method's name. */
const METHOD_TERM: Record<Family, string> = { flow: 'exact', vae: 'iwae', gan: 'kde', autoregressive: 'exact' };

function SideLabel({ family }: { family: Family }) {
  const method = useApp((s) => s.density[family]?.method);
  return (
    <span className="side-label">
      {FAMILY_LABEL[family]} <span className="muted">{method ? <Term id={METHOD_TERM[family]}>{method}</Term> : '…'}</span>
    </span>
  );
}

/**
 * The canvas box with a read-out of log p(x) where the pointer is, looked up
 * in the density grid the panel already draws (no request to the worker).
 */
function PointerReadout({ family, children }: { family: Family; children: ReactNode }) {
  const [pointer, setPointer] = useState<{ px: number; py: number; width: number; height: number } | null>(null);
  // Select the grid and the box as they are (stable references); the read-out is computed here.
  const grid = useApp((s) => s.density[family]);
  const box = useApp((s) => s.run?.box);
  const reading = pointer && grid && box ? densityUnderPointer(grid, box, pointer.width, pointer.height, pointer.px, pointer.py) : null;
  const track = (e: PointerEvent<HTMLDivElement>) => {
    const canvas = e.currentTarget.querySelector('canvas');
    if (!canvas) return;
    const r = canvas.getBoundingClientRect();
    setPointer({ px: e.clientX - r.left, py: e.clientY - r.top, width: r.width, height: r.height });
  };
  return (
    <div className="canvas-box" onPointerMove={track} onPointerLeave={() => setPointer(null)}>
      {children}
      {reading && (
        <output className="density-readout" aria-label="log p(x) at the pointer">
          log p(x) = {formatSigned(reading.logDensity)} at ({formatSigned(reading.x, 2)}, {formatSigned(reading.y, 2)})
        </output>
      )}
    </div>
  );
}

/** A true minus sign, as the table and chart print them. */
function formatSigned(v: number, digits = 3): string {
  return v.toFixed(digits).replace('-', '−');
}

function DensityCanvas({ family }: { family: Family }) {
  const method = useApp((s) => s.density[family]?.method);
  const label = method ? `${FAMILY_LABEL[family]} · ${method}` : FAMILY_LABEL[family];
  return <DensityGridCanvas frameOf={(s) => s.density[family]} ramp={FAMILY_RAMP[family]} exportLabel={label} />;
}
