/**
 * The page behind `npm run bench:webgpu`: tfjs on the main thread of a bare
 * page (no app, no worker), built by the bench from its own entry, so
 * nothing of it reaches the production bundle. tests/bench/webgpu.ts drives
 * it through `window.flowBench`.
 */
import * as tf from '@tensorflow/tfjs-core';
// After tfjs-core itself, as in engine/backend-setup.ts: imported first, the gradients evaluate before tfjs-core registers its flags.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgpu';
import { toySource } from '../../../src/core/data/source';
import { buildFlow, recipeFor } from '../../../src/core/flows/recipes';
import type { FlowType } from '../../../src/core/flows/registry';
import { snapshotFlat } from '../../../src/core/train/flat-adam';
import { Trainer } from '../../../src/core/train/trainer';
import { observeRawDispatches } from '../../../src/core/kernels/webgpu-dispatch';
import { patchWebGpuAddN } from '../../../src/engine/webgpu-addn';
import { countDispatches, installDispatchCounter } from '../../e2e/support/dispatch-counter';

export interface FlowCase {
  type: FlowType;
  layers: number;
  hidden: number;
  depth: number;
  batch: number;
  /** Steps compared with cpu (the first includes actnorm's data-dependent initialisation). */
  steps: number;
  /** Further steps timed on webgpu for steps/s (0 for none). */
  timedSteps: number;
}

export interface BackendRun {
  /** Loss of each step (read back after each). */
  losses: number[];
  params: number[];
  /** Dispatches of each step (webgpu only; empty on cpu). */
  stepDispatches: number[];
  gridDispatches: number | null;
  chunkDispatches: number | null;
  /** Dispatches of the morph's frames: MORPH base points through the layers one by one, as engine/read-trace.ts does. */
  morphDispatches: number | null;
  stepsPerSecond: number | null;
}

const GRID = 128;
/** The app scores the density map in chunks of this many rows (Flow.scorer). */
const CHUNK = 1024;
/** Base points of the morph's frames (the registry's morphPoints are 800–1500). */
const MORPH = 1024;

/** The morph's frames: base points pushed through each layer in turn (latent → data), every frame freed. */
function morphFrames(flow: ReturnType<typeof buildFlow>, base: tf.Tensor2D): void {
  let y = base;
  for (const layer of flow.layers) {
    const next = tf.tidy(() => layer.forward(y).y);
    if (y !== base) y.dispose();
    y = next;
  }
  if (y !== base) y.dispose();
}

function gridPoints(n: number): Float32Array {
  const out = new Float32Array(n * n * 2);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      out[2 * (i * n + j)] = -4 + (8 * (j + 0.5)) / n;
      out[2 * (i * n + j) + 1] = -4 + (8 * (i + 0.5)) / n;
    }
  return out;
}

async function run(backend: 'cpu' | 'webgpu', c: FlowCase): Promise<BackendRun> {
  if (!(await tf.setBackend(backend))) throw new Error(`${backend} did not start`);
  await tf.ready();
  const gpu = backend === 'webgpu';
  const flow = buildFlow(recipeFor(c.type, { layers: c.layers, hidden: c.hidden, depth: c.depth }), 0);
  const trainer = new Trainer(flow, toySource('checkerboard', 0), { lr: 1e-3, batch: c.batch, seed: 0 });
  const losses: number[] = [];
  const stepDispatches: number[] = [];
  for (let i = 0; i < c.steps; i++) {
    const { dispatches } = countDispatches(() => trainer.trainStep());
    if (gpu) stepDispatches.push(dispatches);
    const status = await trainer.read();
    losses.push(Object.values(status.losses)[0]);
  }
  const params = Array.from(await snapshotFlat(flow.variables).data());
  let gridDispatches: number | null = null;
  let chunkDispatches: number | null = null;
  let morphDispatches: number | null = null;
  let stepsPerSecond: number | null = null;
  if (gpu) {
    const grid = tf.tensor2d(gridPoints(GRID), [GRID * GRID, 2]);
    const chunk = tf.slice(grid, [0, 0], [CHUNK, 2]) as tf.Tensor2D;
    await Promise.all([grid.data(), chunk.data()]);
    // Once to compile the shaders of this shape, then counted.
    const warm = flow.logProb(grid);
    await warm.data();
    warm.dispose();
    const g = countDispatches(() => flow.logProb(grid));
    await g.value.data();
    gridDispatches = g.dispatches;
    const k = countDispatches(() => flow.logProb(chunk));
    await k.value.data();
    chunkDispatches = k.dispatches;
    tf.dispose([grid, chunk, g.value, k.value]);
    const base = tf.randomNormal([MORPH, 2], 0, 1, 'float32', 1) as tf.Tensor2D;
    morphFrames(flow, base);
    morphDispatches = countDispatches(() => morphFrames(flow, base)).dispatches;
    base.dispose();
    if (c.timedSteps > 0) {
      const start = performance.now();
      for (let i = 0; i < c.timedSteps; i++) trainer.trainStep();
      await trainer.read();
      stepsPerSecond = (c.timedSteps / (performance.now() - start)) * 1000;
    }
  }
  trainer.dispose();
  flow.dispose();
  return { losses, params, stepDispatches, gridDispatches, chunkDispatches, morphDispatches, stepsPerSecond };
}

