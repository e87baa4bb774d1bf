import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActNorm } from '../../src/core/bijectors/actnorm';
import type { Bijector, BijectorKind } from '../../src/core/bijectors/bijector';
import { Chain } from '../../src/core/bijectors/chain';
import { Coupling } from '../../src/core/bijectors/coupling';
import { LuLinear, luDecompose } from '../../src/core/bijectors/lu-linear';
import { MaskedAutoregressive, type AutoregressiveSide } from '../../src/core/bijectors/masked-autoregressive';
import { Planar } from '../../src/core/bijectors/planar';
import { additiveTransform } from '../../src/core/bijectors/transforms/additive';
import { affineTransform } from '../../src/core/bijectors/transforms/affine';
import { RationalQuadraticSpline } from '../../src/core/bijectors/transforms/rational-quadratic';
import { createMade } from '../../src/core/nn/made';
import { createMlp, type Activation } from '../../src/core/nn/mlp';
import { recipeVariableShapes } from '../../src/core/flows/recipe-spec';
import { FLOW_TYPES } from '../../src/core/flows/registry';
import { createRng, type Rng } from '../../src/core/util/rng';
import { autodiffLogAbsDet } from './helpers/jacobian';
import { randomPoints, randomizeVariables } from './helpers/randomize';
import { randomFlow, smallRecipe } from './helpers/small-flow';

/**
 * One contract loop over every bijector (after zuko's test_transforms.py), each
 * with randomised parameters: shapes, finiteness, round trips, log-dets summing
 * to zero, log-dets against the autodiff Jacobian, gradients reaching every
 * variable, and no leaked tensors. Every flow type in the registry runs the
 * same loop as a whole chain at a small size, so a new type needs no case here.
 */

const BATCH = 48;
const ROUND_TRIP_TOL = 1e-5;
const LOG_DET_SUM_TOL = 1e-5;
const JACOBIAN_TOL = 1e-4;

const net = (rng: Rng, activation: Activation) => (inputs: number, outputs: number) =>
  createMlp({ inputs, outputs, hidden: [16, 16], activation, zeroLast: true, rng });

function randomPlanar(rng: Rng, analytic: 'inverse' | 'forward'): Planar {
  const planar = new Planar({ rng, analytic });
  randomizeVariables(planar.variables, rng, 1);
  // Keep wᵀu ≥ 0 (flip u if needed), so m = −1 + softplus(wᵀu) ≥ −0.31: as m → −1
  // the map becomes singular and any round trip is limited by float32
  // conditioning rather than by the code under test.
  const [w, u] = planar.variables;
  tf.tidy(() => {
    if (tf.sum(tf.mul(w, u)).dataSync()[0] < 0) u.assign(tf.neg(u));
  });
  return planar;
}

function randomCoupling(rng: Rng, transformDim: 0 | 1, additive: boolean): Coupling {
  const transform = additive ? additiveTransform : affineTransform();
  const coupling = new Coupling({ transformDim, transform, makeNet: net(rng, additive ? 'tanh' : 'relu') });
  randomizeVariables(coupling.variables, rng, 0.5);
  return coupling;
}

function dataInitializedActNorm(rng: Rng): ActNorm {
  const actnorm = new ActNorm();
  const data = randomPoints(256, rng, [2.5, 0.4], [1, -3]);
  actnorm.initialize(data);
  data.dispose();
  return actnorm;
}

function randomLuLinear(rng: Rng): LuLinear {
  const lu = new LuLinear({ rng });
  randomizeVariables(lu.variables, rng, 0.6);
  return lu;
}

function randomSplineCoupling(rng: Rng, transformDim: 0 | 1): Coupling {
  const coupling = new Coupling({ transformDim, transform: new RationalQuadraticSpline(), makeNet: net(rng, 'relu') });
  randomizeVariables(coupling.variables, rng, 0.5);
  return coupling;
}

