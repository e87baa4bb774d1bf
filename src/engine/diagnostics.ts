import * as tf from '@tensorflow/tfjs-core';
import type { WorkerDiagnostics } from './protocol';

/**
 * What the worker holds right now: live tensors and their bytes (flat across
 * steps unless something leaks) and, in Chromium, the worker's JS heap. Cheap:
 * tf.memory() counts, it reads nothing back.
 */
export function readDiagnostics(): WorkerDiagnostics {
  const memory = tf.memory();
  const heap = (performance as unknown as { memory?: { usedJSHeapSize?: number } }).memory?.usedJSHeapSize;
  return { tensors: memory.numTensors, tensorBytes: memory.numBytes, heapBytes: typeof heap === 'number' ? heap : null };
}
