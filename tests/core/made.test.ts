import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createMade, madeDegrees, madeMasks } from '../../src/core/nn/made';
import { createRng } from '../../src/core/util/rng';
import { randomizeVariables } from './helpers/randomize';

/**
 * MADE's one promise: the outputs for a coordinate depend on exactly the
 * coordinates before it in the order, never on itself or later ones. Checked
 * on the autodiff Jacobian of the network, for D = 2 and 3 and both orders.
 */

/** |∂ output column j / ∂ input i| summed over a batch: [D, outputs]. */
function dependence(made: ReturnType<typeof createMade>, x: tf.Tensor2D, outputs: number): number[][] {
  return Array.from({ length: outputs }, (_, j) =>
    tf.tidy(() => {
      const column = (t: tf.Tensor) => tf.sum(tf.slice(made.apply(t as tf.Tensor2D), [0, j], [-1, 1]));
      return Array.from(tf.sum(tf.abs(tf.grad(column)(x)), 0).dataSync());
    }),
  );
}

describe('MADE', () => {
  it.each([
    { order: [0, 1], hidden: [8, 8] },
    { order: [1, 0], hidden: [8] },
    { order: [2, 0, 1], hidden: [12, 12] },
    { order: [0, 1, 2], hidden: [5] },
  ])('outputs for each coordinate depend on exactly the earlier ones (order $order)', ({ order, hidden }) => {
    const D = order.length;
    const P = 3;
    const rng = createRng(9);
    const made = createMade({ order, hidden, paramsPerDim: P, activation: 'tanh', rng });
    randomizeVariables(made.variables, rng, 1);
    const x = tf.randomNormal([16, D], 0, 1, 'float32', 4) as tf.Tensor2D;
    const grads = dependence(made, x, P * D);
    const position = (c: number) => order.indexOf(c);
    for (let j = 0; j < P * D; j++) {
      const coordinate = Math.floor(j / P); // coordinate-major layout: column d·P + p
      for (let i = 0; i < D; i++) {
        const earlier = position(i) < position(coordinate);
        if (earlier) expect(grads[j][i], `output ${j} on input ${i}`).toBeGreaterThan(0);
        else expect(grads[j][i], `output ${j} on input ${i}`).toBe(0);
      }
    }
    x.dispose();
    made.dispose();
  });

  it('assigns hidden degrees 1…D−1 in turn and builds masks from them', () => {
    expect(madeDegrees([2, 0, 1], [4], 1)).toEqual([[2, 3, 1], [1, 2, 1, 2], [2, 3, 1]]);
    const [inputMask, outputMask] = madeMasks([0, 1], [3], 2);
    // D = 2: every hidden unit has degree 1, so only the first coordinate feeds them,
    // and only the second coordinate's outputs (columns 2 and 3) read them.
    expect(inputMask).toEqual([[1, 1, 1], [0, 0, 0]]);
    expect(outputMask).toEqual([[0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 1, 1]]);
  });

  it('starts at zero output with zeroLast, passes a gradient to every variable, and leaks nothing', () => {
    const made = createMade({ order: [1, 0], hidden: [8, 8], paramsPerDim: 2, zeroLast: true, rng: createRng(2) });
    const x = tf.randomNormal([10, 2], 0, 1, 'float32', 5) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      expect(Array.from(made.apply(x).dataSync()).every((v) => v === 0)).toBe(true);
    });
    expect(tf.memory().numTensors).toBe(before);
    randomizeVariables(made.variables, createRng(3), 0.5);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(made.apply(x))) as tf.Scalar, made.variables as tf.Variable[]);
    expect(Object.keys(grads)).toHaveLength(made.variables.length);
    for (const g of Object.values(grads)) expect(Math.max(...Array.from(g.dataSync()).map(Math.abs))).toBeGreaterThan(0);
    tf.dispose([value, grads, x]);
    expect(() => createMade({ order: [0, 0], hidden: [4], paramsPerDim: 1, rng: createRng(1) })).toThrow(/permutation/);
    made.dispose();
  });
});