function randomAutoregressive(rng: Rng, side: AutoregressiveSide, spline: boolean, order: [number, number]): MaskedAutoregressive {
  const transform = spline ? new RationalQuadraticSpline() : affineTransform();
  const made = createMade({ order, hidden: [16, 16], paramsPerDim: transform.paramsPerCoordinate, activation: 'tanh', rng });
  const layer = new MaskedAutoregressive({ side, made, transform });
  randomizeVariables(layer.variables, rng, 0.5);
  return layer;
}

interface Case {
  name: string;
  kind: BijectorKind;
  variableCount: number;
  make: (rng: Rng) => Bijector;
  /** Defaults to ROUND_TRIP_TOL. */
  roundTripTol?: number;
  /** Defaults to LOG_DET_SUM_TOL. */
  logDetSumTol?: number;
}

/**
 * Splines in float32: a knot placed to within one rounding (~5·10⁻⁷ at |x| ≈ 5)
 * moves the output by that times the local slope, and random networks give
 * slopes of tens; in a masked autoregressive layer the error in the first
 * coordinate feeds the second's parameters. Measured worst cases: coupling
 * 1.3·10⁻⁵ (round trip) and 3·10⁻⁵ (log-dets), autoregressive 1·10⁻⁴ and 3·10⁻⁴.
 */
const SPLINE_TOLS = { roundTripTol: 5e-5, logDetSumTol: 1e-4 };
const AUTOREGRESSIVE_SPLINE_TOLS = { roundTripTol: 4e-4, logDetSumTol: 1e-3 };
/**
 * A whole flow compounds its layers' float32 rounding, and a new type may
 * bring splines: every flow type gets the spline coupling's tolerances (the
 * small randomised flows measured at most 1.4·10⁻⁶ round trip, 6·10⁻⁷ log-dets).
 */
const FLOW_TOLS = SPLINE_TOLS;

const FLOW_CASES: Case[] = FLOW_TYPES.map((type) => ({
  name: `${type} flow (registry)`,
  kind: 'chain',
  variableCount: recipeVariableShapes(smallRecipe(type)).length,
  make: (rng) => randomFlow(type, rng).chain,
  ...FLOW_TOLS,
}));

