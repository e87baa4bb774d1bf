import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { RationalQuadraticSpline } from '../../src/core/bijectors/transforms/rational-quadratic';
import { createRng } from '../../src/core/util/rng';
import { referenceForward, referenceInverse, referenceKnots } from './helpers/spline-reference';

/**
 * The rational-quadratic spline on its own: θ = 0 is the identity, the inverse
 * undoes the forward map, the log-derivative matches autodiff and finite
 * differences, the tails are the identity and join with slope 1, knots land
 * where knots() says, and gradients stay finite everywhere, even at the edges.
 */

const K = 8;
const B = 5;
const spline = new RationalQuadraticSpline({ bins: K, bound: B });
const P = spline.paramsPerCoordinate;
const SETTINGS = { bins: K, bound: B, minBin: 1e-3, minDerivative: 1e-3 };
afterAll(() => spline.dispose());

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const maxAbs = (xs: number[]): number => Math.max(...xs.map(Math.abs));

/** θ for n coordinates drawn N(0, scale²): [n, P]. */
function randomTheta(n: number, scale: number, seed: number): tf.Tensor2D {
  const rng = createRng(seed);
  return tf.tensor2d(Float32Array.from({ length: n * P }, () => scale * rng.normal()), [n, P]);
}

/** One θ row repeated for every input, so a sweep of x walks one spline. */
function sameSpline(n: number, scale: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => tf.tile(randomTheta(1, scale, seed), [n, 1]) as tf.Tensor2D);
}

const linspace = (from: number, to: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + ((to - from) * i) / (n - 1));

