import { TARGET_RAMP } from '../../viz/palette';
import { DensityGridCanvas } from '../DensityGridCanvas';

/** In energy mode there are no training points: the density exp(−U) the flow is fitted to stands in for them. */
export function TargetCanvas() {
  return <DensityGridCanvas frameOf={(s) => s.target} ramp={TARGET_RAMP} />;
}
