/**
 * Training speed of the flow types at their registry sizes (the CLI's
 * defaults and the page's `live` preset), on one backend: steps/s as the
 * median of R timed runs of S seconds each, and the tfjs kernels one step
 * dispatches. Written for issue 11 (spline and MAF/IAF beside RealNVP).
 * Also steps per CPU-second of this process (process.cpuUsage): on a machine
 * shared with other jobs, wall-clock steps/s mostly measures the others.
 * Prints a table on stderr and one JSON object on stdout.
 * Usage: npx tsx tests/bench/flow-speed.ts [--types spline,realnvp] [--seconds S] [--runs R] [--backend wasm]
 */
import '../../src/core/node-gradients';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend, type BackendName } from '../../src/core/backend';
import { toySource } from '../../src/core/data/source';
import { buildFlow, recipeFor } from '../../src/core/flows/recipes';
import { flowTypeNamed, presetSize, type FlowType } from '../../src/core/flows/registry';
import { Trainer } from '../../src/core/train/trainer';

const { values: opts } = parseArgs({
  options: {
    types: { type: 'string', default: 'spline,realnvp,maf,iaf' },
    presets: { type: 'string', default: 'default,live' },
    seconds: { type: 'string', default: '4' },
    runs: { type: 'string', default: '3' },
    backend: { type: 'string', default: 'wasm' },
  },
});
const TYPES = opts.types.split(',').map(flowTypeNamed).filter((t): t is FlowType => t !== null);
const PRESETS = opts.presets.split(',');
const SECONDS = Number(opts.seconds);
const RUNS = Number(opts.runs);

interface Row {
  type: FlowType;
  preset: string;
  layers: number;
  hidden: number;
  batch: number;
  stepsPerSec: number[];
  medianStepsPerSec: number;
  stepsPerCpuSec: number[];
  medianStepsPerCpuSec: number;
  kernelsPerStep: number;
}

async function measure(type: FlowType, preset: string): Promise<Row> {
  const size = presetSize(type, preset === 'default' ? null : preset);
  const flow = buildFlow(recipeFor(type, { layers: size.layers, hidden: size.hidden, depth: size.depth }), 0);
  const trainer = new Trainer(flow, toySource('checkerboard', 0), { lr: 1e-3, batch: size.batch, seed: 0 });
  for (let i = 0; i < 5; i++) trainer.trainStep();
  await trainer.read();
  const profile = await tf.profile(() => trainer.trainStep());
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let steps = 0;
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    while (performance.now() - start < SECONDS * 1000) {
      for (let i = 0; i < 5; i++) trainer.trainStep();
      await trainer.read();
      steps += 5;
    }
    rates.push((steps / (performance.now() - start)) * 1000);
    const cpu = process.cpuUsage(cpuStart);
    cpuRates.push(steps / ((cpu.user + cpu.system) / 1e6));
  }
  trainer.dispose();
  flow.dispose();
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  return {
    type,
    preset,
    layers: size.layers,
    hidden: size.hidden,
    batch: size.batch,
    stepsPerSec: rates.map((v) => Number(v.toFixed(2))),
    medianStepsPerSec: Number(median(rates).toFixed(2)),
    stepsPerCpuSec: cpuRates.map((v) => Number(v.toFixed(2))),
    medianStepsPerCpuSec: Number(median(cpuRates).toFixed(2)),
    kernelsPerStep: profile.kernels.length,
  };
}

async function main() {
  const backend = (await chooseBackend([opts.backend as BackendName])).name;
  const rows: Row[] = [];
  for (const type of TYPES) {
    for (const preset of PRESETS) {
      const row = await measure(type, preset);
      rows.push(row);
      process.stderr.write(
        `${backend} ${type.padEnd(8)} ${preset.padEnd(8)} ${row.layers}×${row.hidden} batch ${row.batch}: ` +
          `${row.medianStepsPerSec.toFixed(1).padStart(6)} steps/s (median of ${RUNS}: ${row.stepsPerSec.join(', ')}), ` +
          `${row.medianStepsPerCpuSec.toFixed(1)} per CPU-second, ${row.kernelsPerStep} kernels/step\n`,
      );
    }
  }
  process.stdout.write(`${JSON.stringify({ backend, secondsPerRun: SECONDS, runs: RUNS, rows, tensorsAlive: tf.memory().numTensors }, null, 2)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