async function adapterInfo(): Promise<string> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
  const adapter = await gpu?.requestAdapter();
  if (!adapter) return 'none';
  const info = adapter.info ?? {};
  return [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' / ') || 'unknown';
}

let started = false;
async function start(): Promise<{ adapter: string }> {
  if (!started) {
    installDispatchCounter();
    if (!(await tf.setBackend('webgpu'))) throw new Error('webgpu did not start');
    await tf.ready();
    // As the app's worker does (engine/backend-setup.ts).
    patchWebGpuAddN();
    started = true;
  }
  return { adapter: await adapterInfo() };
}

/**
 * Which tfjs programs one training step (and one 128² log-density grid) dispatches, by the program's own
 * shader key (binary and unary ops with their op number), and how many dispatches went around
 * runWebGPUProgram (our raw multi-output kernels, webgpu-dispatch.ts): where
 * the remaining dispatches come from.
 */
async function census(c: FlowCase): Promise<{ step: Record<string, number>; grid: Record<string, number> }> {
  if (!(await tf.setBackend('webgpu'))) throw new Error('webgpu did not start');
  const backend = tf.backend() as unknown as { runWebGPUProgram: (program: { shaderKey: string }, ...rest: unknown[]) => unknown };
  const flow = buildFlow(recipeFor(c.type, { layers: c.layers, hidden: c.hidden, depth: c.depth }), 0);
  const trainer = new Trainer(flow, toySource('checkerboard', 0), { lr: 1e-3, batch: c.batch, seed: 0 });
  trainer.trainStep();
  await trainer.read();
  const counts = byProgram(backend, () => trainer.trainStep());
  await trainer.read();
  // The 128² log-density grid (no tape), once to compile its shaders, then counted.
  const grid = tf.tensor2d(gridPoints(GRID), [GRID * GRID, 2]);
  tf.dispose(flow.logProb(grid));
  const gridCounts = byProgram(backend, () => tf.dispose(flow.logProb(grid)));
  grid.dispose();
  trainer.dispose();
  flow.dispose();
  return { step: counts, grid: gridCounts };
}

/** Dispatches while `body` runs, by tfjs program (shader key) and those of our raw programs, with the total. */
function byProgram(backend: { runWebGPUProgram: (program: { shaderKey: string }, ...rest: unknown[]) => unknown }, body: () => void): Record<string, number> {
  const counts: Record<string, number> = {};
  const original = backend.runWebGPUProgram;
  let programs = 0;
  backend.runWebGPUProgram = function (program, ...rest) {
    // The key the program's constructor sets (class names are minified in the bundle), e.g. binary_17.
    const name = program.shaderKey.split('_').slice(0, 2).join('_').slice(0, 40);
    counts[name] = (counts[name] ?? 0) + 1;
    programs += 1;
    return original.call(this, program, ...rest);
  };
  // Our raw dispatches by their key's first part (flowPlaygroundCouplingForward, …).
  observeRawDispatches((key) => {
    const name = `raw ${key.split('/')[0]}`;
    counts[name] = (counts[name] ?? 0) + 1;
  });
  try {
    const { dispatches } = countDispatches(body);
    counts['(raw multi-output dispatches)'] = dispatches - programs;
    counts['(total)'] = dispatches;
  } finally {
    backend.runWebGPUProgram = original;
    observeRawDispatches(null);
  }
  return counts;
}

const flowBench = {
  census,
  start,
  /** The same case on cpu, then on webgpu, from the same seeds. */
  async compare(c: FlowCase) {
    const cpu = await run('cpu', c);
    const webgpu = await run('webgpu', c);
    return { cpu, webgpu, tensorsAlive: tf.memory().numTensors };
  },
};

(globalThis as unknown as { flowBench: typeof flowBench }).flowBench = flowBench;
