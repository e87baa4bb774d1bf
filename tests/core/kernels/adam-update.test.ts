import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, type BackendName } from '../../../src/core/backend';
import { hostKernelsActive, setHostKernelsEnabled } from '../../../src/core/kernels/host-kernel';
import { FlatAdam } from '../../../src/core/train/flat-adam';
import { createRng } from '../../../src/core/util/rng';

/** Seeded normal draws (our own stream: the same numbers on every call). */
function normals(n: number, scale: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => scale * rng.normal());
}

const SHAPES: number[][] = [[3, 5], [5], [5, 2], [2], [1, 7]];
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const TOTAL = SHAPES.reduce((n, s) => n + size(s), 0);

/** Gradients for a few steps: random, one step with a NaN entry, one skipped, one 20× outlier (clipped). */
function gradients(): { grad: Float32Array; ok: boolean }[] {
  const steps: { grad: Float32Array; ok: boolean }[] = [];
  for (let s = 0; s < 7; s++) {
    const grad = normals(TOTAL, s === 4 ? 20 : 1, 100 + s);
    if (s === 2) grad[3] = Number.NaN;
    steps.push({ grad, ok: s !== 5 });
  }
  return steps;
}

/** Train copies of the same parameters with FlatAdam on the given path; return the final parameters and moments. */
async function train(host: boolean, clipFactor: number | undefined) {
  setHostKernelsEnabled(host);
  const vars = tf.tidy(() => SHAPES.map((shape, i) => tf.variable(tf.tensor(normals(size(shape), 1, i), shape), true)));
  const adam = new FlatAdam(vars, { lr: 0.05, clipFactor });
  const before = tf.memory().numTensors;
  for (const s of gradients()) tf.tidy(() => adam.apply(tf.tensor1d(s.grad), tf.scalar(s.ok, 'bool')));
  const leaked = tf.memory().numTensors - before;
  const params = await Promise.all(vars.map(async (v) => Array.from(await v.data())));
  const state = { applied: await adam.appliedSteps(), norm: clipFactor ? await adam.averageGradientNorm() : 0 };
  adam.dispose();
  tf.dispose(vars);
  return { params: params.flat(), shapes: vars.map((v) => v.shape), state, leaked };
}

function expectClose(got: number[], want: number[], rel: number) {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i])).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want[i]))));
}

describe.each(['wasm', 'cpu'] as BackendName[])('Adam update as one host kernel on %s', (backend) => {
  beforeAll(() => chooseBackend([backend]));
  afterAll(() => chooseBackend(['wasm']));
  afterEach(() => setHostKernelsEnabled(true));

  it('is the path taken', () => {
    expect(tf.getBackend()).toBe(backend);
    expect(hostKernelsActive()).toBe(true);
  });

  for (const clip of [undefined, 2]) {
    it(`matches the plain tfjs update over steps with NaN entries, a skip and an outlier (clip ${clip ?? 'off'})`, async () => {
      const host = await train(true, clip);
      const plain = await train(false, clip);
      expect(host.shapes).toEqual(SHAPES);
      expect(host.state.applied).toBe(6);
      expect(host.state.applied).toBe(plain.state.applied);
      expectClose([host.state.norm], [plain.state.norm], 1e-5);
      expectClose(host.params, plain.params, 1e-5);
      // And the update moved the parameters (not both paths doing nothing).
      const start = SHAPES.flatMap((shape, i) => Array.from(normals(size(shape), 1, i)));
      expect(Math.max(...host.params.map((p, i) => Math.abs(p - start[i])))).toBeGreaterThan(0.1);
      expect(host.leaked).toBe(0);
    });
  }
});
