/**
 * The page behind tests/e2e/webgpu-kernels.e2e.ts: our WGSL kernels against
 * tfjs's plain path on the same random inputs, in this browser's WebGPU.
 * Exposes `window.kernelChecks`; the test compares what it returns.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgpu';
import type { Bijector, BijectorResult } from '../../../src/core/bijectors/bijector';
import { ActNorm } from '../../../src/core/bijectors/actnorm';
import { Coupling } from '../../../src/core/bijectors/coupling';
import { LuLinear } from '../../../src/core/bijectors/lu-linear';
import { Planar } from '../../../src/core/bijectors/planar';
import { affineTransform } from '../../../src/core/bijectors/transforms/affine';
import { setWebgpuKernelsEnabled } from '../../../src/core/kernels/webgpu-kernel';
import { createMlp, type Activation } from '../../../src/core/nn/mlp';
import { toySource } from '../../../src/core/data/source';
import { buildFlow } from '../../../src/core/flows/recipes';
import type { FlowType } from '../../../src/core/flows/registry';
import { FlatAdam, snapshotFlat } from '../../../src/core/train/flat-adam';
import { Trainer } from '../../../src/core/train/trainer';
import { patchWebGpuAddN } from '../../../src/engine/webgpu-addn';
import { randomScale, smallRecipe } from '../../core/helpers/small-flow';
import { randomizeVariables, randomPoints } from '../../core/helpers/randomize';
import { planarFlowLossOnWebgpu } from '../../../src/core/kernels/planar-stack-webgpu';
import { recipeFor } from '../../../src/core/flows/recipes';
import { flowLossOnWebgpu } from '../../../src/core/kernels/flow-loss-webgpu';
import { stepTallyOnWebgpu } from '../../../src/core/kernels/step-tally-webgpu';
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

export interface CouplingRun {
  y: number[];
  logDet: number[];
  /** Gradient of a random linear functional of (y, logDet) to the input, then to each variable, flat. */
  grads: number[][];
  /** y and logDet again without a gradient tape (the density grid's path). */
  yUntaped: number[];
  logDetUntaped: number[];
  /** GPU dispatches of the taped forward + backward, and of the untaped forward. */
  dispatches: number;
  untapedDispatches: number;
  tensorsLeaked: number;
}

export interface CouplingCase {
  seed: number;
  direction: 1 | -1;
  transformDim: 0 | 1;
  activation: Activation;
  hidden: number[];
  batch: number;
}

/**
 * One bijector pass (`pass`) on random points through the fused WGSL kernels
 * or tfjs's plain path: values, and the gradient of Σ y·a + Σ logDet·b
 * (a, b random) to the input and to every variable.
 */
async function bijectorRun(kernels: boolean, build: () => Bijector, direction: 1 | -1, batch: number, random: () => number): Promise<CouplingRun> {
  setWebgpuKernelsEnabled(kernels);
  const start = tf.memory().numTensors;
  const layer = build();
  const pass = (x: tf.Tensor2D): BijectorResult => (direction === 1 ? layer.forward(x) : layer.inverse(x));
  const z = tf.tensor2d(uniform(random, batch * 2, 2), [batch, 2]);
  const a = tf.tensor2d(uniform(random, batch * 2, 1), [batch, 2]);
  const b = tf.tensor1d(uniform(random, batch, 1));
  const taped = countDispatches(() =>
    tf.tidy(() => {
      // The variables are arguments only so that tf.grads differentiates to them; the layer reads them itself.
      const f = (...args: tf.Tensor[]) => {
        const { y, logDet } = pass(args[0] as tf.Tensor2D);
        return tf.add(tf.sum(tf.mul(y, a)), tf.sum(tf.mul(logDet, b))) as tf.Scalar;
      };
      const { y, logDet } = pass(z);
      const grads = tf.grads(f)([z, ...layer.variables]);
      return { y, logDet, grads };
    }),
  );
  const untaped = countDispatches(() => pass(z));
  const run: CouplingRun = {
    y: Array.from(await taped.value.y.data()),
    logDet: Array.from(await taped.value.logDet.data()),
    grads: await Promise.all(taped.value.grads.map(async (g) => Array.from(await g.data()))),
    yUntaped: Array.from(await untaped.value.y.data()),
    logDetUntaped: Array.from(await untaped.value.logDet.data()),
    dispatches: taped.dispatches,
    untapedDispatches: untaped.dispatches,
    tensorsLeaked: 0,
  };
  tf.dispose([taped.value.y, taped.value.logDet, ...taped.value.grads, untaped.value.y, untaped.value.logDet, z, a, b]);
  layer.dispose();
  run.tensorsLeaked = tf.memory().numTensors - start;
  setWebgpuKernelsEnabled(true);
  return run;
}

