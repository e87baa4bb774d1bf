import * as tf from '@tensorflow/tfjs-core';
import type { Session } from './session';
import { yieldToEventLoop } from './yield';

const WORK_MS_BETWEEN_YIELDS = 20;

/**
 * The morph's base points after every flow layer, snapshot k after layer k
 * (snapshot 0 is the Gaussian itself), packed into one array for transfer.
 * Layer by layer rather than chain.forwardTrace so the event loop gets a turn
 * between layers: planar layers invert by root finding and a 16-layer trace
 * takes far longer than one Pause is allowed to wait.
 */
export async function readTrace(session: Session): Promise<Float32Array> {
  const base = session.morphBase;
  const layers = session.flow.layers;
  const out = new Float32Array(base.length * (layers.length + 1));
  out.set(base, 0);
  let y = tf.tensor2d(base, [base.length / 2, 2]);
  let since = performance.now();
  try {
    for (let k = 0; k < layers.length; k++) {
      const prev = y;
      y = tf.tidy(() => layers[k].forward(prev).y);
      prev.dispose();
      out.set(await y.data(), base.length * (k + 1));
      if (performance.now() - since > WORK_MS_BETWEEN_YIELDS) {
        await yieldToEventLoop();
        since = performance.now();
      }
    }
  } finally {
    y.dispose();
  }
  return out;
}
