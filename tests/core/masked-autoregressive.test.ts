import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { MaskedAutoregressive, type AutoregressiveSide } from '../../src/core/bijectors/masked-autoregressive';
import { affineTransform } from '../../src/core/bijectors/transforms/affine';
import { RationalQuadraticSpline } from '../../src/core/bijectors/transforms/rational-quadratic';
import { createMade } from '../../src/core/nn/made';
import { createRng } from '../../src/core/util/rng';
import { randomizeVariables, randomPoints } from './helpers/randomize';

/**
 * What distinguishes MAF from IAF beyond the shared contract (bijectors.contract.test.ts):
 * which direction runs the conditioner once and which D times, and that the
 * first coordinate in the order never depends on the second.
 */

function layer(side: AutoregressiveSide, order: [number, number], spline = false) {
  const rng = createRng(side === 'maf' ? 1 : 2);
  const transform = spline ? new RationalQuadraticSpline() : affineTransform();
  const made = createMade({ order, hidden: [16], paramsPerDim: transform.paramsPerCoordinate, activation: 'tanh', zeroLast: true, rng });
  let calls = 0;
  const apply = made.apply.bind(made);
  made.apply = (x) => {
    calls++;
    return apply(x);
  };
  const bijector = new MaskedAutoregressive({ side, made, transform });
  return { bijector, rng, calls: () => calls, reset: () => (calls = 0) };
}

describe('masked autoregressive layers', () => {
  it.each([
    { side: 'maf' as const, forward: 2, inverse: 1 },
    { side: 'iaf' as const, forward: 1, inverse: 2 },
  ])('$side runs the conditioner $forward× to sample and $inverse× for the density (D = 2)', ({ side, forward, inverse }) => {
    const { bijector, rng, calls, reset } = layer(side, [0, 1]);
    randomizeVariables(bijector.variables, rng, 0.5);
    const z = randomPoints(8, rng);
    expect(bijector.passes).toEqual({ forward, inverse });
    tf.tidy(() => {
      reset();
      bijector.forward(z);
      expect(calls()).toBe(forward);
      reset();
      bijector.inverse(z);
      expect(calls()).toBe(inverse);
    });
    z.dispose();
    bijector.dispose();
  });

  it.each(['maf', 'iaf'] as const)('%s: the first coordinate in the order moves independently of the second', (side) => {
    for (const order of [[0, 1], [1, 0]] as [number, number][]) {
      const { bijector, rng } = layer(side, order, true);
      randomizeVariables(bijector.variables, rng, 0.5);
      const z = randomPoints(16, rng);
      const [first, second] = order;
      for (const direction of ['forward', 'inverse'] as const) {
        const grad = tf.tidy(() => {
          const output = (t: tf.Tensor) => tf.sum(tf.slice(bijector[direction](t as tf.Tensor2D).y, [0, first], [-1, 1]));
          return tf.grad(output)(z).arraySync() as number[][];
        });
        expect(grad.every((row) => row[second] === 0), `${direction}: ∂out_${first}/∂in_${second} = 0`).toBe(true);
        expect(grad.some((row) => row[first] !== 0)).toBe(true);
      }
      z.dispose();
      bijector.dispose();
    }
  });

  it.each(['maf', 'iaf'] as const)('a fresh %s layer (zero last layer) is the identity', (side) => {
    for (const spline of [false, true]) {
      const { bijector, rng } = layer(side, [1, 0], spline);
      const z = randomPoints(32, rng, [2, 2]);
      tf.tidy(() => {
        for (const direction of ['forward', 'inverse'] as const) {
          const { y, logDet } = bijector[direction](z);
          // Affine: exactly; spline: to float rounding (equal bins sum to 2B only approximately).
          const tol = spline ? 1e-5 : 0;
          expect(tf.max(tf.abs(tf.sub(y, z))).dataSync()[0]).toBeLessThanOrEqual(tol);
          expect(tf.max(tf.abs(logDet)).dataSync()[0]).toBeLessThanOrEqual(tol);
        }
      });
      z.dispose();
      bijector.dispose();
    }
  });
});