/** An affine coupling with a random network (last layer NOT zero, so θ ≠ 0). */
async function coupling(kernels: boolean, c: CouplingCase): Promise<CouplingRun> {
  const rng = createRng(c.seed);
  const build = () =>
    new Coupling({
      transformDim: c.transformDim,
      makeNet: (inputs, outputs) => createMlp({ inputs, hidden: c.hidden, outputs, activation: c.activation, zeroLast: false, rng }),
      transform: affineTransform(),
    });
  return bijectorRun(kernels, build, c.direction, c.batch, () => rng.uniform());
}

/** A planar layer's closed form (its inverse, the density direction) with random w, u (scale `scale`) and b. */
async function planar(kernels: boolean, seed: number, batch: number, scale: number): Promise<CouplingRun> {
  const rng = createRng(seed);
  const random = () => rng.uniform();
  const build = () => {
    const layer = new Planar({ rng, analytic: 'inverse' });
    tf.tidy(() => layer.variables.forEach((v) => v.assign(tf.tensor(uniform(random, v.size, scale), v.shape))));
    return layer;
  };
  return bijectorRun(kernels, build, -1, batch, random);
}

export interface TrainingRun {
  losses: number[];
  params: number[];
  /** Live tensors after the second and after the last step (webgpu: the fused kernels must not leak). */
  tensorsAfter: [number, number];
}

/** `steps` training steps of a small flow of `type` from seed 0 on `backend`, each step's loss read back. */
async function train(backend: 'cpu' | 'webgpu', type: FlowType, steps: number, batch: number): Promise<TrainingRun> {
  if (!(await tf.setBackend(backend))) throw new Error(`${backend} did not start`);
  const flow = buildFlow(smallRecipe(type), 0);
  const trainer = new Trainer(flow, toySource('moons', 0), { lr: 1e-3, batch, seed: 0 });
  const losses: number[] = [];
  const tensorsAfter: [number, number] = [0, 0];
  for (let i = 0; i < steps; i++) {
    trainer.trainStep();
    losses.push(Object.values((await trainer.read()).losses)[0]);
    if (i === 1) tensorsAfter[0] = tf.memory().numTensors;
  }
  tensorsAfter[1] = tf.memory().numTensors;
  const snapshot = snapshotFlat(flow.variables);
  const params = Array.from(await snapshot.data());
  snapshot.dispose();
  trainer.dispose();
  flow.dispose();
  return { losses, params, tensorsAfter };
}

/** An actnorm layer with random log-scale and bias, one of them below the floor if `floored`. */
async function actnorm(kernels: boolean, seed: number, direction: 1 | -1, batch: number, floored: boolean): Promise<CouplingRun> {
  const rng = createRng(seed);
  const random = () => rng.uniform();
  const build = () => {
    const layer = new ActNorm();
    tf.tidy(() => layer.variables.forEach((v) => v.assign(tf.tensor(uniform(random, v.size, 1), v.shape))));
    if (floored) tf.tidy(() => layer.variables[0].assign(tf.tensor1d([-40, 0.5])));
    return layer;
  };
  return bijectorRun(kernels, build, direction, batch, random);
}

/** An LU 1×1 convolution with random [l, v] and log-diagonal, one entry below the floor if `floored`. */
async function luLinear(kernels: boolean, seed: number, direction: 1 | -1, batch: number, floored: boolean): Promise<CouplingRun> {
  const rng = createRng(seed);
  const random = () => rng.uniform();
  const build = () => {
    const layer = new LuLinear({ rng });
    tf.tidy(() => layer.variables.forEach((v) => v.assign(tf.tensor(uniform(random, v.size, 1), v.shape))));
    if (floored) tf.tidy(() => layer.variables[1].assign(tf.tensor2d([[-40], [0.3]])));
    return layer;
  };
  return bijectorRun(kernels, build, direction, batch, random);
}

export interface StackLossRun {
  loss: number;
  gradient: number[];
  dispatches: number;
  tensorsLeaked: number;
}

export interface FlowLossRun {
  loss: number;
  gradient: number[];
  /** What the loss handed to the optimiser as the packed parameters (kernel only), and the variables flattened. */
  packed: number[];
  variables: number[];
  dispatches: number;
  tensorsLeaked: number;
}

