import { FAMILY_INFO } from '../../state/families';
import { useApp } from '../app-context';

/**
 * How the chart compares the models. Each trains in its own worker at its own
 * pace, so each curve is drawn against its own model's step count (matching
 * steps, not matching wall time); this line says so and where each model is,
 * its tooltip each model's own steps per second. One short line: the chart's
 * panel is short at 1280 × 800.
 */
export function ModelPace() {
  const run = useApp((s) => s.run);
  const steps = useApp((s) => s.modelSteps);
  const speeds = useApp((s) => s.modelSpeed);
  const errors = useApp((s) => s.modelErrors);
  const running = useApp((s) => s.running);
  if (!run || run.families.length < 2) return null;
  const speedText = run.families
    .map((f) => `${FAMILY_INFO[f].label} ${errors[f] ? 'stopped' : running ? `${(speeds[f] ?? 0).toFixed(0)} steps/s` : 'paused'}`)
    .join(', ');
  return (
    <p
      className="model-pace"
      aria-label="Chart comparison"
      title={`Each model trains in its own worker at its own pace, so each curve is drawn against its own model's step count. Speeds: ${speedText}.`}
    >
      At matching steps:{' '}
      {run.families.map((family, i) => {
        const label = FAMILY_INFO[family].label;
        return (
          <span key={family}>
            {i > 0 && ' · '}
            {label} <output aria-label={`${label} step count`}>{steps[family] ?? 0}</output>
            {errors[family] && ' (stopped)'}
          </span>
        );
      })}
    </p>
  );
}
