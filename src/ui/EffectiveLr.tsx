import { liveLearningRate, LIVE_DECAY_FROM, LIVE_LR_FLOOR, type LivePhase } from '../core/train/stability';
import { useApp } from './app-context';

const PHASE_WORDS: Record<LivePhase, string> = {
  'warm-up': 'warming up',
  peak: 'at the set rate',
  decay: 'decaying as 1/√step',
  floor: 'at its floor',
};

/**
 * The learning rate the run is using now, under the slider: the slider sets
 * the peak, and the trainer warms up to it and then lets it fall as 1/√step,
 * so a student should see the rate that actually moves the weights.
 */
export function EffectiveLr() {
  const peak = useApp((s) => s.settings.lr);
  const step = useApp((s) => s.step);
  const warmupFrom = useApp((s) => s.warmupFrom);
  const { lr, phase } = liveLearningRate(peak, step, warmupFrom);
  return (
    <span
      role="status"
      aria-label="Effective learning rate"
      title={`The slider sets the peak. The rate ramps up over the first steps (and again after a rollback), holds until step ${LIVE_DECAY_FROM}, then falls as 1/√step (to ${LIVE_LR_FLOOR * 100} % of the peak at the lowest), so a long run keeps sharpening instead of jittering.`}
    >
      now {Number(lr.toPrecision(2))} ({PHASE_WORDS[phase]})
    </span>
  );
}