/**
 * A density-mode planar flow of `layers` layers, variables randomised (scale 0.5, w and u
 * then far from the near-identity start), on `batch` random points: the loss and its flat
 * gradient through the one-dispatch stack kernel, or through the tape over the per-layer path.
 */
async function planarStackLoss(kernel: boolean, seed: number, layers: number, batch: number): Promise<StackLossRun> {
  const start = tf.memory().numTensors;
  const flow = buildFlow(recipeFor('planar', { layers }), seed);
  const rng = createRng(seed + 100);
  randomizeVariables(flow.variables, rng, 0.5);
  const x = tf.tensor2d(uniform(() => rng.uniform(), batch * 2, 3), [batch, 2]);
  const counted = countDispatches(() =>
    tf.tidy(() => {
      if (kernel) return planarFlowLossOnWebgpu(flow.layers, x)!;
      const { value, grads } = tf.variableGrads(() => flow.objectives[0].loss(x, 0), flow.variables as tf.Variable[]);
      return { loss: value, gradient: tf.concat(flow.variables.map((v) => tf.reshape(grads[v.name], [-1]))) as tf.Tensor1D };
    }),
  );
  const run: StackLossRun = {
    loss: (await counted.value.loss.data())[0],
    gradient: Array.from(await counted.value.gradient.data()),
    dispatches: counted.dispatches,
    tensorsLeaked: 0,
  };
  tf.dispose([counted.value.loss, counted.value.gradient, x]);
  flow.dispose();
  run.tensorsLeaked = tf.memory().numTensors - start;
  return run;
}

export interface SolvedRun {
  y: number[];
  logDet: number[];
  /** The closed form applied to y: should give back the input points. */
  roundTrip: number[];
  input: number[];
  dispatches: number;
  tensorsLeaked: number;
}

/** A density-mode planar layer's solved direction (forward: latent → data) without a tape, random w, u, b at `scale`. */
async function planarSolved(kernels: boolean, seed: number, batch: number, scale: number): Promise<SolvedRun> {
  setWebgpuKernelsEnabled(kernels);
  const start = tf.memory().numTensors;
  const rng = createRng(seed);
  const random = () => rng.uniform();
  const layer = new Planar({ rng, analytic: 'inverse' });
  tf.tidy(() => layer.variables.forEach((v) => v.assign(tf.tensor(uniform(random, v.size, scale), v.shape))));
  const z = tf.tensor2d(uniform(random, batch * 2, 3), [batch, 2]);
  await z.data();
  const counted = countDispatches(() => layer.forward(z));
  const back = layer.inverse(counted.value.y);
  const run: SolvedRun = {
    y: Array.from(await counted.value.y.data()),
    logDet: Array.from(await counted.value.logDet.data()),
    roundTrip: Array.from(await back.y.data()),
    input: Array.from(await z.data()),
    dispatches: counted.dispatches,
    tensorsLeaked: 0,
  };
  tf.dispose([counted.value.y, counted.value.logDet, back.y, back.logDet, z]);
  layer.dispose();
  run.tensorsLeaked = tf.memory().numTensors - start;
  setWebgpuKernelsEnabled(true);
  return run;
}

/**
 * A flow's loss and flat gradient on random points, its parameters random (a
 * fresh coupling is the identity): the whole-flow WGSL kernel
 * (flow-loss-webgpu.ts) or tfjs's tape over the plain path.
 */
async function flowLoss(kernels: boolean, type: FlowType, seed: number, batch: number): Promise<FlowLossRun> {
  setWebgpuKernelsEnabled(kernels);
  const start = tf.memory().numTensors;
  const rng = createRng(seed);
  const flow = buildFlow(smallRecipe(type), seed);
  tf.tidy(() => randomizeVariables(flow.variables, rng, randomScale(type)));
  const x = randomPoints(batch, rng, [1.5, 1]);
  const objective = flow.objectives[0];
  const counted = countDispatches(() =>
    tf.tidy(() => {
      if (kernels) {
        const fused = flowLossOnWebgpu(flow.layers, x);
        if (!fused) throw new Error(`no whole-flow WebGPU kernel for ${type}`);
        return { loss: fused.loss, gradient: fused.gradient, packed: fused.params };
      }
      const { value, grads } = tf.variableGrads(() => objective.loss(x, 0), flow.variables as tf.Variable[]);
      return { loss: value, gradient: tf.concat(flow.variables.map((v) => tf.reshape(grads[v.name], [-1]))), packed: tf.zeros([0]) };
    }),
  );
  const snapshot = snapshotFlat(flow.variables);
  const run: FlowLossRun = {
    loss: (await counted.value.loss.data())[0],
    gradient: Array.from(await counted.value.gradient.data()),
    packed: Array.from(await counted.value.packed.data()),
    variables: Array.from(await snapshot.data()),
    dispatches: counted.dispatches,
    tensorsLeaked: 0,
  };
  tf.dispose([counted.value.loss, counted.value.gradient, counted.value.packed, snapshot, x]);
  flow.dispose();
  run.tensorsLeaked = tf.memory().numTensors - start;
  setWebgpuKernelsEnabled(true);
  return run;
}

