import { buildFlow, recipeFor, type FlowRecipe } from '../../../src/core/flows/recipes';
import { flowInfo, type FlowType } from '../../../src/core/flows/registry';
import type { Flow } from '../../../src/core/flows/flow';
import type { Rng } from '../../../src/core/util/rng';
import { randomizeVariables, randomPoints } from './randomize';

/*
 * Every flow type at a size a test can build, check and briefly train in
 * seconds on wasm, derived from the registry so a new type is covered by the
 * shared tests without an edit to them.
 */

/**
 * A few layers of 32 hidden units. Layers without conditioner networks are
 * tiny (planar: 5 parameters), so they get more; a unit of several bijectors
 * (a Glow step, a spline coupling + LU) counts for more, so those get fewer.
 */
export function smallRecipe(type: FlowType, overrides: Partial<FlowRecipe> = {}): FlowRecipe {
  const info = flowInfo(type);
  const layers = !info.conditioner ? 8 : info.unit ? 2 : 4;
  return recipeFor(type, { layers, hidden: 32, depth: 2, ...overrides });
}

/**
 * Scale of the N(0, s²) parameter randomisation that takes a small flow far
 * from the Gaussian. Conditioner networks compound: at 0.3 some seeds give
 * coupling scales of e^±10 and a density hundreds wide; 0.15 is still far from
 * the Gaussian (max |log p − log N| of 1.3–23 over six seeds).
 */
export const randomScale = (type: FlowType): number => (flowInfo(type).conditioner ? 0.15 : 0.5);

/** A small flow with randomised parameters, its data-dependent layers (actnorm) set from a skewed batch, as in the app. */
export function randomFlow(type: FlowType, rng: Rng, recipe: FlowRecipe = smallRecipe(type)): Flow {
  const flow = buildFlow(recipe, rng.int(1_000_000));
  randomizeVariables(flow.variables, rng, randomScale(type));
  if (flow.needsDataInit) {
    const data = randomPoints(256, rng, [2.5, 0.4], [1, -3]);
    flow.initializeFromData(data);
    data.dispose();
  }
  return flow;
}
