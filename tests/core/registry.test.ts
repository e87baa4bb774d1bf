import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkRecipe, parameterCount, recipeVariableShapes } from '../../src/core/flows/recipe-spec';
import { buildFlow, FLOW_BUILDERS, recipeFor } from '../../src/core/flows/recipes';
import { FLOW_REGISTRY, FLOW_TYPES, flowInfo, LAYER_KINDS, layerName, presetOf, presetSize } from '../../src/core/flows/registry';
import { SETTINGS, suggestedLayers } from '../../src/state/settings';
import { glossaryEntry } from '../../src/ui/glossary/glossary';
import { flowTable, README, readmeBlock } from '../../scripts/flow-table';

/*
 * The registry is the one description of each flow type; these hold the
 * things derived from it (builders, menu, strip names, README) to it.
 */

describe('flow registry', () => {
  it('has a builder for exactly its types, and the Flow menu lists them with their labels', () => {
    expect(Object.keys(FLOW_BUILDERS).sort()).toEqual([...FLOW_TYPES].sort());
    const menu = SETTINGS.flow.control;
    expect(menu.type === 'select' && menu.options).toEqual(FLOW_TYPES.map((t) => ({ value: t, label: FLOW_REGISTRY[t].label })));
  });

  it.each(FLOW_TYPES)('%s: the built flow has the registry shapes, every layer kind named and explained', (type) => {
    const recipe = recipeFor(type, { layers: 3, hidden: 8 });
    const flow = buildFlow(recipe, 1);
    try {
      expect(recipeVariableShapes(recipe)).toEqual(flow.variables.map((v) => [...v.shape]));
      for (const layer of flow.layers) {
        expect(Object.keys(LAYER_KINDS), layer.kind).toContain(layer.kind);
        expect(layerName(layer.kind)).toBe(LAYER_KINDS[layer.kind as keyof typeof LAYER_KINDS].name);
        expect(glossaryEntry(layer.kind)?.term).toBe(layerName(layer.kind));
      }
      // The Layers setting counts the registry's unit; without one, one unit is one layer.
      if (!flowInfo(type).unit) expect(flow.layers.length).toBe(recipe.layers);
    } finally {
      flow.dispose();
    }
  });

  it.each(FLOW_TYPES)('%s: description terms are glossary entries; defaults and presets are valid recipes and name themselves', (type) => {
    for (const part of flowInfo(type).description) if (typeof part !== 'string') expect(glossaryEntry(part.term), part.term).toBeDefined();
    for (const preset of [null, ...Object.keys(flowInfo(type).presets)]) {
      const size = presetSize(type, preset);
      expect(() => checkRecipe(recipeFor(type, size))).not.toThrow();
      expect(parameterCount(recipeFor(type, size))).toBeGreaterThan(0);
      expect(size.batch).toBeGreaterThan(0);
      if (preset) expect(presetOf(type, size)).toBe(preset);
      if (preset) expect(SETTINGS.batch.parse(String(size.batch))).toEqual({ ok: true, value: size.batch });
    }
    expect(suggestedLayers(type)).toBe(presetSize(type, 'live').layers);
    expect(() => presetSize(type, 'no-such-preset')).toThrow(/has no preset 'no-such-preset'; it has live/);
  });

  it("the page's default settings are its default flow's live preset", () => {
    const flow = SETTINGS.flow.default;
    const live = presetSize(flow, 'live');
    expect([SETTINGS.layers.default, SETTINGS.hidden.default, SETTINGS.batch.default]).toEqual([live.layers, live.hidden, live.batch]);
  });

  it("the README's flow table is the one generated from the registry", () => {
    const block = readmeBlock(readFileSync(README, 'utf8'));
    expect(block, 'README.md has the flow-table markers').not.toBeNull();
    expect(block, 'README.md\'s flow table is out of date: run `npm run docs:flows`').toBe(flowTable());
    // The generated rows name every type with its label and sizes.
    for (const type of FLOW_TYPES) expect(flowTable()).toContain(`| \`${type}\` | ${FLOW_REGISTRY[type].label} |`);
  });
});
