import { fitKde, type Kde } from '../core/metrics/kde';
import { yieldToEventLoop } from './yield';

/**
 * First fit: bandwidths 0.018 … 0.56 data units. The toy sets' noise scales are
 * 0.08–0.35, so the optimum lies inside; wider kernels would also cost the most
 * (every sample is a neighbour).
 */
const FIRST_GRID = Array.from({ length: 7 }, (_, i) => 10 ** (-1.75 + 0.25 * i));
/** Later fits: the previous choice and its neighbours, as a model moves slowly between fits. */
const NEAR_FACTORS = [10 ** -0.2, 10 ** -0.1, 1, 10 ** 0.1, 10 ** 0.2];

/**
 * The page's kernel fit (ScoreContext.fitKde). The bandwidth is chosen as
 * core's fitKde would (maximum validation likelihood) but over a short grid,
 * one candidate per turn of the event loop: fitKde's own search is one
 * synchronous call of up to a second, far longer than a Pause may wait. After
 * the first fit the grid is centred on the previous bandwidth.
 */
export function incrementalKdeFitter(): (samples: Float32Array, validation: Float32Array) => Promise<Kde> {
  let previous: number | null = null;
  return async (samples, validation) => {
    const candidates = previous === null ? FIRST_GRID : NEAR_FACTORS.map((f) => previous! * f);
    let best: Kde | null = null;
    for (const bandwidth of candidates) {
      const kde = await fitKde(samples, validation, { bandwidth });
      if (!best || kde.validationLogLik > best.validationLogLik) best = kde;
      await yieldToEventLoop();
    }
    previous = best!.bandwidth;
    return best!;
  };
}
