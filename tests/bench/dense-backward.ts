/**
 * Why core/nn/fast-linear.ts exists: on tfjs-wasm, the backward pass of one
 * dense layer (batch 512, 64 → 64, tanh) with tfjs's own matMul gradient
 * (transposeA / transposeB kernels) against the hand-written one (explicit
 * transpose, plain kernel), and the two matMul forms on their own.
 * Median of 200 runs after 20 warm-up runs, each read back so it has finished.
 * Prints a readable table on stderr and one JSON object on stdout.
 * Usage: npx tsx tests/bench/dense-backward.ts
 */
import '../../src/core/node-gradients';
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend } from '../../src/core/backend';
import { dense } from '../../src/core/nn/fast-linear';

const [BATCH, WIDTH, WARMUP, REPS] = [512, 64, 20, 200];

function medianMs(work: () => tf.Tensor | tf.Tensor[]): number {
  const times: number[] = [];
  for (let r = 0; r < WARMUP + REPS; r++) {
    const start = performance.now();
    tf.tidy(() => [work()].flat().forEach((t) => t.dataSync()));
    if (r >= WARMUP) times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

await chooseBackend(['wasm']);
const x = tf.randomNormal([BATCH, WIDTH], 0, 1, 'float32', 1) as tf.Tensor2D;
const w = tf.randomNormal([WIDTH, WIDTH], 0, 0.2, 'float32', 2) as tf.Tensor2D;
const b = tf.zeros([WIDTH]) as tf.Tensor1D;
const autodiff = (xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) => tf.sum(tf.tanh(tf.add(tf.matMul(xs as tf.Tensor2D, ws as tf.Tensor2D), bs))) as tf.Scalar;
const handWritten = (xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) => tf.sum(dense(xs as tf.Tensor2D, ws as tf.Tensor2D, bs as tf.Tensor1D, 'tanh')) as tf.Scalar;

const figures = {
  backend: tf.getBackend(),
  shape: `${BATCH}×${WIDTH} · ${WIDTH}×${WIDTH}`,
  denseBackwardAutodiffMs: medianMs(() => tf.grads(autodiff)([x, w, b])),
  denseBackwardHandWrittenMs: medianMs(() => tf.grads(handWritten)([x, w, b])),
  matMulTransposeAMs: medianMs(() => tf.matMul(x, x, true, false)),
  matMulExplicitTransposeMs: medianMs(() => tf.matMul(tf.transpose(x), x)),
};
for (const [k, v] of Object.entries(figures)) process.stderr.write(`${k.padEnd(30)} ${typeof v === 'number' ? v.toFixed(3) : v}\n`);
process.stdout.write(JSON.stringify(figures) + '\n');
