/**
 * The names, labels and log-normalisers of the four energies, without the
 * tensor code: the page's main thread (menus, chart floor) reads these and must
 * not load TensorFlow.js. energies.ts builds the ops on top of this table.
 */
/** The objective (and chart series) name of reverse-KL fitting: the worker trains it, the page labels it. */
export const REVERSE_KL = 'reverse-kl';

export const ENERGY_NAMES = ['u1', 'u2', 'u3', 'u4'] as const;
export type EnergyName = (typeof ENERGY_NAMES)[number];

export function isEnergyName(s: string): s is EnergyName {
  return (ENERGY_NAMES as readonly string[]).includes(s);
}

/** 'plane': normalisable as it stands. 'box': restricted to [−ENERGY_BOX, ENERGY_BOX]². */
export type EnergySupport = 'plane' | 'box';
export const ENERGY_BOX = 4;

export interface EnergyInfo {
  readonly label: string;
  /** ln ∫ exp(−U) over the support (shared/reference/toy-densities.md): the reverse-KL floor is −logZ. */
  readonly logZ: number;
  readonly support: EnergySupport;
}

export const ENERGY_INFO: Readonly<Record<EnergyName, EnergyInfo>> = {
  u1: { label: 'U1: ring with two lobes', logZ: 1.8775, support: 'plane' },
  u2: { label: 'U2: sine wave', logZ: 2.083, support: 'box' },
  u3: { label: 'U3: split sine wave', logZ: 2.642, support: 'box' },
  u4: { label: 'U4: sine with a step', logZ: 2.685, support: 'box' },
};
