import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll } from 'vitest';
import { HOST_BACKENDS } from '../../../../src/core/kernels/host-kernel';
import { setSplineKernelEnabled } from '../../../../src/core/kernels/rq-spline-kernel';

// The backends host kernels run on (the same list the kernels register for); tests/setup.ts starts on wasm, so each describe switches and switches back.
export { HOST_BACKENDS };

export function onBackend(name: (typeof HOST_BACKENDS)[number]): void {
  let before = '';
  beforeAll(async () => {
    before = tf.getBackend();
    await tf.setBackend(name);
    await tf.ready();
  });
  afterAll(async () => {
    setSplineKernelEnabled(true);
    await tf.setBackend(before);
  });
}

/** Run `fn` with the spline on its plain tfjs path (the other host kernels stay as they are), then switch it back on. */
export function onPlainPath<T>(fn: () => T): T {
  setSplineKernelEnabled(false);
  try {
    return fn();
  } finally {
    setSplineKernelEnabled(true);
  }
}

/** max |a − b| / max |b|: the two vectors agree to this fraction of the reference's scale. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / scale;
}
