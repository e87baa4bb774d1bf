import * as tf from '@tensorflow/tfjs-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, type BackendName } from '../../../src/core/backend';
import { Planar } from '../../../src/core/bijectors/planar';
import { setHostKernelsEnabled } from '../../../src/core/kernels/host-kernel';
import { createRng } from '../../../src/core/util/rng';
import { randomPoints, randomizeVariables } from '../helpers/randomize';
import { expectSameAsPlain } from './helpers/same-as-plain';

/** A planar layer's closed form on one path: y, log|det| and the gradients of Σ y⊙r + Σ logDet⊙q for the input, w, u and b. */
function run(host: boolean, analytic: 'inverse' | 'forward', seed: number) {
  setHostKernelsEnabled(host);
  const planar = new Planar({ rng: createRng(seed), analytic });
  randomizeVariables(planar.variables, createRng(seed + 1), 0.8);
  const before = tf.memory().numTensors;
  const out = tf.tidy(() => {
    const v = randomPoints(50, createRng(seed + 2), [2, 1]);
    const r = randomPoints(50, createRng(seed + 3));
    const q = tf.tensor1d(Float32Array.from({ length: 50 }, (_, i) => Math.cos(i)));
    const map = (input: tf.Tensor2D) => (analytic === 'forward' ? planar.forward(input) : planar.inverse(input));
    const objective = (input: tf.Tensor2D) => {
      const { y, logDet } = map(input);
      return tf.add(tf.sum(tf.mul(y, r)), tf.sum(tf.mul(logDet, q))) as tf.Scalar;
    };
    const { y, logDet } = map(v);
    const dv = tf.grad((input: tf.Tensor) => objective(input as tf.Tensor2D))(v);
    const { grads } = tf.variableGrads(() => objective(v), planar.variables as tf.Variable[]);
    return [y, logDet, dv, ...planar.variables.map((x) => grads[x.name])].map((t) => Array.from(t.dataSync()));
  });
  const leaked = tf.memory().numTensors - before;
  planar.dispose();
  return { out, leaked };
}

describe.each(['wasm', 'cpu'] as BackendName[])("a planar layer's closed form as one kernel each way on %s", (backend) => {
  beforeAll(() => chooseBackend([backend]));
  afterAll(() => chooseBackend(['wasm']));
  afterEach(() => setHostKernelsEnabled(true));

  for (const [analytic, seed] of [['inverse', 1], ['forward', 2], ['inverse', 3]] as ['inverse' | 'forward', number][]) {
    it(`${analytic} closed form (seed ${seed}): same values and gradients as the plain path`, () => {
      const host = run(true, analytic, seed);
      const plain = run(false, analytic, seed);
      for (const scale of expectSameAsPlain(host.out, plain.out)) expect(scale).toBeGreaterThan(1e-3);
      expect(host.leaked).toBe(0);
    });
  }
});
