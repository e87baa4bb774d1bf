import * as tf from '@tensorflow/tfjs-core';
import { ENERGY_BOX, ENERGY_INFO, type EnergyName, type EnergySupport } from './energy-catalog';

/**
 * The four unnormalised target densities p(z) ∝ exp(−U(z)) of Rezende & Mohamed
 * (2015), for reverse-KL fitting, exactly as in shared/reference/toy-densities.md.
 *
 * Each energy comes twice: a tfjs op for training, and a plain-JS scalar for
 * tests and for drawing the target on a canvas grid without the tensor engine.
 *
 * Support. U1 is normalisable on the plane. U2–U4 do not confine z1, so the
 * reference restricts them to the box [−4, 4]². A reverse-KL loss cannot use a
 * hard box: every flow with a Gaussian base puts some mass outside, where the
 * restricted target is 0, so the KL would be +∞ with no gradient telling samples
 * which way is in. `targetEnergy` therefore adds a wall: a penalty growing
 * linearly (slope WALL_SLOPE) with the distance outside the box. Linear rather than
 * quadratic so that a far-flung sample early in training gets a bounded gradient,
 * not an explosion; steep enough that the wall's own mass moves ln Z by under
 * 0.002 (tested), below the 3 decimals the reference quotes. So the floor of the
 * loss E_q[ln q + targetEnergy] is −logZ as listed.
 */
export { ENERGY_BOX, ENERGY_NAMES, isEnergyName, type EnergyName, type EnergySupport } from './energy-catalog';
/** Penalty per unit of distance outside the box, per coordinate. */
export const WALL_SLOPE = 200;

export interface EnergyDef {
  readonly name: EnergyName;
  readonly label: string;
  /** ln ∫ exp(−U) over the support: the reverse-KL loss floor is −logZ. */
  readonly logZ: number;
  readonly support: EnergySupport;
  /** U(z) per row of [batch, 2], the reference formula, unrestricted. */
  energy(z: tf.Tensor2D): tf.Tensor1D;
  /** The same at one point, plain JS. */
  energyAt(z1: number, z2: number): number;
  /** What a reverse-KL loss minimises against: U plus the wall outside a box support. */
  targetEnergy(z: tf.Tensor2D): tf.Tensor1D;
  targetEnergyAt(z1: number, z2: number): number;
}

// ---- plain JS ----

const sq = (v: number) => v * v;
const w1 = (z1: number) => Math.sin((2 * Math.PI * z1) / 4);
const w2 = (z1: number) => 3 * Math.exp(-0.5 * sq((z1 - 1) / 0.6));
const w3 = (z1: number) => 3 / (1 + Math.exp(-(z1 - 1) / 0.3));

/** −ln(eᵃ + eᵇ) without overflow or log(0) when both exponents are very negative. */
function negLogAddExp(a: number, b: number): number {
  const m = Math.max(a, b);
  return -(m + Math.log(Math.exp(a - m) + Math.exp(b - m)));
}

const JS_ENERGIES: Record<EnergyName, (z1: number, z2: number) => number> = {
  u1: (z1, z2) =>
    0.5 * sq((Math.hypot(z1, z2) - 2) / 0.4) + negLogAddExp(-0.5 * sq((z1 - 2) / 0.6), -0.5 * sq((z1 + 2) / 0.6)),
  u2: (z1, z2) => 0.5 * sq((z2 - w1(z1)) / 0.4),
  u3: (z1, z2) => negLogAddExp(-0.5 * sq((z2 - w1(z1)) / 0.35), -0.5 * sq((z2 - w1(z1) + w2(z1)) / 0.35)),
  u4: (z1, z2) => negLogAddExp(-0.5 * sq((z2 - w1(z1)) / 0.4), -0.5 * sq((z2 - w1(z1) + w3(z1)) / 0.35)),
};

