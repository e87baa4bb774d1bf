import { describe, expect, it } from 'vitest';
import { checkRecipe, MAX_DEPTH, MAX_HIDDEN, MAX_LAYERS, MAX_PARAMETERS, parameterCount, recipeVariableShapes, RecipeError, type FlowRecipe } from '../../src/core/flows/recipe-spec';
import { buildFlow, FLOW_TYPES, recipeFor } from '../../src/core/flows/recipes';
import { SETTINGS } from '../../src/state/settings';

describe('recipe spec', () => {
  // The model-file check trusts these shapes instead of building the flow: they must be the built flow's.
  it.each([
    recipeFor('planar', { layers: 3 }),
    recipeFor('planar', { layers: 2, hidden: 64, mode: 'energy' }),
    recipeFor('nice', { layers: 3, hidden: 5, depth: 1 }),
    recipeFor('nice', { layers: 2, hidden: 7, depth: 3 }),
    recipeFor('realnvp', { layers: 4, hidden: 6, depth: 2 }),
    recipeFor('glow', { layers: 3, hidden: 4, depth: 3, activation: 'tanh' }),
    recipeFor('spline', { layers: 3, hidden: 5, depth: 2 }),
    recipeFor('maf', { layers: 3, hidden: 6, depth: 1 }),
    recipeFor('iaf', { layers: 2, hidden: 4, depth: 3 }),
  ])('shapes of %j are those buildFlow creates', (recipe) => {
    const flow = buildFlow(recipe, 3);
    expect(recipeVariableShapes(recipe)).toEqual(flow.variables.map((v) => [...v.shape]));
    expect(parameterCount(recipe)).toBe(flow.variables.reduce((a, v) => a + v.size, 0));
    flow.dispose();
  });

  it('the parameter budget is the largest flow the page can build, and every page recipe fits it', () => {
    const layers = SETTINGS.layers.control as { max: number };
    expect(layers.max).toBe(MAX_LAYERS);
    expect(SETTINGS.hidden.parse(String(MAX_HIDDEN))).toEqual({ ok: true, value: MAX_HIDDEN });
    for (const type of FLOW_TYPES) {
      expect(() => checkRecipe(recipeFor(type, { layers: MAX_LAYERS, hidden: MAX_HIDDEN, depth: 2 }))).not.toThrow();
    }
    // A spline MADE's 2·(3K − 1) = 46 outputs per layer (two inputs) make MAF/IAF with splines the largest at full size.
    expect(MAX_PARAMETERS).toBe(parameterCount(recipeFor('maf-spline', { layers: MAX_LAYERS, hidden: MAX_HIDDEN, depth: 2 })));
    expect(MAX_PARAMETERS).toBeGreaterThan(parameterCount(recipeFor('spline', { layers: MAX_LAYERS, hidden: MAX_HIDDEN, depth: 2 })));
    expect(() => checkRecipe(recipeFor('realnvp', { layers: MAX_LAYERS, hidden: MAX_HIDDEN, depth: MAX_DEPTH }))).toThrow(/parameters/);
  });

  it('buildFlow refuses what the file check refuses', () => {
    const bogus = { ...recipeFor('realnvp'), activation: 'bogus' } as unknown as FlowRecipe;
    expect(() => buildFlow(bogus, 0)).toThrow(RecipeError);
    expect(() => buildFlow(recipeFor('glow', { layers: MAX_LAYERS + 1 }), 0)).toThrow('recipe.layers must be a whole number from 1 to 32; got 33');
  });
});
