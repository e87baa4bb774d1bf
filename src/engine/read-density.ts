import type { Vae } from '../core/models/vae';
import { perPointChunked } from './chunked';
import type { GanKdeCache } from './gan-kde';
import type { Family } from './protocol';
import { IWAE_K } from './read-evaluation';
import type { Session } from './session';
import { gridPoints } from './view-box';

/** Cells per side of the density grid: 64² = 4,096 log-densities, a few ms on wasm. */
export const DENSITY_GRID = 64;
/** Importance samples per grid cell for the VAE's density: the same k as its IWAE figure, so every label agrees. */
const VAE_GRID_K = IWAE_K;

/** How each family's density is computed, for the panel's label. */
export const DENSITY_METHOD: Record<Family, string> = {
  flow: 'exact',
  vae: `IWAE, k = ${VAE_GRID_K}`,
  gan: 'kernel estimate',
};

/** log-density of a model at the cell centres of the view box, row-major from the bottom row. */
export async function readDensity(session: Session, family: Family, gan: GanKdeCache): Promise<Float32Array> {
  const grid = gridPoints(session.box, DENSITY_GRID);
  switch (family) {
    case 'flow':
      return perPointChunked((x) => session.flow.logProb(x), grid, 1024);
    case 'vae': {
      const vae = session.run('vae')!.model as Vae;
      return perPointChunked((x) => vae.iwaeLogLik(x, VAE_GRID_K, session.config.seed), grid, 512);
    }
    case 'gan':
      return gan.logProb(grid);
  }
}
