import { ENERGY_INFO, ENERGY_NAMES, type EnergyName } from '../core/data/energy-catalog';

export type { EnergyName };

/** The Energy menu, from core's catalogue (plain data: no TensorFlow.js on the main thread). */
export const ENERGY_OPTIONS = ENERGY_NAMES.map((name) => ({ value: name, label: ENERGY_INFO[name].label }));
