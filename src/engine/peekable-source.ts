import type { BatchSource } from '../core/train/trainer';

/**
 * A batch source whose next batch can be looked at before the trainer takes
 * it. The step walkthrough describes the batch the next step will use; the
 * trainer then receives exactly that batch, so the loss the walkthrough shows
 * is the loss the step reports.
 */
export class PeekableSource implements BatchSource {
  private held: Float32Array | null = null;

  constructor(private readonly inner: BatchSource) {}

  nextBatch(size: number): Float32Array {
    const held = this.held;
    this.held = null;
    return held && held.length === 2 * size ? held : this.inner.nextBatch(size);
  }

  /** The batch the next nextBatch(size) returns; the caller must not write to it. */
  peek(size: number): Float32Array {
    if (!this.held || this.held.length !== 2 * size) this.held = this.inner.nextBatch(size);
    return this.held;
  }
}
