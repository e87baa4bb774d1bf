import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, type BackendName } from '../../../src/core/backend';
import { setHostKernelsEnabled } from '../../../src/core/kernels/host-kernel';
import { ACTIVATIONS, type Activation } from '../../../src/core/nn/activations';
import { createMlp } from '../../../src/core/nn/mlp';
import { createRng } from '../../../src/core/util/rng';
import { expectSameAsPlain } from './helpers/same-as-plain';

function normals(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

/**
 * y = mlp(x) and the gradients of Σ y ⊙ r (r random, so every output matters
 * with its own weight) for x and every weight and bias, on the chosen path.
 */
async function evaluate(host: boolean, inputs: number, hidden: number[], outputs: number, batch: number, activation: Activation) {
  setHostKernelsEnabled(host);
  const mlp = createMlp({ inputs, hidden, outputs, activation, rng: createRng(7) });
  // Non-zero biases, so their path is checked too (createMlp starts them at zero).
  tf.tidy(() => mlp.variables.forEach((v, i) => v.rank === 1 && v.assign(tf.tensor1d(normals(v.size, 50 + i)))));
  const before = tf.memory().numTensors;
  const result = tf.tidy(() => {
    const x = tf.tensor2d(normals(batch * inputs, 1), [batch, inputs]);
    const r = tf.tensor2d(normals(batch * outputs, 2), [batch, outputs]);
    // y is read under the gradient tape: only there does the network take the fused kernel.
    let y: number[] = [];
    const loss = () => {
      const out = mlp.apply(x);
      y = Array.from(out.dataSync());
      return tf.sum(tf.mul(out, r)) as tf.Scalar;
    };
    const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(mlp.apply(input as tf.Tensor2D), r)))(x);
    const { grads } = tf.variableGrads(loss, mlp.variables as tf.Variable[]);
    return [y, ...[dx, ...mlp.variables.map((v) => grads[v.name])].map((t) => Array.from(t.dataSync()))];
  });
  const leaked = tf.memory().numTensors - before;
  mlp.dispose();
  return { result, leaked };
}

describe.each(['wasm', 'cpu'] as BackendName[])('the MLP as one SIMD kernel each way on %s', (backend) => {
  beforeAll(() => chooseBackend([backend]));
  afterAll(() => chooseBackend(['wasm']));
  afterEach(() => setHostKernelsEnabled(true));

  it('a coupling network (1-64-64-2, batch 512, relu): same values and gradients as the plain path', async () => {
    const host = await evaluate(true, 1, [64, 64], 2, 512, 'relu');
    const plain = await evaluate(false, 1, [64, 64], 2, 512, 'relu');
    expectSameAsPlain(host.result, plain.result);
    // Not trivially equal: outputs and every gradient carry signal.
    for (const values of host.result) expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(1e-3);
    expect(host.leaked).toBe(0);
  });

  for (const activation of ACTIVATIONS) {
    it(`ragged shapes (3-5-13-6, batch 37, ${activation}): same values and gradients`, async () => {
      const host = await evaluate(true, 3, [5, 13], 6, 37, activation);
      const plain = await evaluate(false, 3, [5, 13], 6, 37, activation);
      expectSameAsPlain(host.result, plain.result);
      expect(host.leaked).toBe(0);
    });
  }

  it('one hidden layer and a wide output (2-16-9, batch 8): same values and gradients', async () => {
    const host = await evaluate(true, 2, [16], 9, 8, 'tanh');
    const plain = await evaluate(false, 2, [16], 9, 8, 'tanh');
    expectSameAsPlain(host.result, plain.result);
  });
});
