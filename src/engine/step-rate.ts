/** Steps per second over roughly the last second of training. */
export class StepRate {
  private samples: { t: number; step: number }[] = [];

  record(step: number): void {
    const t = performance.now();
    this.samples.push({ t, step });
    while (this.samples.length > 2 && t - this.samples[0].t > 1000) this.samples.shift();
  }

  perSecond(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || last.t - first.t < 50) return 0;
    return ((last.step - first.step) * 1000) / (last.t - first.t);
  }

  clear(): void {
    this.samples = [];
  }
}
