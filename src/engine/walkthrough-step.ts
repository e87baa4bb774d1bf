import * as tf from '@tensorflow/tfjs-core';
import { readAndDispose } from '../core/util/read-back';
import { standardNormalLogProb } from '../core/flows/gaussian';
import type { WalkthroughFrame } from './protocol';
import type { Session } from './session';

/**
 * The step walkthrough's figures: the batch the flow's next step will train
 * on (peeked, not drawn: the trainer then gets the same points), carried
 * through the flow one layer at a time, and the terms of the loss. Data mode
 * runs the inverse pass x → z (the density direction); energy mode pushes
 * base noise z forward to x, as its loss does.
 *
 * The loss figure is the trainer's own objective on the batch with the
 * current weights, so it equals the loss the step reports; the terms beside
 * it come from the layer-by-layer pass and add up to it.
 */
export async function describeNextStep(session: Session): Promise<WalkthroughFrame> {
  const size = session.config.batch;
  const batch = session.flowBatches.peek(size);
  const flow = session.flow;
  const energy = session.energyFit?.energy ?? null;
  // Glow's and NICE's actnorm initialise from the first batch; do it now, on that batch, as the
  // trainer would (flow.prepare is a no-op once initialised, so the step's prepare changes nothing).
  if (!energy && session.steps === 0 && flow.needsDataInit) {
    tf.tidy(() => flow.prepare(tf.tensor2d(batch, [size, 2])));
    // The flow changed: the panels' read-backs describe it again.
    session.version += 1;
  }

  const layers = flow.layers;
  const K = layers.length;
  const per = 2 * size;
  const path = new Float32Array(per * (K + 1));
  const logDets: tf.Tensor1D[] = [];
  let y: tf.Tensor2D = tf.tensor2d(batch, [size, 2]);
  try {
    if (energy) {
      path.set(batch, 0);
      for (let k = 0; k < K; k++) {
        const prev = y;
        const [next, logDet] = tf.tidy(() => pair(layers[k].forward(prev)));
        prev.dispose();
        y = next;
        logDets.push(logDet);
        path.set(await y.data(), per * (k + 1));
      }
    } else {
      path.set(batch, per * K);
      for (let k = K - 1; k >= 0; k--) {
        const prev = y;
        const [next, logDet] = tf.tidy(() => pair(layers[k].inverse(prev)));
        prev.dispose();
        y = next;
        logDets.push(logDet);
        path.set(await y.data(), per * k);
      }
    }
    const latentSide = energy ? tf.tensor2d(batch, [size, 2]) : y;
    const figures = tf.tidy(() => {
      const logDet = logDets.length ? (tf.addN(logDets) as tf.Tensor1D) : tf.zeros([size]);
      const logBase = standardNormalLogProb(latentSide as tf.Tensor2D);
      const u = energy ? tf.mean(energy.targetEnergy(y)) : tf.scalar(0);
      const loss = session.runs[0].model.objectives[0].loss(tf.tensor2d(batch, [size, 2]), 0);
      return tf.stack([tf.mean(logBase), tf.mean(logDet), u, loss]);
    });
    if (energy) latentSide.dispose();
    const [meanLogBase, meanLogDet, meanEnergy, loss] = Array.from(await figures.data());
    figures.dispose();

    const memo = session.walkthroughMemo;
    const after = memo && memo.step === session.steps - 1 ? { step: session.steps, before: memo.loss, after: await lossOf(session, memo.batch) } : null;
    // A copy: the held batch goes to the trainer as it is.
    session.walkthroughMemo = { step: session.steps, batch: batch.slice(), loss };
    return { step: session.steps, target: session.config.target, batchSize: size, layers: K, path, meanLogBase, meanLogDet, meanEnergy: energy ? meanEnergy : null, loss, after };
  } finally {
    y.dispose();
    tf.dispose(logDets);
  }
}

function pair(r: { y: tf.Tensor2D; logDet: tf.Tensor1D }): [tf.Tensor2D, tf.Tensor1D] {
  return [r.y, r.logDet];
}

/** The flow's training loss on a given batch with the current weights. */
async function lossOf(session: Session, batch: Float32Array): Promise<number> {
  const [v] = await readAndDispose(tf.tidy(() => session.runs[0].model.objectives[0].loss(tf.tensor2d(batch, [batch.length / 2, 2]), 0)));
  return v;
}
