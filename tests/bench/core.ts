/**
 * Core speed figures: training steps/s for planar-32, realnvp-8 and glow-8
 * (coupling MLPs 64×2, batch 512) on wasm and cpu, the number of tfjs kernels one
 * step dispatches (on CPU backends time goes to per-op overhead, so this is the
 * figure to push down), and the time to evaluate log p on a 128×128 grid.
 * Prints a readable table on stderr and one JSON object on stdout.
 * Usage: npm run --silent bench:core [-- --seconds S --backends wasm,cpu]
 */
import '../../src/core/node-gradients';
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend, type BackendName } from '../../src/core/backend';
import { toySource } from '../../src/core/data/source';
import { buildFlow, recipeFor, type FlowType } from '../../src/core/flows/recipes';
import { Trainer } from '../../src/core/train/trainer';
import { benchOptions, list, positive } from './bench-options';

const options = benchOptions({ seconds: '4', backends: 'wasm,cpu' });
const SECONDS = positive('seconds', options.seconds);
const BACKEND_LIST = list(options.backends) as BackendName[];
const MODELS: { name: string; type: FlowType; layers: number }[] = [
  { name: 'planar-32', type: 'planar', layers: 32 },
  { name: 'realnvp-8', type: 'realnvp', layers: 8 },
  { name: 'glow-8', type: 'glow', layers: 8 },
];
const GRID = 128;

interface Row {
  backend: string;
  model: string;
  stepsPerSec: number;
  msPerStep: number;
  /** Process CPU time (user + system) per step: steadier than wall time when other work shares the cores. */
  cpuMsPerStep: number;
  kernelsPerStep: number;
  gridLogProbMs: number;
}

async function measure(backend: BackendName, m: (typeof MODELS)[number]): Promise<Row> {
  const flow = buildFlow(recipeFor(m.type, { layers: m.layers, hidden: 64, depth: 2 }), 0);
  const trainer = new Trainer(flow, toySource('moons', 0), { lr: 1e-3, batch: 512, seed: 0 });
  for (let i = 0; i < 5; i++) trainer.trainStep();
  await trainer.read();
  const profile = await tf.profile(() => trainer.trainStep());
  let steps = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < SECONDS * 1000) {
    for (let i = 0; i < 5; i++) trainer.trainStep();
    await trainer.read();
    steps += 5;
  }
  const elapsed = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const grid = gridPoints(GRID, 4);
  const gridMs = await timeGrid(() => flow.logProb(grid));
  grid.dispose();
  trainer.dispose();
  flow.dispose();
  return {
    backend,
    model: m.name,
    stepsPerSec: (steps / elapsed) * 1000,
    msPerStep: elapsed / steps,
    cpuMsPerStep: (cpu.user + cpu.system) / 1000 / steps,
    kernelsPerStep: profile.kernels.length,
    gridLogProbMs: gridMs,
  };
}

function gridPoints(n: number, half: number): tf.Tensor2D {
  const values = new Float32Array(n * n * 2);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      values[2 * (i * n + j)] = -half + (2 * half * (j + 0.5)) / n;
      values[2 * (i * n + j) + 1] = -half + (2 * half * (i + 0.5)) / n;
    }
  return tf.tensor2d(values, [n * n, 2]);
}

/** Median of a few runs after a warm-up, including the read-back a panel would need. */
async function timeGrid(f: () => tf.Tensor): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < 4; r++) {
    const start = performance.now();
    const t = f();
    await t.data();
    t.dispose();
    if (r > 0) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function main() {
  const rows: Row[] = [];
  for (const backend of BACKEND_LIST) {
    await chooseBackend([backend]);
    for (const m of MODELS) {
      const row = await measure(backend, m);
      rows.push(row);
      process.stderr.write(
        `${row.backend.padEnd(5)} ${row.model.padEnd(10)} ${row.stepsPerSec.toFixed(1).padStart(7)} steps/s  ` +
          `(${row.cpuMsPerStep.toFixed(1)} CPU ms/step)  ${row.kernelsPerStep} kernels/step  grid ${GRID}² log p ${row.gridLogProbMs.toFixed(1)} ms\n`,
      );
    }
  }
  const leaked = tf.memory().numTensors;
  process.stdout.write(
    `${JSON.stringify({ batch: 512, hidden: [64, 64], secondsPerMeasure: SECONDS, grid: GRID, rows, tensorsAlive: leaked }, null, 2)}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
