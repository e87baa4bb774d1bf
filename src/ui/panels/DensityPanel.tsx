import { FAMILY_LABEL } from '../../state/families';
import type { Family } from '../../state/types';
import { MASS_LEVELS } from '../../viz/density';
import { FAMILY_RAMP } from '../../viz/palette';
import { useApp } from '../app-context';
import { DensityGridCanvas } from '../DensityGridCanvas';
import { Panel, Placeholder } from './Panel';

/** The flow's learned density large, and the VAE's and GAN's beside it when they train. */
export function DensityPanel() {
  const others = useApp((s) => s.run?.families.filter((f) => f !== 'flow').join(',') ?? '');
  const waiting = useApp((s) => (s.error ? null : !s.backend.name ? 'Starting TensorFlow.js…' : !s.density.flow ? 'Computing density…' : null));
  return (
    <Panel
      name="Density"
      className={others ? 'with-side' : ''}
      title={
        <>
          Density <span className="muted">contours hold {MASS_LEVELS.map((m) => m * 100).join(', ')}% of the mass</span>
        </>
      }
    >
      <div className="density-row">
        <div className="canvas-box">
          <DensityCanvas family="flow" />
          <Placeholder text={waiting} />
        </div>
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

function SideLabel({ family }: { family: Family }) {
  const method = useApp((s) => s.density[family]?.method);
  return (
    <span className="side-label">
      {FAMILY_LABEL[family]} <span className="muted">{method ?? '…'}</span>
    </span>
  );
}

function DensityCanvas({ family }: { family: Family }) {
  return <DensityGridCanvas frameOf={(s) => s.density[family]} ramp={FAMILY_RAMP[family]} />;
}