const CASES: Case[] = [
  { name: 'planar, analytic inverse', kind: 'planar', variableCount: 3, make: (rng) => randomPlanar(rng, 'inverse') },
  { name: 'planar, analytic forward', kind: 'planar', variableCount: 3, make: (rng) => randomPlanar(rng, 'forward') },
  { name: 'affine coupling on dim 0', kind: 'affine-coupling', variableCount: 6, make: (rng) => randomCoupling(rng, 0, false) },
  { name: 'affine coupling on dim 1', kind: 'affine-coupling', variableCount: 6, make: (rng) => randomCoupling(rng, 1, false) },
  { name: 'additive coupling', kind: 'additive-coupling', variableCount: 6, make: (rng) => randomCoupling(rng, 1, true) },
  { name: 'actnorm', kind: 'actnorm', variableCount: 2, make: dataInitializedActNorm },
  { name: 'lu-linear', kind: 'lu-linear', variableCount: 2, make: randomLuLinear },
  { name: 'spline coupling on dim 0', kind: 'spline-coupling', variableCount: 6, make: (rng) => randomSplineCoupling(rng, 0), ...SPLINE_TOLS },
  { name: 'spline coupling on dim 1', kind: 'spline-coupling', variableCount: 6, make: (rng) => randomSplineCoupling(rng, 1), ...SPLINE_TOLS },
  { name: 'MAF, affine', kind: 'maf', variableCount: 6, make: (rng) => randomAutoregressive(rng, 'maf', false, [0, 1]) },
  { name: 'MAF, spline, reversed order', kind: 'maf', variableCount: 6, make: (rng) => randomAutoregressive(rng, 'maf', true, [1, 0]), ...AUTOREGRESSIVE_SPLINE_TOLS },
  { name: 'IAF, affine, reversed order', kind: 'iaf', variableCount: 6, make: (rng) => randomAutoregressive(rng, 'iaf', false, [1, 0]) },
  { name: 'IAF, spline', kind: 'iaf', variableCount: 6, make: (rng) => randomAutoregressive(rng, 'iaf', true, [0, 1]), ...AUTOREGRESSIVE_SPLINE_TOLS },
  {
    name: 'chain of all kinds',
    kind: 'chain',
    variableCount: 2 + 2 + 6 + 3 + 6 + 3,
    // float32 rounding is amplified by the product of seven layers' condition
    // numbers (actnorm alone stretches one axis 6× relative to the other):
    // across seeds the round trip lands at 0.3–3·10⁻⁵.
    roundTripTol: 1e-4,
    make: (rng) =>
      new Chain([
        dataInitializedActNorm(rng),
        randomLuLinear(rng),
        randomCoupling(rng, 0, false),
        randomPlanar(rng, 'inverse'),
        randomCoupling(rng, 1, true),
        randomPlanar(rng, 'forward'),
      ]),
  },
  ...FLOW_CASES,
];

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describe.each(CASES)('bijector contract: $name', ({ kind, variableCount, make, roundTripTol = ROUND_TRIP_TOL, logDetSumTol = LOG_DET_SUM_TOL }) => {
  let bijector: Bijector;
  let z: tf.Tensor2D;
  let x: tf.Tensor2D;

  beforeAll(() => {
    const rng = createRng(20240611);
    bijector = make(rng);
    z = randomPoints(BATCH, rng);
    // Points in the data space that are not the images of z, for the inverse-first checks.
    x = randomPoints(BATCH, rng, [1.5, 1.5], [0.3, -0.2]);
  });

  afterAll(() => {
    bijector.dispose();
    tf.dispose([z, x]);
  });

  it('declares its kind and variables', () => {
    expect(bijector.kind).toBe(kind);
    expect(bijector.variables).toHaveLength(variableCount);
    expect(bijector.variables.every((v) => v.trainable)).toBe(true);
  });

  it('returns [batch, 2] points and [batch] finite log-dets in both directions', () => {
    tf.tidy(() => {
      for (const { y, logDet } of [bijector.forward(z), bijector.inverse(x)]) {
        expect(y.shape).toEqual([BATCH, 2]);
        expect(logDet.shape).toEqual([BATCH]);
        expect(values(y).every(Number.isFinite)).toBe(true);
        expect(values(logDet).every(Number.isFinite)).toBe(true);
      }
    });
  });

  it('is not the identity (the randomised parameters are exercised)', () => {
    tf.tidy(() => {
      expect(maxAbsDiff(bijector.forward(z).y, z)).toBeGreaterThan(1e-2);
    });
  });

  it('round-trips z → x → z and x → z → x', () => {
    tf.tidy(() => {
      expect(maxAbsDiff(bijector.inverse(bijector.forward(z).y).y, z)).toBeLessThan(roundTripTol);
      expect(maxAbsDiff(bijector.forward(bijector.inverse(x).y).y, x)).toBeLessThan(roundTripTol);
    });
  });

  it('has forward and inverse log-dets that cancel at corresponding points', () => {
    tf.tidy(() => {
      const fwd = bijector.forward(z);
      expect(maxAbsDiff(tf.add(fwd.logDet, bijector.inverse(fwd.y).logDet), tf.zeros([BATCH]))).toBeLessThan(logDetSumTol);
      const inv = bijector.inverse(x);
      expect(maxAbsDiff(tf.add(inv.logDet, bijector.forward(inv.y).logDet), tf.zeros([BATCH]))).toBeLessThan(logDetSumTol);
    });
  });

  it('has log-dets equal to log|det J| of the autodiff Jacobian, in both directions', () => {
    const directions = [
      { input: z, map: (t: tf.Tensor2D) => bijector.forward(t) },
      { input: x, map: (t: tf.Tensor2D) => bijector.inverse(t) },
    ];
    for (const { input, map } of directions) {
      const expected = autodiffLogAbsDet((t) => map(t).y, input);
      const actual = tf.tidy(() => values(map(input).logDet));
      for (let k = 0; k < BATCH; k++) expect(Math.abs(actual[k] - expected[k])).toBeLessThan(JACOBIAN_TOL);
    }
  });

  it('passes a finite, non-zero gradient to its input and every variable, from either direction', () => {
    for (const direction of ['forward', 'inverse'] as const) {
      const input = direction === 'forward' ? z : x;
      const loss = (t: tf.Tensor) => {
        const { y, logDet } = bijector[direction](t as tf.Tensor2D);
        return tf.add(tf.sum(logDet), tf.sum(tf.square(y))) as tf.Scalar;
      };
      const grads: Record<string, tf.Tensor> = { input: tf.grad(loss)(input) };
      if (bijector.variables.length > 0) {
        const result = tf.variableGrads(() => loss(input), bijector.variables as tf.Variable[]);
        result.value.dispose();
        Object.assign(grads, result.grads);
      }
      expect(Object.keys(grads)).toHaveLength(1 + variableCount);
      for (const [name, grad] of Object.entries(grads)) {
        const g = values(grad);
        expect(g.every(Number.isFinite), `${direction} ${name}`).toBe(true);
        expect(Math.max(...g.map(Math.abs)), `${direction} ${name}`).toBeGreaterThan(0);
      }
      tf.dispose(grads);
    }
  });

  it('leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const fwd = bijector.forward(z);
    const inv = bijector.inverse(x);
    tf.dispose([fwd.y, fwd.logDet, inv.y, inv.logDet]);
    expect(tf.memory().numTensors, 'tensors alive after forward + inverse and disposing their results').toBe(before);
  });
});

