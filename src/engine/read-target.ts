import { ENERGIES } from '../core/data/energies';
import type { EnergyName } from '../core/data/energy-catalog';
import { DENSITY_GRID } from './live-scores';
import type { ViewBox } from './protocol';
import { gridPoints } from './view-box';

/**
 * The target of energy fitting as a normalised log-density, −U(x) − ln Z, on
 * the same grid as the flow's density so the two panels share one colour
 * scale. Plain JS: a fixed picture, computed once per run.
 */
export function targetLogDensity(name: EnergyName, box: ViewBox): Float32Array {
  const energy = ENERGIES[name];
  const grid = gridPoints(box, DENSITY_GRID);
  const out = new Float32Array(grid.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = -energy.targetEnergyAt(grid[2 * i], grid[2 * i + 1]) - energy.logZ;
  return out;
}
