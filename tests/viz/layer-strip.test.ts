import { describe, expect, it } from 'vitest';
import { layerLabel, stripGeometry, stripLength, thumbOrigin } from '../../src/viz/layer-strip';
import { LAYER_KINDS } from '../../src/core/flows/registry';
import { GLOSSARY, termDefinition } from '../../src/ui/glossary/glossary';
import { depthWording } from '../../src/ui/layer-wording';

describe('layer strip geometry', () => {
  it('a wide strip runs left to right, its squares as tall as the strip minus the labels', () => {
    const g = stripGeometry(2000, 116);
    expect(g.vertical).toBe(false);
    expect(g.thumb).toBe(100);
    expect(thumbOrigin(g, 3)).toEqual({ x: 3 * g.stride, y: 0 });
  });

  it('a tall strip runs top to bottom, its squares as wide as the strip, each label under its square', () => {
    const g = stripGeometry(120, 3000);
    expect(g.vertical).toBe(true);
    expect(g.thumb).toBe(120);
    expect(thumbOrigin(g, 2).y).toBe(2 * g.stride);
    expect(g.stride).toBeGreaterThan(g.thumb + 16 - 1);
  });

  it('the length it asks for holds every snapshot: the last square ends at the strip end', () => {
    for (const vertical of [false, true]) {
      for (const count of [2, 9, 17, 97]) {
        const length = stripLength(count, 100, vertical);
        const g = vertical ? stripGeometry(100, length) : stripGeometry(length, 116);
        const last = thumbOrigin(g, count - 1);
        const end = (vertical ? last.y + g.thumb + 16 : last.x + g.thumb);
        expect(end, `${count} snapshots, vertical ${vertical}`).toBe(length);
      }
    }
  });

  it('labels: the Gaussian first, then each layer by number and kind', () => {
    expect(layerLabel(0, ['planar'])).toBe('Gaussian');
    expect(layerLabel(2, ['affine-coupling', 'lu-linear'])).toBe('2 LU 1×1 conv');
  });
});

describe('glossary and depth wording', () => {
  it('every layer kind the strip names has a glossary entry, and every entry has a definition', () => {
    for (const kind of Object.keys(LAYER_KINDS)) expect(termDefinition(kind), kind).toBeTruthy();
    expect(new Set(GLOSSARY.map((e) => e.id)).size, 'ids are unique').toBe(GLOSSARY.length);
    for (const e of GLOSSARY) expect(e.definition.length, e.id).toBeGreaterThan(30);
  });

  it('says how the Layers setting and the layer count relate, only when they differ', () => {
    expect(depthWording('glow', 4, 12)).toBe('4 Glow steps = 12 layers');
    expect(depthWording('nice', 8, 9)).toBe('8 couplings + actnorm = 9 layers');
    expect(depthWording('realnvp', 8, 8)).toBeNull();
    expect(depthWording('planar', 16, 16)).toBeNull();
  });
});