describe('planar numerical direction', () => {
  /**
   * The implicit-function Newton step should give the exact parameter gradient
   * of the solved map. Compare against central finite differences of a smooth
   * loss of f⁻¹: agreement to ~1% rules out a missing or stopped gradient path.
   */
  it.each(['inverse', 'forward'] as const)('gives parameter gradients that match finite differences (analytic %s)', (analytic) => {
    const rng = createRng(77);
    const planar = randomPlanar(rng, analytic);
    const input = randomPoints(16, rng);
    const solve = analytic === 'inverse' ? 'forward' : 'inverse';
    const loss = () =>
      tf.tidy(() => {
        const { y, logDet } = planar[solve](input);
        return tf.add(tf.sum(tf.sin(y)), tf.sum(logDet)) as tf.Scalar;
      });
    const { value, grads } = tf.variableGrads(loss, planar.variables as tf.Variable[]);
    const eps = 1e-2;
    for (const v of planar.variables) {
      const analyticGrad = values(grads[v.name]);
      const original = Float32Array.from(v.dataSync());
      for (let i = 0; i < original.length; i++) {
        const at = (delta: number) => {
          const shifted = Float32Array.from(original);
          shifted[i] += delta;
          const t = tf.tensor(shifted, v.shape);
          v.assign(t);
          t.dispose();
          const l = loss();
          const out = l.dataSync()[0];
          l.dispose();
          return out;
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        const restore = tf.tensor(original, v.shape);
        v.assign(restore);
        restore.dispose();
        expect(Math.abs(analyticGrad[i] - numeric)).toBeLessThan(2e-2 * Math.max(1, Math.abs(numeric)));
      }
    }
    tf.dispose([value, grads, input]);
    planar.dispose();
  });

  it('starts each fresh layer close to the identity', () => {
    const rng = createRng(3);
    const planar = new Planar({ rng, analytic: 'inverse' });
    const input = randomPoints(64, rng);
    tf.tidy(() => {
      const { y, logDet } = planar.inverse(input);
      // Initial shear is ~0.1 in size and m(wᵀu) ≈ 0, so both are small but not zero.
      const shift = maxAbsDiff(y, input);
      expect(shift).toBeGreaterThan(1e-3);
      expect(shift).toBeLessThan(0.5);
      expect(Math.max(...values(logDet).map(Math.abs))).toBeLessThan(0.3);
    });
    input.dispose();
    planar.dispose();
  });
});

describe('bijector specifics', () => {
  it('actnorm is the identity until initialised, then standardises the batch it was initialised on', () => {
    const rng = createRng(5);
    const actnorm = new ActNorm();
    const data = randomPoints(512, rng, [3, 0.2], [-2, 4]);
    tf.tidy(() => {
      expect(actnorm.initialized).toBe(false);
      expect(maxAbsDiff(actnorm.inverse(data).y, data)).toBe(0);
      actnorm.initialize(data);
      expect(actnorm.initialized).toBe(true);
      const { mean, variance } = tf.moments(actnorm.inverse(data).y, 0);
      expect(values(mean).map(Math.abs).every((m) => m < 1e-5)).toBe(true);
      expect(values(variance).map((v) => Math.abs(v - 1)).every((d) => d < 1e-4)).toBe(true);
    });
    data.dispose();
    actnorm.dispose();
  });

  it('actnorm initialised on degenerate data stays finite', () => {
    const actnorm = new ActNorm();
    const constantColumn = tf.tensor2d([[1, 5], [2, 5], [3, 5]]);
    actnorm.initialize(constantColumn);
    tf.tidy(() => {
      const { y, logDet } = actnorm.inverse(constantColumn);
      expect(values(y).every(Number.isFinite)).toBe(true);
      // The constant column has no spread to standardise by: it is centred and keeps scale 1.
      expect(values(logDet)[0]).toBeCloseTo(-0.5 * Math.log(2 / 3), 3);
      expect(values(y).filter((_, i) => i % 2 === 1)).toEqual([0, 0, 0]);
    });
    constantColumn.dispose();
    actnorm.dispose();
    const loaded = new ActNorm();
    loaded.markInitialized();
    expect(loaded.initialized).toBe(true);
    loaded.dispose();
  });

  it.each([
    { name: 'no pivoting', a: [2, 1, 1, 3] as const },
    { name: 'row swap', a: [0.1, 2, 3, -1] as const },
  ])('LU-decomposes a 2×2 matrix with partial pivoting ($name)', ({ a }) => {
    const { swap, l, diag, upper } = luDecompose(a);
    expect(swap).toBe(Math.abs(a[2]) > Math.abs(a[0]));
    expect(Math.abs(l)).toBeLessThanOrEqual(1);
    // L·U, then undo the row swap: P·L·U = A.
    const lu = [diag[0], upper, l * diag[0], l * upper + diag[1]];
    const plu = swap ? [lu[2], lu[3], lu[0], lu[1]] : lu;
    plu.forEach((v, i) => expect(v).toBeCloseTo(a[i], 6));
  });

  it('a fresh lu-linear layer is a rotation: orthogonal, log-det 0', () => {
    for (const seed of [1, 2, 3, 4]) {
      const lu = new LuLinear({ rng: createRng(seed) });
      tf.tidy(() => {
        const { y: wT, logDet } = lu.forward(tf.eye(2) as tf.Tensor2D); // rows of I·Wᵀ = Wᵀ
        expect(maxAbsDiff(tf.matMul(wT, wT, true, false), tf.eye(2))).toBeLessThan(1e-6);
        expect(Math.max(...values(logDet).map(Math.abs))).toBeLessThan(1e-6);
        expect(maxAbsDiff(wT, tf.eye(2))).toBeGreaterThan(1e-3);
      });
      lu.dispose();
    }
  });

  it('a fresh coupling is the identity, and a trained one never moves its conditioning coordinate', () => {
    const rng = createRng(11);
    const input = randomPoints(32, rng);
    for (const transformDim of [0, 1] as const) {
      const coupling = new Coupling({ transformDim, makeNet: net(rng, 'relu'), transform: affineTransform() });
      tf.tidy(() => {
        const fresh = coupling.forward(input);
        expect(maxAbsDiff(fresh.y, input)).toBe(0);
        expect(Math.max(...values(fresh.logDet).map(Math.abs))).toBe(0);
      });
      randomizeVariables(coupling.variables, rng, 0.5);
      tf.tidy(() => {
        const kept = 1 - transformDim;
        const column = (t: tf.Tensor2D, d: number) => tf.slice(t, [0, d], [-1, 1]);
        const { y } = coupling.forward(input);
        expect(maxAbsDiff(column(y, kept), column(input, kept))).toBe(0);
        expect(maxAbsDiff(column(y, transformDim), column(input, transformDim))).toBeGreaterThan(1e-2);
      });
      coupling.dispose();
    }
    input.dispose();
  });

  it('a spline coupling keeps its conditioning coordinate exactly, and its packed path is the per-parameter map', () => {
    const rng = createRng(13);
    const input = randomPoints(64, rng, [2, 2]);
    for (const transformDim of [0, 1] as const) {
      const coupling = randomSplineCoupling(rng, transformDim);
      tf.tidy(() => {
        const kept = 1 - transformDim;
        const column = (t: tf.Tensor2D, d: number) => tf.slice(t, [0, d], [-1, 1]);
        for (const direction of ['forward', 'inverse'] as const) {
          const { y, logDet } = coupling[direction](input);
          expect(maxAbsDiff(column(y, kept), column(input, kept))).toBe(0);
          // The same map through the contract's one-tensor-per-parameter form (θ = 0 on the kept coordinate).
          const theta = coupling.theta(input);
          const spline = coupling.transform;
          const reference = direction === 'forward' ? spline.forward(input, theta) : { y: spline.inverse(input, theta).x, logAbsDet: spline.inverse(input, theta).logAbsDet };
          expect(maxAbsDiff(column(y, transformDim), column(reference.y, transformDim))).toBe(0);
          expect(maxAbsDiff(logDet, tf.sum(reference.logAbsDet, 1))).toBeLessThan(1e-5);
        }
      });
      coupling.dispose();
    }
    input.dispose();
  });

  it('bounds the coupling log-scale softly by logScaleBound', () => {
    const rng = createRng(12);
    const input = randomPoints(256, rng, [3, 3]);
    const coupling = new Coupling({ transformDim: 0, makeNet: net(rng, 'relu'), transform: affineTransform(2) });
    randomizeVariables(coupling.variables, rng, 5); // raw log-scales in the tens
    tf.tidy(() => {
      const magnitudes = values(coupling.forward(input).logDet).map(Math.abs);
      expect(Math.max(...magnitudes)).toBeLessThanOrEqual(2);
      expect(Math.max(...magnitudes)).toBeGreaterThan(1.9);
    });
    coupling.dispose();
    input.dispose();
  });

  it('bounds the log-scale on each side by its own bound (Glow: below 0.5, above 3)', () => {
    const rng = createRng(12);
    const input = randomPoints(256, rng, [3, 3]);
    const coupling = new Coupling({ transformDim: 0, makeNet: net(rng, 'tanh'), transform: affineTransform({ below: 0.5, above: 3 }) });
    randomizeVariables(coupling.variables, rng, 5); // raw log-scales in the tens
    // No output bias: tanh features of a kept coordinate centred on 0 give raw log-scales of both signs.
    const outputBias = coupling.variables[coupling.variables.length - 1];
    tf.tidy(() => outputBias.assign(tf.zerosLike(outputBias)));
    tf.tidy(() => {
      const forward = values(coupling.forward(input).logDet);
      expect(Math.min(...forward)).toBeGreaterThanOrEqual(-0.5);
      expect(Math.min(...forward)).toBeLessThan(-0.45);
      expect(Math.max(...forward)).toBeLessThanOrEqual(3);
      expect(Math.max(...forward)).toBeGreaterThan(2.9);
      // The inverse's log-det is −s at the same point: data→latent stretches by e^0.5 at most.
      const inverse = values(coupling.inverse(coupling.forward(input).y).logDet);
      expect(Math.max(...inverse)).toBeLessThanOrEqual(0.5);
    });
    coupling.dispose();
    input.dispose();
  });
});
