import * as tf from '@tensorflow/tfjs-core';

interface EngineState {
  gradientDepth: number;
  activeTape: { saved?: tf.Tensor[] }[] | null;
}

/**
 * Free what a gradient computation that threw left behind. tfjs keeps a copy
 * of every tensor a kernel saves for its backward pass (engine.gradients
 * frees them after backprop); when the forward pass throws part-way, the
 * half-recorded tape and those copies stay alive for good (11 tensors for a
 * RealNVP step failing at its 25th kernel). Safe only when no gradient
 * computation is running, which the scheduler guarantees between slices.
 */
export function freeAbandonedTape(): number {
  const state = (tf.engine() as unknown as { state: EngineState }).state;
  if (state.gradientDepth !== 0 || !state.activeTape) return 0;
  let freed = 0;
  for (const node of state.activeTape) {
    for (const t of node.saved ?? []) {
      if (!t.isDisposed) {
        t.dispose();
        freed += 1;
      }
    }
  }
  state.activeTape = null;
  return freed;
}
