import { evaluateFigures, perPoint } from '../core/metrics/evaluate';
import { LIVE_CONSTANTS, type Figure, type Scorer } from '../core/models/density-model';
import { incrementalKdeFitter } from './kde-fitter';
import type { Family } from './protocol';
import type { Session } from './session';
import { gridPoints } from './view-box';
import { throttledYield } from './yield';

/** Cells per side of the density grid: 64² = 4,096 log-densities, a few ms on wasm. */
export const DENSITY_GRID = 64;
/** Validation points a kernel bandwidth is chosen on. */
const BANDWIDTH_POINTS = 500;

/**
 * The page's figures and density maps: each model's own scorer
 * (DensityModel.scorer) with LIVE_CONSTANTS, through the evaluator the CLI
 * uses, with the event loop given a turn between chunks. A scorer is built
 * once per model step and shared by the density map and the figures, so one
 * kernel fit serves both until the model takes another step. Fixed seeds: two
 * evaluations differ only because the model changed.
 */
export class LiveScores {
  private readonly cache = new Map<Family, { version: number; scorer: Promise<Scorer> }>();
  private readonly fitKde = incrementalKdeFitter();

  constructor(private readonly session: Session) {}

  private scorer(family: Family): Promise<Scorer> {
    const s = this.session;
    const hit = this.cache.get(family);
    if (hit?.version === s.version) return hit.scorer;
    const scorer = s.run(family)!.model.scorer({
      ...LIVE_CONSTANTS,
      seed: s.config.seed + 3,
      validation: s.validation.subarray(0, 2 * BANDWIDTH_POINTS),
      fitKde: this.fitKde,
    });
    this.cache.set(family, { version: s.version, scorer });
    // A failed fit (a rejected read-back) is tried again next time, not remembered.
    scorer.catch(() => this.cache.get(family)?.scorer === scorer && this.cache.delete(family));
    return scorer;
  }

  /** Each figure on the session's fixed test subset, headline first, labelled with its kind and constants. */
  async figures(family: Family): Promise<Figure[]> {
    return evaluateFigures(await this.scorer(family), this.session.test, throttledYield());
  }

  /** log-density at the cell centres of the view box, row-major from the bottom row, and how it was computed. */
  async density(family: Family): Promise<{ method: string; logDensity: Float32Array }> {
    const { density } = await this.scorer(family);
    const grid = gridPoints(this.session.info.box, DENSITY_GRID);
    return { method: density.method, logDensity: await perPoint(density.logLik, grid, density.chunk, throttledYield()) };
  }
}
