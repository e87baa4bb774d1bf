import * as tf from '@tensorflow/tfjs-core';
import type { WorkerDiagnostics } from './protocol';

/**
 * What the worker holds right now: live tensors and their bytes, flat across
 * steps unless something leaks. Cheap: tf.memory() counts, it reads nothing back.
 * (No JS heap figure: browsers expose performance.memory to pages only, not workers.)
 */
export function readDiagnostics(): WorkerDiagnostics {
  const memory = tf.memory();
  return { tensors: memory.numTensors, tensorBytes: memory.numBytes };
}
