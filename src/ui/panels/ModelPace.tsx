import { FAMILY_INFO } from '../../state/families';
import { useApp } from '../app-context';

/**
 * How the chart compares the models. Each trains in its own worker at its own
 * pace, so each curve is drawn against its own model's step count (matching
 * steps, not matching wall time); this line says so and where each model is,
 * with its own steps per second while training.
 */
export function ModelPace() {
  const run = useApp((s) => s.run);
  const steps = useApp((s) => s.modelSteps);
  const speeds = useApp((s) => s.modelSpeed);
  const errors = useApp((s) => s.modelErrors);
  const running = useApp((s) => s.running);
  if (!run || run.families.length < 2) return null;
  return (
    <p className="model-pace" aria-label="Chart comparison">
      Compared at matching steps (each model trains at its own pace):{' '}
      {run.families.map((family) => {
        const label = FAMILY_INFO[family].label;
        const speed = speeds[family] ?? 0;
        return (
          <span key={family}>
            {label} at step <output aria-label={`${label} step count`}>{steps[family] ?? 0}</output>
            {errors[family] ? ', stopped' : running && speed > 0 && <> (<output aria-label={`${label} speed`}>{speed.toFixed(0)}</output>/s)</>}
          </span>
        );
      })}
    </p>
  );
}
