import * as tf from '@tensorflow/tfjs-core';
import type { DensityModel } from '../core/models/density-model';
import type { Family } from './protocol';
import type { Session } from './session';

/** How often, while training on a GPU backend, the weights are copied out of it. */
const SNAPSHOT_MS = 3000;

/** Every model's weights as plain arrays, readable after the backend that held them is gone. */
export interface WeightSnapshot {
  gen: number;
  version: number;
  runs: Partial<Record<Family, { steps: number; values: Float32Array }>>;
  /** The flow's data-dependent layers (actnorm) had initialised: restoring must not redo it. */
  flowInitialized: boolean;
}

/**
 * Keeps the latest weight snapshot of a GPU run. A lost device cannot be read
 * back, so the only weights that survive a loss are the ones copied out
 * before it: a few seconds of training at most are lost, never the run.
 */
export class WeightKeeper {
  latest: WeightSnapshot | null = null;
  private lastAt = -Infinity;

  constructor(private readonly enabled: boolean) {}

  /** Training: every SNAPSHOT_MS. Paused: once per new step, so a Step is never lost. */
  due(session: Session, training: boolean, now: number): boolean {
    if (!this.enabled) return false;
    const latest = this.latest;
    if (latest && latest.gen === session.gen && latest.version === session.version) return false;
    return !training || now - this.lastAt >= SNAPSHOT_MS;
  }

  async take(session: Session): Promise<void> {
    this.lastAt = performance.now();
    const version = session.version;
    const runs: WeightSnapshot['runs'] = {};
    for (const run of session.runs) {
      const steps = run.steps;
      runs[run.family] = { steps, values: await readFlat(run.model) };
    }
    this.latest = { gen: session.gen, version, runs, flowInitialized: session.hasFlow && !session.flow.needsDataInit };
  }
}

/**
 * All of a model's variables, flattened in their stable order. One read per
 * variable rather than one of their concatenation: reading a variable is a
 * buffer copy, while a concat of a hundred shapes would compile a new shader,
 * which on a software WebGPU adapter takes many seconds.
 */
async function readFlat(model: DensityModel): Promise<Float32Array> {
  const parts = await Promise.all(model.variables.map((v) => v.data() as Promise<Float32Array>));
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Write a snapshot's values into a freshly built model of the same recipe.
 * Throws (and writes nothing) if the shapes do not match.
 */
export function restoreWeights(model: DensityModel, values: Float32Array): void {
  const total = model.variables.reduce((n, v) => n + v.size, 0);
  if (total !== values.length) throw new Error(`the saved weights (${values.length}) do not fit the rebuilt model (${total})`);
  tf.tidy(() => {
    let at = 0;
    for (const v of model.variables) {
      v.assign(tf.tensor(values.subarray(at, at + v.size), v.shape, v.dtype));
      at += v.size;
    }
  });
}
