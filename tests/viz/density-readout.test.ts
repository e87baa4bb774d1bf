import { describe, expect, it } from 'vitest';
import { densityUnderPointer } from '../../src/viz/density-readout';

const box = { x0: -2, x1: 2, y0: -2, y1: 2 };
/** 4×4 cells, each value its own index, so the test can see which cell was read. */
const grid = { step: 0, method: 'exact', size: 4, logDensity: Float32Array.from({ length: 16 }, (_, k) => k) };

describe('densityUnderPointer', () => {
  it('reads the cell under the pointer, row 0 at the bottom of the plot', () => {
    // A 200×100 canvas: the plot is the 100 px square centred at x 50..150.
    expect(densityUnderPointer(grid, box, 200, 100, 51, 99)).toMatchObject({ logDensity: 0 }); // bottom-left cell
    expect(densityUnderPointer(grid, box, 200, 100, 149, 99)).toMatchObject({ logDensity: 3 }); // bottom-right
    expect(densityUnderPointer(grid, box, 200, 100, 51, 1)).toMatchObject({ logDensity: 12 }); // top-left
    const centre = densityUnderPointer(grid, box, 200, 100, 100, 50)!;
    expect(centre.x).toBeCloseTo(0);
    expect(centre.y).toBeCloseTo(0);
  });

  it('is null beside the square plot and on a non-finite cell', () => {
    expect(densityUnderPointer(grid, box, 200, 100, 20, 50)).toBeNull();
    const holes = { ...grid, logDensity: new Float32Array(16).fill(-Infinity) };
    expect(densityUnderPointer(holes, box, 200, 100, 100, 50)).toBeNull();
  });
});