export interface DensityRun {
  logProb: number[];
  dispatches: number;
  tensorsLeaked: number;
}

/** log p of random points for a flow of `type` (variables randomised), through density-webgpu.ts or the per-layer path. */
async function density(kernels: boolean, type: FlowType, layers: number, seed: number, n: number): Promise<DensityRun> {
  const start = tf.memory().numTensors;
  const flow = buildFlow(recipeFor(type, { layers, hidden: 16, depth: 2 }), seed);
  const rng = createRng(seed + 200);
  randomizeVariables(flow.variables, rng, type === 'planar' ? 0.5 : 0.15);
  flow.markInitialized();
  const x = tf.tensor2d(uniform(() => rng.uniform(), n * 2, 3), [n, 2]);
  await x.data();
  // The fused path stays on for the layers' own kernels (a coupling's); only the segment kernels differ.
  const run = async () => {
    const counted = countDispatches(() => (kernels ? flow.logProb(x) : tf.tidy(() => {
      const { y, logDet } = flow.chain.inverse(x);
      return tf.add(tf.sub(tf.mul(tf.sum(tf.square(y), 1), -0.5), Math.log(2 * Math.PI)), logDet) as tf.Tensor1D;
    })));
    const values = Array.from(await counted.value.data());
    counted.value.dispose();
    return { values, dispatches: counted.dispatches };
  };
  await run(); // compile the shaders first
  const { values, dispatches } = await run();
  x.dispose();
  flow.dispose();
  return { logProb: values, dispatches, tensorsLeaked: tf.memory().numTensors - start };
}

export interface TallyCase {
  loss: number;
  /** A gradient entry to overwrite (index, value), for the non-finite cases. */
  poke: [number, number] | null;
  /** lossSum, finiteSteps, badSteps, consecutiveBad before the step. */
  before: [number, number, number, number];
}

/** The trainer's per-step bookkeeping: the WGSL kernel (step-tally-webgpu.ts) and the trainer's tfjs ops. */
async function stepTally(c: TallyCase): Promise<{ kernel: number[]; plain: number[]; dispatches: number; tensorsLeaked: number }> {
  const start = tf.memory().numTensors;
  const rng = createRng(3);
  const g = Float32Array.from({ length: 1000 }, () => rng.normal());
  if (c.poke) g[c.poke[0]] = c.poke[1];
  const result = tf.tidy(() => {
    const loss = tf.scalar(c.loss);
    const gradient = tf.tensor1d(g);
    const [lossSum, finiteSteps, badSteps, consecutiveBad] = c.before.map((v) => tf.scalar(v));
    const counted = countDispatches(() => stepTallyOnWebgpu(loss, gradient, { lossSum, finiteSteps, badSteps, consecutiveBad }));
    const k = counted.value;
    // trainer.ts's plain path, verbatim.
    const ok = tf.logicalAnd(tf.isFinite(loss), tf.isFinite(tf.sum(gradient)));
    const okf = tf.cast(ok, 'float32');
    const plain = [okf, tf.add(lossSum, tf.where(ok, loss, 0)), tf.add(finiteSteps, okf), tf.add(badSteps, tf.sub(1, okf)), tf.where(ok, tf.scalar(0), tf.add(consecutiveBad, 1))];
    return { kernel: tf.stack([k.gate, k.lossSum, k.finiteSteps, k.badSteps, k.consecutiveBad]), plain: tf.stack(plain), dispatches: counted.dispatches };
  });
  const out = { kernel: Array.from(await result.kernel.data()), plain: Array.from(await result.plain.data()), dispatches: result.dispatches, tensorsLeaked: 0 };
  tf.dispose([result.kernel, result.plain]);
  out.tensorsLeaked = tf.memory().numTensors - start;
  return out;
}

