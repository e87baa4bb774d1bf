/**
 * A small seeded random number generator so that every dataset, initialisation
 * and minibatch is reproducible from one integer seed. tfjs's own seeded ops
 * are per-op; a JS stream lets data generation stay off the tensor engine.
 */
export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal (Box–Muller, one value cached). */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** A seed for a tfjs op or a child stream, drawn from this stream. */
  seed(): number;
}

/** mulberry32: 32-bit state, passes the statistical tests that matter here and is tiny. */
export function createRng(seed: number): Rng {
  let state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  let cachedNormal: number | null = null;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    uniform,
    normal() {
      if (cachedNormal !== null) {
        const v = cachedNormal;
        cachedNormal = null;
        return v;
      }
      // 1 - u keeps the argument of log strictly positive.
      const r = Math.sqrt(-2 * Math.log(1 - uniform()));
      const theta = 2 * Math.PI * uniform();
      cachedNormal = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
    int(n: number) {
      return Math.floor(uniform() * n);
    },
    seed() {
      return Math.floor(uniform() * 2147483647);
    },
  };
}
