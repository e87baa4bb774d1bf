import { buildFlow, recipeFor, type FlowRecipe } from '../flows/recipes';
import { createAutoregressive, type AutoregressiveOptions } from './autoregressive';
import type { DensityModel, ModelFamily } from './density-model';
import { createGan, type GanOptions } from './gan';
import { createVae, type VaeOptions } from './vae';

/**
 * Every model family, registered once. What a family does (train, score, draw
 * its density, sample) is on its DensityModel; this table only builds one. A
 * new family is its model file, its name in ModelFamily and one entry here.
 */
export interface BuildOptions {
  seed: number;
  /** The flow's recipe (default: RealNVP's). */
  flow?: FlowRecipe;
  vae?: Partial<Omit<VaeOptions, 'seed'>>;
  gan?: Partial<Omit<GanOptions, 'seed'>>;
  autoregressive?: Partial<Omit<AutoregressiveOptions, 'seed'>>;
}

export interface FamilyEntry {
  build(options: BuildOptions): DensityModel;
  /** Peak learning rate of `compare` (cosine decay, batch 512): reaches the figures in bench/compare.ts at 5,000 steps. */
  readonly compareLr: number;
}

export const MODEL_FAMILIES: Readonly<Record<ModelFamily, FamilyEntry>> = {
  flow: { compareLr: 1e-3, build: (o) => buildFlow(o.flow ?? recipeFor('realnvp'), o.seed) },
  vae: { compareLr: 3e-3, build: (o) => createVae({ ...o.vae, seed: o.seed }) },
  gan: { compareLr: 1e-3, build: (o) => createGan({ ...o.gan, seed: o.seed }) },
  autoregressive: { compareLr: 3e-3, build: (o) => createAutoregressive({ ...o.autoregressive, seed: o.seed }) },
};

/** Families in display order (the flow first: it is the playground's subject). */
export const FAMILY_ORDER = Object.keys(MODEL_FAMILIES) as ModelFamily[];
