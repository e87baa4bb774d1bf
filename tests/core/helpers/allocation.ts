import * as tf from '@tensorflow/tfjs-core';

interface TrackingEngine {
  trackTensor(t: tf.Tensor, backend: unknown): void;
  state: { numBytes: number };
}

/**
 * Tensor memory a synchronous call takes at its peak, and how many tensors it
 * creates, even if it frees them all before returning (tf.memory() after the
 * call would miss that; tf.profile's peakBytes only sees kernels, and building
 * variables runs none). Every tensor the engine creates passes trackTensor.
 */
export function allocationDuring(fn: () => void): { peakBytes: number; tensorsCreated: number } {
  const engine = tf.engine() as unknown as TrackingEngine;
  const original = engine.trackTensor;
  const start = engine.state.numBytes;
  let peakBytes = 0;
  let tensorsCreated = 0;
  engine.trackTensor = function (this: TrackingEngine, t, backend) {
    original.call(this, t, backend);
    tensorsCreated++;
    peakBytes = Math.max(peakBytes, this.state.numBytes - start);
  };
  try {
    fn();
  } finally {
    engine.trackTensor = original;
  }
  return { peakBytes, tensorsCreated };
}