/** Three clipped FlatAdam steps with the parameters packed by the caller (as the whole-flow loss hands them) or not. */
async function adamPacked(packed: boolean, seed: number): Promise<{ final: number[]; averageNorm: number; dispatches: number[]; tensorsLeaked: number }> {
  const rng = createRng(seed);
  const random = () => rng.uniform();
  const start = tf.memory().numTensors;
  const variables = tf.tidy(() => SHAPES.map((s) => tf.variable(tf.tensor(uniform(random, tf.util.sizeFromShape(s), 0.1), s))));
  const n = variables.reduce((a, v) => a + v.size, 0);
  const optimizer = new FlatAdam(variables, { lr: 0.01, clipFactor: 2 });
  const dispatches: number[] = [];
  for (let step = 0; step < 3; step++) {
    const g = uniform(random, n, step === 1 ? 50 : 1);
    const { dispatches: d } = countDispatches(() =>
      tf.tidy(() => optimizer.applyGated(tf.tensor1d(g), tf.scalar(1), packed ? (tf.concat(variables.map((v) => tf.reshape(v, [-1]))) as tf.Tensor1D) : undefined)),
    );
    dispatches.push(d);
  }
  const after = snapshotFlat(variables);
  const out = { final: Array.from(await after.data()), averageNorm: await optimizer.averageGradientNorm(), dispatches, tensorsLeaked: 0 };
  after.dispose();
  optimizer.dispose();
  tf.dispose(variables);
  out.tensorsLeaked = tf.memory().numTensors - start;
  return out;
}

const kernelChecks = {
  async planarSolved(seed: number, batch: number, scale: number) {
    const plain = await planarSolved(false, seed, batch, scale);
    const kernel = await planarSolved(true, seed, batch, scale);
    return { plain, kernel };
  },
  async planarStackLoss(seed: number, layers: number, batch: number) {
    const plain = await planarStackLoss(false, seed, layers, batch);
    const kernel = await planarStackLoss(true, seed, layers, batch);
    return { plain, kernel };
  },
  async density(type: FlowType, layers: number, seed: number, n: number) {
    const plain = await density(false, type, layers, seed, n);
    const kernel = await density(true, type, layers, seed, n);
    return { plain, kernel };
  },
  async flowLoss(type: FlowType, seed: number, batch: number) {
    // Once to warm up, as for a coupling: the plain path's dense layer keeps a ones row per batch size.
    await flowLoss(false, type, seed, batch);
    const plain = await flowLoss(false, type, seed, batch);
    const kernel = await flowLoss(true, type, seed, batch);
    return { plain, kernel };
  },
  stepTally,
  async adamPacked(seed: number) {
    return { unpacked: await adamPacked(false, seed), packed: await adamPacked(true, seed) };
  },
  async luLinear(seed: number, direction: 1 | -1, batch: number, floored: boolean) {
    const plain = await luLinear(false, seed, direction, batch, floored);
    const kernel = await luLinear(true, seed, direction, batch, floored);
    return { plain, kernel };
  },
  async actnorm(seed: number, direction: 1 | -1, batch: number, floored: boolean) {
    const plain = await actnorm(false, seed, direction, batch, floored);
    const kernel = await actnorm(true, seed, direction, batch, floored);
    return { plain, kernel };
  },
  /** The same small flow trained on cpu, then on webgpu (fused kernels on), from the same seeds. */
  async training(type: FlowType, steps: number, batch: number) {
    const cpu = await train('cpu', type, steps, batch);
    const webgpu = await train('webgpu', type, steps, batch);
    return { cpu, webgpu };
  },
  async start(): Promise<string> {
    installDispatchCounter();
    if (!(await tf.setBackend('webgpu'))) throw new Error('webgpu did not start');
    await tf.ready();
    // As the app's worker does (engine/backend-setup.ts): deep flows sum log-dets with addN.
    patchWebGpuAddN();
    return tf.getBackend();
  },
  async adam(seed: number, clip: boolean) {
    const plain = await adam(false, seed, clip);
    const kernel = await adam(true, seed, clip);
    return { plain, kernel };
  },
  async planar(seed: number, batch: number, scale: number) {
    const plain = await planar(false, seed, batch, scale);
    const kernel = await planar(true, seed, batch, scale);
    return { plain, kernel };
  },
  async coupling(c: CouplingCase) {
    // Once to warm up: the plain path's dense layer caches a ones row per batch size (fast-linear.ts), a tensor kept for good.
    await coupling(false, c);
    const plain = await coupling(false, c);
    const kernel = await coupling(true, c);
    return { plain, kernel };
  },
};

(globalThis as unknown as { kernelChecks: typeof kernelChecks }).kernelChecks = kernelChecks;
