import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, type BackendName } from '../../../src/core/backend';
import { Coupling } from '../../../src/core/bijectors/coupling';
import { affineTransform, type LogScaleBounds } from '../../../src/core/bijectors/transforms/affine';
import { setHostKernelsEnabled } from '../../../src/core/kernels/host-kernel';
import { createMlp, type Activation } from '../../../src/core/nn/mlp';
import { createRng } from '../../../src/core/util/rng';
import { randomPoints, randomizeVariables } from '../helpers/randomize';
import { expectSameAsPlain } from './helpers/same-as-plain';

/**
 * One affine coupling, forward and inverse, on the fused kernels and on the
 * plain path: y, log|det| and the gradients of Σ y⊙r + Σ logDet⊙q (r, q random)
 * for the input and every weight and bias.
 */
function run(host: boolean, transformDim: 0 | 1, direction: 1 | -1, activation: Activation, batch: number, bounds?: LogScaleBounds) {
  setHostKernelsEnabled(host);
  const rng = createRng(21);
  const coupling = new Coupling({
    transformDim,
    transform: affineTransform(bounds),
    makeNet: (inputs, outputs) => createMlp({ inputs, outputs, hidden: [24, 12], activation, zeroLast: true, rng }),
  });
  randomizeVariables(coupling.variables, createRng(4), 0.5);
  const before = tf.memory().numTensors;
  const out = tf.tidy(() => {
    const z = randomPoints(batch, createRng(8), [2, 1.5]);
    const r = randomPoints(batch, createRng(9));
    const q = tf.tensor1d(Float32Array.from({ length: batch }, (_, i) => Math.sin(i)));
    const map = (input: tf.Tensor2D) => (direction === 1 ? coupling.forward(input) : coupling.inverse(input));
    // y and log|det| are read under the gradient tape: only there does the coupling take the fused kernel.
    let forward: number[][] = [];
    const objective = (input: tf.Tensor2D) => {
      const { y, logDet } = map(input);
      forward = [Array.from(y.dataSync()), Array.from(logDet.dataSync())];
      return tf.add(tf.sum(tf.mul(y, r)), tf.sum(tf.mul(logDet, q))) as tf.Scalar;
    };
    const dz = tf.grad((input: tf.Tensor) => objective(input as tf.Tensor2D))(z);
    const { grads } = tf.variableGrads(() => objective(z), coupling.variables as tf.Variable[]);
    return [...forward, ...[dz, ...coupling.variables.map((v) => grads[v.name])].map((t) => Array.from(t.dataSync()))];
  });
  const leaked = tf.memory().numTensors - before;
  coupling.dispose();
  return { out, leaked };
}

describe.each(['wasm', 'cpu'] as BackendName[])('an affine coupling as one kernel each way on %s', (backend) => {
  beforeAll(() => chooseBackend([backend]));
  afterAll(() => chooseBackend(['wasm']));
  afterEach(() => setHostKernelsEnabled(true));

  for (const [transformDim, direction, activation] of [
    [0, 1, 'relu'],
    [1, 1, 'tanh'],
    [0, -1, 'elu'],
    [1, -1, 'leakyrelu'],
  ] as [0 | 1, 1 | -1, Activation][]) {
    it(`${direction === 1 ? 'forward' : 'inverse'}, transforming x${transformDim + 1}, ${activation}: same values and gradients as the plain path`, () => {
      const host = run(true, transformDim, direction, activation, 45);
      const plain = run(false, transformDim, direction, activation, 45);
      expectSameAsPlain(host.out, plain.out);
      for (const values of host.out) expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(1e-3);
      expect(host.leaked).toBe(0);
    });
  }

  // Glow's bounds (recipes.ts): the raw log-scales here fall on both sides of 0, so both bounds are met.
  for (const direction of [1, -1] as const) {
    it(`${direction === 1 ? 'forward' : 'inverse'} with unequal log-scale bounds (below 0.5, above 3): same values and gradients as the plain path`, () => {
      const bounds = { below: 0.5, above: 3 };
      const host = run(true, 1, direction, 'relu', 45, bounds);
      const plain = run(false, 1, direction, 'relu', 45, bounds);
      expectSameAsPlain(host.out, plain.out);
      const logDets = host.out[1];
      expect(Math.min(...logDets.map((v) => v * direction))).toBeLessThan(-0.1);
      expect(Math.max(...logDets.map((v) => v * direction))).toBeGreaterThan(0.6);
      expect(host.leaked).toBe(0);
    });
  }

  it('takes the fused kernel only while a gradient tape records (a forward-only grid runs on tfjs matMul)', async () => {
    const coupling = new Coupling({
      transformDim: 0,
      transform: affineTransform(),
      makeNet: (inputs, outputs) => createMlp({ inputs, outputs, hidden: [16, 16], activation: 'relu', zeroLast: true, rng: createRng(3) }),
    });
    const z = randomPoints(64, createRng(5), [1, 1]);
    const kernelsOf = async (f: () => tf.TensorContainer) => (await tf.profile(() => tf.tidy(f))).kernelNames;
    const forwardOnly = await kernelsOf(() => coupling.forward(z).y);
    const taped = await kernelsOf(() => tf.grad((x: tf.Tensor) => tf.sum(coupling.forward(x as tf.Tensor2D).y))(z));
    const fused = (names: string[]) => names.filter((n) => n.startsWith('FlowPlaygroundAffineCoupling'));
    expect(fused(forwardOnly)).toEqual([]);
    expect(forwardOnly.some((n) => n.includes('MatMul')), forwardOnly.join(', ')).toBe(true);
    expect(fused(taped).length).toBeGreaterThanOrEqual(2);
    z.dispose();
    coupling.dispose();
  });
});
