import { useState, type CSSProperties, type PointerEvent, type ReactNode } from 'react';
import { FAMILY_INFO } from '../../state/families';
import type { Family } from '../../state/types';
import { MASS_LEVELS } from '../../viz/density';
import { densityUnderPointer } from '../../viz/density-readout';
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
          <div className="density-side" style={{ '--side-count': Math.max(2, others.split(',').length) } as CSSProperties}>
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

function SideLabel({ family }: { family: Family }) {
  const method = useApp((s) => s.density[family]?.method);
  return (
    <span className="side-label">
      {FAMILY_INFO[family].label} <span className="muted">{method ? <Term id={FAMILY_INFO[family].methodTerm}>{method}</Term> : '…'}</span>
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
  const { label, ramp } = FAMILY_INFO[family];
  return <DensityGridCanvas frameOf={(s) => s.density[family]} ramp={ramp} exportLabel={method ? `${label} · ${method}` : label} />;
}
