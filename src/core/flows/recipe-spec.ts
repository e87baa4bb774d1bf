import { ACTIVATIONS, type Activation } from '../nn/activations';
import { echo } from '../util/clip-text';
import { FLOW_REGISTRY, FLOW_TYPES, type FlowType } from './registry';

/**
 * What a flow recipe is: its fields, the limits every recipe must keep, the
 * variable shapes it implies, and the check that enforces all of it. Plain
 * arithmetic, no tensors, so a recipe read from a file is judged before a
 * single byte is allocated for it.
 */

export { FLOW_TYPES, type FlowType } from './registry';
export const FLOW_MODES = ['density', 'energy'] as const;
export type FlowMode = (typeof FLOW_MODES)[number];

/**
 * Everything needed to rebuild a flow's architecture; saved beside the weights.
 * `mode` decides which way planar layers are analytic: 'density' (data→latent,
 * for maximum likelihood) or 'energy' (latent→data, for reverse KL).
 */
export interface FlowRecipe {
  type: FlowType;
  layers: number;
  hidden: number;
  /** Hidden layers per coupling network. */
  depth: number;
  activation: Activation;
  mode: FlowMode;
}

/**
 * The largest flow anything here builds: the page's sliders stop at these
 * (state/settings.ts imports them), the CLI's flags too, and a model file
 * asking for more is refused before anything is allocated. The page trains
 * depth-2 couplings; deeper networks are allowed within the parameter budget.
 */
export const MAX_LAYERS = 32;
export const MAX_HIDDEN = 256;
export const MAX_DEPTH = 4;

/** The shape of every variable buildFlow(recipe) creates, in Flow.variables order (tests hold this to the built flow). */
export const recipeVariableShapes = (r: FlowRecipe): number[][] => FLOW_REGISTRY[r.type].variableShapes(r);

/** Trainable numbers in a flow of this recipe, without building it. */
export function parameterCount(r: FlowRecipe): number {
  return recipeVariableShapes(r).reduce((total, shape) => total + shape.reduce((a, b) => a * b, 1), 0);
}

/** The biggest flow the page's controls can build: the budget every recipe must fit in. */
export const MAX_PARAMETERS = Math.max(
  ...FLOW_TYPES.map((type) => parameterCount({ type, layers: MAX_LAYERS, hidden: MAX_HIDDEN, depth: 2, activation: 'relu', mode: 'density' })),
);

export class RecipeError extends Error {
  override name = 'RecipeError';
}

function wholeNumber(raw: Record<string, unknown>, key: string, min: number, max: number): number {
  const v = raw[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new RecipeError(`recipe.${key} must be a whole number from ${min} to ${max}; got ${echo(v)}`);
  }
  return v;
}

function oneOf<T extends string>(raw: Record<string, unknown>, key: string, options: readonly T[]): T {
  const v = raw[key];
  if (typeof v !== 'string' || !options.includes(v as T)) {
    throw new RecipeError(`recipe.${key} must be one of ${options.join(', ')}; got ${echo(v)}`);
  }
  return v as T;
}

/**
 * Check every field of a recipe (from a file, a link or code) and return a
 * clean copy holding only the known fields. Throws RecipeError naming the
 * field. Flow types without conditioner networks (planar) keep hidden and
 * depth only in range (the page stores its slider value there).
 */
export function checkRecipe(raw: unknown): FlowRecipe {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new RecipeError(`recipe must be an object; got ${echo(raw)}`);
  const r = raw as Record<string, unknown>;
  const type = oneOf(r, 'type', FLOW_TYPES);
  const needsNet = FLOW_REGISTRY[type].conditioner;
  const recipe: FlowRecipe = {
    type,
    layers: wholeNumber(r, 'layers', 1, MAX_LAYERS),
    hidden: wholeNumber(r, 'hidden', needsNet ? 1 : 0, MAX_HIDDEN),
    depth: wholeNumber(r, 'depth', needsNet ? 1 : 0, MAX_DEPTH),
    activation: oneOf(r, 'activation', ACTIVATIONS),
    mode: oneOf(r, 'mode', FLOW_MODES),
  };
  const count = parameterCount(recipe);
  if (count > MAX_PARAMETERS) {
    throw new RecipeError(
      `recipe has ${count.toLocaleString('en-US')} parameters (${type}, ${recipe.layers} layers of ${recipe.hidden} hidden × depth ${recipe.depth}); the most this app trains is ${MAX_PARAMETERS.toLocaleString('en-US')}`,
    );
  }
  return recipe;
}
