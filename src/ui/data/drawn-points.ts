/**
 * More than enough to draw any shape, and few enough that a run on them starts
 * at once; beyond it the brush stops adding (the panel says so).
 */
export const MAX_DRAWN_POINTS = 20_000;

/**
 * The points of a drawing in progress, packed [x0, y0, …] in a buffer that
 * doubles as it fills: pointer events append dozens of times a second and
 * must neither re-allocate every time nor go through React state.
 */
export class DrawnPoints {
  private data = new Float32Array(2 * 512);
  private n = 0;

  constructor(private readonly limit = MAX_DRAWN_POINTS) {}

  get count(): number {
    return this.n;
  }

  get full(): boolean {
    return this.n >= this.limit;
  }

  /** Append packed points up to the limit; returns how many were taken. */
  append(points: Float32Array): number {
    const take = Math.min(points.length / 2, this.limit - this.n);
    if (take <= 0) return 0;
    const need = 2 * (this.n + take);
    if (need > this.data.length) {
      const grown = new Float32Array(Math.max(need, 2 * this.data.length));
      grown.set(this.data.subarray(0, 2 * this.n));
      this.data = grown;
    }
    this.data.set(points.subarray(0, 2 * take), 2 * this.n);
    this.n += take;
    return take;
  }

  /** The points without copying, for painting; only valid until the next append. */
  view(): Float32Array {
    return this.data.subarray(0, 2 * this.n);
  }

  /** A copy of its own, for the store: the drawing may go on growing after training starts. */
  snapshot(): Float32Array {
    return this.data.slice(0, 2 * this.n);
  }

  clear(): void {
    this.n = 0;
  }
}
