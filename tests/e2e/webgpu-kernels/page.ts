/**
 * The page behind tests/e2e/webgpu-kernels.e2e.ts: our WGSL kernels against
 * tfjs's plain path on the same random inputs, in this browser's WebGPU.
 * Exposes `window.kernelChecks`; the test compares what it returns.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-webgpu';
import { setWebgpuKernelsEnabled } from '../../../src/core/kernels/webgpu-kernel';
import { FlatAdam } from '../../../src/core/train/flat-adam';
import { createRng } from '../../../src/core/util/rng';
import { countDispatches, installDispatchCounter } from '../support/dispatch-counter';

/** A coupling network's variable shapes (1 → 64 → 64 → 2), plus an odd one. */
export const EPSILON = 1e-12;

const SHAPES = [[1, 64], [64], [64, 64], [64], [64, 2], [2], [3]];

export interface AdamRun {
  /** Each parameter's total change over the steps, flat in variable order. */
  change: number[];
  /** The parameters after the steps, flat. */
  final: number[];
  appliedSteps: number;
  averageNorm: number;
  /** The parameters before the steps, flat. */
  initial: number[];
  /** The gradients of the applied steps, non-finite entries zeroed (what a float64 reference should see). */
  applied: number[][];
  /** GPU dispatches of each apply(). */
  dispatches: number[];
  tensorsLeaked: number;
}

function uniform(rng: () => number, n: number, scale: number): Float32Array {
  return Float32Array.from({ length: n }, () => (2 * rng() - 1) * scale);
}

/** Four FlatAdam steps: plain, an outlier (clipped if `clip`) with a NaN entry, plain, skipped (gate 0). */
async function adam(kernels: boolean, seed: number, clip: boolean): Promise<AdamRun> {
  setWebgpuKernelsEnabled(kernels);
  const rng = createRng(seed);
  const random = () => rng.uniform();
  const start = tf.memory().numTensors;
  const variables = tf.tidy(() => SHAPES.map((s) => tf.variable(tf.tensor(uniform(random, tf.util.sizeFromShape(s), 0.1), s))));
  const flat = () => tf.tidy(() => tf.concat(variables.map((v) => tf.reshape(v, [-1]))));
  const before = flat();
  const initial = Array.from(await before.data());
  before.dispose();
  const n = initial.length;
  // ε negligible: FlatAdam adds it to √v, textbook Adam (the float64 reference) to √v̂.
  const optimizer = new FlatAdam(variables, { lr: 0.01, epsilon: EPSILON, clipFactor: clip ? 2 : undefined });
  const applied: number[][] = [];
  const dispatches: number[] = [];
  for (let step = 0; step < 4; step++) {
    const g = uniform(random, n, 1);
    if (step === 1) {
      g[5] = Number.NaN;
      for (let i = 0; i < n; i += 7) g[i] *= 50;
    }
    const ok = step !== 3;
    if (ok) applied.push(Array.from(g, (x) => (Number.isFinite(x) ? x : 0)));
    const { dispatches: d } = countDispatches(() => tf.tidy(() => optimizer.apply(tf.tensor1d(g), tf.scalar(ok, 'bool'))));
    dispatches.push(d);
  }
  const after = flat();
  const final = await after.data();
  after.dispose();
  const run = {
    change: Array.from(final, (x, i) => x - initial[i]),
    final: Array.from(final),
    initial,
    applied,
    appliedSteps: await optimizer.appliedSteps(),
    averageNorm: await optimizer.averageGradientNorm(),
    dispatches,
    tensorsLeaked: 0,
  };
  optimizer.dispose();
  tf.dispose(variables);
  run.tensorsLeaked = tf.memory().numTensors - start;
  setWebgpuKernelsEnabled(true);
  return run;
}

const kernelChecks = {
  async start(): Promise<string> {
    installDispatchCounter();
    if (!(await tf.setBackend('webgpu'))) throw new Error('webgpu did not start');
    await tf.ready();
    return tf.getBackend();
  },
  async adam(seed: number, clip: boolean) {
    const plain = await adam(false, seed, clip);
    const kernel = await adam(true, seed, clip);
    return { plain, kernel };
  },
};

(globalThis as unknown as { kernelChecks: typeof kernelChecks }).kernelChecks = kernelChecks;