describe('rational-quadratic spline', () => {
  it('declares 3K − 1 parameters per coordinate and refuses θ of the wrong shape', () => {
    expect(P).toBe(3 * K - 1);
    tf.tidy(() => {
      expect(() => spline.forwardPacked(tf.zeros([4, 1]), tf.zeros([4, P - 1]))).toThrow(/θ of shape/);
    });
  });

  it('is the identity at θ = 0, inside and outside [−B, B]', () => {
    tf.tidy(() => {
      const x = tf.tensor2d(linspace(-7, 7, 141), [141, 1]);
      const { y, logAbsDet } = spline.forwardPacked(x, tf.zeros([141, 1, P]));
      expect(maxAbs(values(tf.sub(y, x)))).toBeLessThan(1e-5);
      expect(maxAbs(values(logAbsDet))).toBeLessThan(1e-5);
    });
  });

  it('matches a float64 reference of the paper\'s equations, forward and (by bisection) inverse', () => {
    // float32 limits: an input rounding of ~5e-7 at |x| ≈ 5 moves y by slope × that, so
    // the forward error is judged relative to 1 + slope and the inverse's to 1 + 1/slope.
    for (const { scale, logTol } of [
      { scale: 1, logTol: 5e-4 },
      { scale: 3, logTol: 2e-2 },
    ]) {
      const n = 1000;
      const grid = linspace(-5.5, 5.5, n);
      const theta = randomTheta(n, scale, 30 + scale);
      const rows = theta.arraySync() as number[][];
      const [fwd, inv] = [spline.forwardPacked(tf.tensor1d(grid), theta), spline.inversePacked(tf.tensor1d(grid), theta)];
      const [y, ld, x, ild] = [fwd.y, fwd.logAbsDet, inv.y, inv.logAbsDet].map(values);
      for (let i = 0; i < n; i++) {
        const knots = referenceKnots(rows[i], SETTINGS);
        const ref = referenceForward(grid[i], knots);
        expect(Math.abs(y[i] - ref.y) / (1 + Math.exp(ref.logDerivative)), `forward at ${grid[i]}`).toBeLessThan(2e-5);
        expect(Math.abs(ld[i] - ref.logDerivative), `forward log-derivative at ${grid[i]}`).toBeLessThan(logTol);
        const xRef = referenceInverse(grid[i], knots);
        const slope = referenceForward(xRef, knots).logDerivative;
        expect(Math.abs(x[i] - xRef) / (1 + Math.exp(-slope)), `inverse at ${grid[i]}`).toBeLessThan(1e-4);
        expect(Math.abs(ild[i] + slope), `inverse log-derivative at ${grid[i]}`).toBeLessThan(logTol * 2);
      }
      tf.dispose([theta, fwd.y, fwd.logAbsDet, inv.y, inv.logAbsDet]);
    }
  });

  it('has a reference log-derivative equal to central finite differences of the reference map', () => {
    const knots = referenceKnots(tf.tidy(() => values(randomTheta(1, 3, 17))), SETTINGS);
    for (const x of linspace(-4.99, 4.99, 400)) {
      const h = 1e-6;
      const slope = (referenceForward(x + h, knots).y - referenceForward(x - h, knots).y) / (2 * h);
      expect(Math.abs(Math.log(slope) - referenceForward(x, knots).logDerivative), `x = ${x}`).toBeLessThan(1e-5);
    }
  });

  it('is strictly increasing and round-trips both ways for random θ', () => {
    tf.tidy(() => {
      const n = 2001;
      const x = tf.tensor1d(linspace(-6, 6, n));
      const theta = sameSpline(n, 1, 8);
      const { y } = spline.forwardPacked(x, theta);
      const ys = values(y);
      for (let i = 1; i < n; i++) expect(ys[i]).toBeGreaterThan(ys[i - 1]);
      expect(maxAbs(values(tf.sub(spline.inversePacked(y, theta).y, x)))).toBeLessThan(1e-4);
      // Independent θ per coordinate, inverse first.
      const yRandom = tf.tensor1d(linspace(-5.5, 5.5, n));
      const thetaRandom = randomTheta(n, 1, 101);
      const back = spline.forwardPacked(spline.inversePacked(yRandom, thetaRandom).y, thetaRandom).y;
      expect(maxAbs(values(tf.sub(back, yRandom)))).toBeLessThan(1e-4);
    });
  });

  it('has forward and inverse log-derivatives that cancel and match autodiff', () => {
    tf.tidy(() => {
      const n = 512;
      const x = tf.tensor1d(linspace(-5.2, 5.2, n));
      const theta = randomTheta(n, 1, 3);
      const fwd = spline.forwardPacked(x, theta);
      const inv = spline.inversePacked(fwd.y, theta);
      expect(maxAbs(values(tf.add(fwd.logAbsDet, inv.logAbsDet)))).toBeLessThan(1e-3);
      // Coordinates are independent, so the gradient of Σy holds each dy/dx.
      const dydx = tf.grad((t: tf.Tensor) => tf.sum(spline.forwardPacked(t, theta).y))(x);
      const dxdy = tf.grad((t: tf.Tensor) => tf.sum(spline.inversePacked(t, theta).y))(fwd.y);
      expect(maxAbs(values(tf.sub(tf.log(dydx), fwd.logAbsDet)))).toBeLessThan(1e-3);
      expect(maxAbs(values(tf.sub(tf.log(dxdy), inv.logAbsDet)))).toBeLessThan(1e-3);
    });
  });

  it('is exactly the identity beyond the tail bound, and joins it with value and slope continuous at ±B', () => {
    tf.tidy(() => {
      const outside = [-50, -7, -5.001, 5.001, 6, 1e4];
      const theta = sameSpline(outside.length, 2, 5);
      for (const dir of ['forwardPacked', 'inversePacked'] as const) {
        const { y, logAbsDet } = spline[dir](tf.tensor1d(outside), theta);
        expect(values(y)).toEqual(values(tf.tensor1d(outside)));
        expect(values(logAbsDet)).toEqual(outside.map(() => 0));
      }
      // Just inside ±B by a fraction f of the end bin (its width going forward, its height going back).
      const theta1 = randomTheta(1, 1, 5);
      const thetaEdges = tf.tile(theta1, [6, 1]);
      const knots = spline.knotsPacked(theta1);
      for (const [dir, edgesOf] of [
        ['forwardPacked', knots.xs],
        ['inversePacked', knots.ys],
      ] as const) {
        const k = values(edgesOf);
        const inside = (f: number) => [-B + f * (k[1] - k[0]), B - f * (k[K] - k[K - 1])];
        const { y, logAbsDet } = spline[dir](tf.tensor1d([-B, B, ...inside(1e-3), ...inside(1e-4)]), thetaEdges);
        const ys = values(y);
        expect(Math.abs(ys[0] + B)).toBeLessThan(1e-5);
        expect(Math.abs(ys[1] - B)).toBeLessThan(1e-5);
        // Boundary derivative 1: the log-derivative is 0 at the edge and falls
        // towards it (10× closer, ≥ 4× smaller), so the slope is continuous.
        const ld = values(logAbsDet);
        expect(maxAbs(ld.slice(0, 2))).toBeLessThan(1e-4);
        for (const side of [0, 1]) expect(Math.abs(ld[4 + side])).toBeLessThan(0.25 * Math.abs(ld[2 + side]) + 1e-4);
      }
    });
  });

  it('maps each knot onto its knot, with value and slope continuous across it', () => {
    tf.tidy(() => {
      const theta1 = randomTheta(1, 1, 11);
      const { xs, ys } = spline.knotsPacked(theta1);
      expect(xs.shape).toEqual([1, K + 1]);
      const kx = values(xs);
      const ky = values(ys);
      expect(kx[0]).toBe(-B);
      expect(kx[K]).toBe(B);
      expect(ky[0]).toBe(-B);
      for (let k = 1; k <= K; k++) expect(kx[k]).toBeGreaterThan(kx[k - 1]);
      const theta = tf.tile(theta1, [K + 1, 1]);
      const fwd = spline.forwardPacked(tf.tensor1d(kx), theta);
      expect(maxAbs(values(fwd.y).map((v, k) => v - ky[k]))).toBeLessThan(2e-5);
      expect(maxAbs(values(spline.inversePacked(tf.tensor1d(ky), theta).y).map((v, k) => v - kx[k]))).toBeLessThan(1e-4);
      // Either side of each inner knot the log-derivative agrees: the slope is continuous.
      const inner = kx.slice(1, K);
      const thetaInner = tf.tile(theta1, [K - 1, 1]);
      // A fraction f of the narrower neighbouring bin either side: the jump in the
      // log-derivative shrinks ~10× when f does, so the slope is continuous.
      const jumps = (f: number) => {
        const eps = inner.map((v, k) => f * Math.min(v - kx[k], kx[k + 2] - v));
        const left = values(spline.forwardPacked(tf.tensor1d(inner.map((v, k) => v - eps[k])), thetaInner).logAbsDet);
        const right = values(spline.forwardPacked(tf.tensor1d(inner.map((v, k) => v + eps[k])), thetaInner).logAbsDet);
        return left.map((l, k) => Math.abs(l - right[k]));
      };
      const [coarse, fine] = [jumps(1e-2), jumps(1e-3)];
      for (let k = 0; k < K - 1; k++) expect(fine[k]).toBeLessThan(0.15 * coarse[k] + 1e-4);
    });
  });

  it('keeps gradients with respect to x and θ finite at knots, at ±B, beyond it, and for extreme θ', () => {
    const theta1 = randomTheta(1, 8, 13);
    const kx = tf.tidy(() => values(spline.knotsPacked(theta1).xs));
    const ky = tf.tidy(() => values(spline.knotsPacked(theta1).ys));
    const points = [...kx, ...ky, -B, B, -9, 9, 0, 1e-7];
    const x = tf.tensor1d(points);
    const theta = tf.tile(theta1, [points.length, 1]);
    for (const dir of ['forwardPacked', 'inversePacked'] as const) {
      const loss = (input: tf.Tensor, params: tf.Tensor) => {
        const { y, logAbsDet } = spline[dir](input, params);
        return tf.add(tf.sum(tf.square(y)), tf.sum(logAbsDet)) as tf.Scalar;
      };
      const [gx, gTheta] = tf.grads(loss)([x, theta]);
      expect(values(gx).every(Number.isFinite), `${dir} dx`).toBe(true);
      expect(values(gTheta).every(Number.isFinite), `${dir} dθ`).toBe(true);
      // Inside the bound θ matters; beyond it the map ignores θ.
      const perRow = tf.tidy(() => values(tf.sum(tf.abs(gTheta), 1)));
      expect(perRow[points.indexOf(0)]).toBeGreaterThan(0);
      expect(perRow[points.indexOf(9)]).toBe(0);
      tf.dispose([gx, gTheta]);
    }
    tf.dispose([x, theta, theta1]);
  });

  it('takes θ as one [batch, D] tensor per parameter (the coupling contract), the same map as packed θ', () => {
    const x = tf.randomNormal([6, 2], 0, 2, 'float32', 1) as tf.Tensor2D;
    const packed = tf.randomNormal([6, 2, P], 0, 1, 'float32', 2);
    const perParameter = tf.unstack(packed, 2) as tf.Tensor2D[];
    const before = tf.memory().numTensors;
    const fwd = spline.forward(x, perParameter);
    const inv = spline.inverse(fwd.y, perParameter);
    const knots = spline.knots(perParameter);
    expect(fwd.y.shape).toEqual([6, 2]);
    expect(fwd.logAbsDet.shape).toEqual([6, 2]);
    expect(knots.xs.shape).toEqual([6, 2, K + 1]);
    tf.tidy(() => {
      const reference = spline.forwardPacked(x, packed);
      expect(maxAbs(values(tf.sub(fwd.y, reference.y)))).toBe(0);
      expect(maxAbs(values(tf.sub(fwd.logAbsDet, reference.logAbsDet)))).toBe(0);
      expect(maxAbs(values(tf.sub(inv.x, x)))).toBeLessThan(1e-4);
    });
    tf.dispose([fwd.y, fwd.logAbsDet, inv.x, inv.logAbsDet, knots.xs, knots.ys]);
    // Nothing but the results was kept.
    expect(tf.memory().numTensors).toBe(before);
    expect(() => spline.forward(x, perParameter.slice(1))).toThrow(/parameter tensors/);
    tf.dispose([x, packed, ...perParameter]);
  });
});
