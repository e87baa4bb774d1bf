import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createMlp } from '../../src/core/nn/mlp';
import { createRng } from '../../src/core/util/rng';

describe('mlp', () => {
  it('maps [batch, in] to [batch, out] and starts at zero output when zeroLast is set', () => {
    const mlp = createMlp({ inputs: 1, hidden: [8, 8], outputs: 2, zeroLast: true, rng: createRng(1) });
    const out = tf.tidy(() => mlp.apply(tf.randomNormal([5, 1], 0, 1, 'float32', 3)));
    expect(out.shape).toEqual([5, 2]);
    expect(Array.from(out.dataSync())).toEqual(new Array(10).fill(0));
    out.dispose();
    expect(mlp.variables).toHaveLength(6);
    mlp.dispose();
  });

  it('is reproducible from the seed and differs across seeds', () => {
    const weightsOf = (seed: number) => {
      const m = createMlp({ inputs: 2, hidden: [4], outputs: 2, rng: createRng(seed) });
      const w = Array.from(m.variables[0].dataSync());
      m.dispose();
      return w;
    };
    expect(weightsOf(7)).toEqual(weightsOf(7));
    expect(weightsOf(7)).not.toEqual(weightsOf(8));
  });

  it.each(['relu', 'tanh', 'elu', 'leakyrelu'] as const)('passes a gradient to every variable with %s', (activation) => {
    const mlp = createMlp({ inputs: 2, hidden: [8], outputs: 2, activation, rng: createRng(2) });
    const x = tf.randomNormal([16, 2], 0, 1, 'float32', 4) as tf.Tensor2D;
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(mlp.apply(x))) as tf.Scalar, mlp.variables as tf.Variable[]);
    for (const v of mlp.variables) expect(tf.sum(tf.abs(grads[v.name])).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose(grads);
    x.dispose();
    mlp.dispose();
  });
});
