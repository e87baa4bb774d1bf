import { fitKde, type Kde } from '../core/metrics/kde';
import type { Session } from './session';
import { yieldToEventLoop } from './yield';

/** GAN samples behind each kernel estimate; more is smoother but costs linearly. */
const KDE_SAMPLES = 2000;
/** Validation points the bandwidth is chosen on. */
const BANDWIDTH_POINTS = 500;
/** Query points per synchronous stretch of kernel sums: empty regions sum over every sample. */
const QUERY_CHUNK = 500;
/**
 * First fit: bandwidths 0.018 … 0.56 data units. The toy sets' noise scales are
 * 0.08–0.35, so the optimum lies inside; wider kernels would also cost the most
 * (every sample is a neighbour).
 */
const FIRST_GRID = Array.from({ length: 7 }, (_, i) => 10 ** (-1.75 + 0.25 * i));
/** Later fits: the previous choice and its neighbours, as the GAN moves slowly between fits. */
const NEAR_FACTORS = [10 ** -0.2, 10 ** -0.1, 1, 10 ** 0.1, 10 ** 0.2];

/**
 * A kernel density over the GAN's current samples, shared by the density panel
 * and the test figure so one fit serves both until the GAN takes another step.
 *
 * The bandwidth is chosen as core's fitKde would (maximum validation
 * likelihood) but over a short grid, one candidate per turn of the event loop:
 * fitKde's own search is one synchronous call of up to a second, far longer
 * than a Pause may wait. After the first fit the grid is centred on the
 * previous bandwidth.
 */
export class GanKdeCache {
  private fitted: { version: number; kde: Kde } | null = null;
  private bandwidth: number | null = null;

  constructor(private readonly session: Session) {}

  async current(): Promise<Kde> {
    const session = this.session;
    if (this.fitted?.version === session.version) return this.fitted.kde;
    const gan = session.run('gan')!.model;
    // A fixed sampling seed: between fits only the generator changes, not the noise.
    const t = gan.sample(KDE_SAMPLES, session.config.seed + 3);
    let samples: Float32Array;
    try {
      samples = (await t.data()) as Float32Array;
    } finally {
      t.dispose();
    }
    const validation = session.validation.subarray(0, 2 * BANDWIDTH_POINTS);
    const previous = this.bandwidth;
    const candidates = previous === null ? FIRST_GRID : NEAR_FACTORS.map((f) => previous * f);
    let best: Kde | null = null;
    for (const bandwidth of candidates) {
      const kde = await fitKde(samples, validation, { bandwidth });
      if (!best || kde.validationLogLik > best.validationLogLik) best = kde;
      await yieldToEventLoop();
    }
    this.bandwidth = best!.bandwidth;
    this.fitted = { version: session.version, kde: best! };
    return best!;
  }

  /** log p̂ at every row of `points`, in chunks with the event loop given a turn between them. */
  async logProb(points: Float32Array): Promise<Float32Array> {
    const kde = await this.current();
    const n = points.length / 2;
    const out = new Float32Array(n);
    for (let start = 0; start < n; start += QUERY_CHUNK) {
      const end = Math.min(n, start + QUERY_CHUNK);
      out.set(kde.logProb(points.subarray(2 * start, 2 * end)), start);
      await yieldToEventLoop();
    }
    return out;
  }
}