function wallAt(z1: number, z2: number): number {
  return WALL_SLOPE * (Math.max(0, Math.abs(z1) - ENERGY_BOX) + Math.max(0, Math.abs(z2) - ENERGY_BOX));
}

// ---- tfjs ----

type Columns = { z1: tf.Tensor1D; z2: tf.Tensor1D };
const halfSq = (v: tf.Tensor, s: number) => tf.mul(tf.square(tf.div(v, s)), 0.5);
const tw1 = (z1: tf.Tensor) => tf.sin(tf.mul(z1, (2 * Math.PI) / 4));
const tw2 = (z1: tf.Tensor) => tf.mul(tf.exp(tf.neg(halfSq(tf.sub(z1, 1), 0.6))), 3);
const tw3 = (z1: tf.Tensor) => tf.mul(tf.sigmoid(tf.div(tf.sub(z1, 1), 0.3)), 3);

function tNegLogAddExp(a: tf.Tensor, b: tf.Tensor): tf.Tensor1D {
  return tf.neg(tf.logSumExp(tf.stack([a, b], 1), 1)) as tf.Tensor1D;
}

const TF_ENERGIES: Record<EnergyName, (c: Columns) => tf.Tensor1D> = {
  u1: ({ z1, z2 }) => {
    // The tiny constant keeps the gradient of ‖z‖ finite at the origin; it moves ‖z‖ by < 1e-6.
    const r = tf.sqrt(tf.add(tf.add(tf.square(z1), tf.square(z2)), 1e-12));
    const lobes = tNegLogAddExp(tf.neg(halfSq(tf.sub(z1, 2), 0.6)), tf.neg(halfSq(tf.add(z1, 2), 0.6)));
    return tf.add(halfSq(tf.sub(r, 2), 0.4), lobes) as tf.Tensor1D;
  },
  u2: ({ z1, z2 }) => halfSq(tf.sub(z2, tw1(z1)), 0.4) as tf.Tensor1D,
  u3: ({ z1, z2 }) => {
    const d = tf.sub(z2, tw1(z1));
    return tNegLogAddExp(tf.neg(halfSq(d, 0.35)), tf.neg(halfSq(tf.add(d, tw2(z1)), 0.35)));
  },
  u4: ({ z1, z2 }) => {
    const d = tf.sub(z2, tw1(z1));
    return tNegLogAddExp(tf.neg(halfSq(d, 0.4)), tf.neg(halfSq(tf.add(d, tw3(z1)), 0.35)));
  },
};

function columns(z: tf.Tensor2D): Columns {
  const [z1, z2] = tf.unstack(z, 1) as [tf.Tensor1D, tf.Tensor1D];
  return { z1, z2 };
}

function wall(z: tf.Tensor2D): tf.Tensor1D {
  const outside = tf.relu(tf.sub(tf.abs(z), ENERGY_BOX));
  return tf.mul(tf.sum(outside, 1), WALL_SLOPE) as tf.Tensor1D;
}

function define(name: EnergyName): EnergyDef {
  const { label, logZ, support } = ENERGY_INFO[name];
  const js = JS_ENERGIES[name];
  const energy = (z: tf.Tensor2D) => tf.tidy(() => TF_ENERGIES[name](columns(z)));
  return {
    name,
    label,
    logZ,
    support,
    energy,
    energyAt: js,
    targetEnergy: support === 'box' ? (z) => tf.tidy(() => tf.add(energy(z), wall(z)) as tf.Tensor1D) : energy,
    targetEnergyAt: support === 'box' ? (z1, z2) => js(z1, z2) + wallAt(z1, z2) : js,
  };
}

/** ln Z from the reference (see energy-catalog.ts): U1 over the plane, U2–U4 over [−4, 4]². */
export const ENERGIES: Readonly<Record<EnergyName, EnergyDef>> = {
  u1: define('u1'),
  u2: define('u2'),
  u3: define('u3'),
  u4: define('u4'),
};
