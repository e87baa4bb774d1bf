import { describe, expect, it } from 'vitest';
import { brushStroke, dabCentres, DAB_POINTS, MAX_DABS_PER_EVENT, sprinkleDisc } from '../../../src/ui/data/brush';
import { plotFrame } from '../../../src/viz/plot-frame';

/** A small seeded stream (mulberry32), so the tests see the same points every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BOX = { x0: -4, x1: 4, y0: -4, y1: 4 };

describe('sprinkleDisc', () => {
  it('puts every point inside the disc', () => {
    const pts = sprinkleDisc({ x: 50, y: 60 }, 10, 2000, seeded(1));
    expect(pts.length).toBe(4000);
    for (let i = 0; i < pts.length; i += 2) expect(Math.hypot(pts[i] - 50, pts[i + 1] - 60)).toBeLessThanOrEqual(10 + 1e-4);
  });

  it('is uniform over the area: about a quarter of the points fall within half the radius', () => {
    const n = 20000;
    const pts = sprinkleDisc({ x: 0, y: 0 }, 1, n, seeded(2));
    let inner = 0;
    let right = 0;
    for (let i = 0; i < pts.length; i += 2) {
      if (Math.hypot(pts[i], pts[i + 1]) < 0.5) inner++;
      if (pts[i] > 0) right++;
    }
    expect(inner / n).toBeCloseTo(0.25, 1);
    expect(right / n).toBeCloseTo(0.5, 1);
  });
});

describe('dabCentres', () => {
  it('dabs once at the start of a stroke', () => {
    expect(dabCentres(null, { x: 3, y: 4 }, 10)).toEqual([{ x: 3, y: 4 }]);
  });

  it('spaces dabs along a long move and ends where the pointer is', () => {
    const dabs = dabCentres({ x: 0, y: 0 }, { x: 100, y: 0 }, 10);
    expect(dabs).toHaveLength(10);
    expect(dabs.at(-1)).toEqual({ x: 100, y: 0 });
    expect(dabs[0]).toEqual({ x: 10, y: 0 });
  });

  it('dabs once for a small move and caps a huge jump', () => {
    expect(dabCentres({ x: 0, y: 0 }, { x: 1, y: 1 }, 10)).toHaveLength(1);
    expect(dabCentres({ x: 0, y: 0 }, { x: 1e6, y: 0 }, 1)).toHaveLength(MAX_DABS_PER_EVENT);
  });
});

describe('brushStroke', () => {
  it('maps the brush into data coordinates around the pointer', () => {
    // 200 px for 8 units: the centre pixel (100, 100) is the origin, 25 px per unit.
    const frame = plotFrame(BOX, 200, 200);
    const pts = brushStroke(frame, null, { x: 150, y: 50 }, 5, seeded(3));
    expect(pts.length).toBe(2 * DAB_POINTS);
    for (let i = 0; i < pts.length; i += 2) {
      // (150, 50) px is (2, 2) in data (y up); 5 px is 0.2 units.
      expect(Math.hypot(pts[i] - 2, pts[i + 1] - 2)).toBeLessThanOrEqual(0.2 + 1e-5);
    }
  });

  it('follows the frame when the canvas is wider than the square', () => {
    const frame = plotFrame(BOX, 300, 200); // square from x = 50 to 250
    const pts = brushStroke(frame, null, { x: 150, y: 100 }, 0, seeded(4));
    expect(pts[0]).toBeCloseTo(0, 5);
    expect(pts[1]).toBeCloseTo(0, 5);
  });

  it('keeps only points inside the view box', () => {
    const frame = plotFrame(BOX, 300, 200);
    expect(brushStroke(frame, null, { x: 10, y: 100 }, 5, seeded(5)).length).toBe(0);
    const edge = brushStroke(frame, { x: 50, y: 100 }, { x: 50, y: 150 }, 8, seeded(6));
    for (let i = 0; i < edge.length; i += 2) expect(edge[i]).toBeGreaterThanOrEqual(BOX.x0);
  });
});
