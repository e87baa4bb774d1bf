import { describe, expect, it } from 'vitest';
import { formatSummaryTable, median, summarise, type QualityCell } from './quality-summary';

const cell = (model: string, dataset: string, seed: number, gap: number): QualityCell => ({
  model,
  dataset,
  seed,
  steps: 100,
  testNll: 2 + gap,
  testNllSe: 0.01,
  entropyFloor: 2,
  gapToFloor: gap,
  stepsPerSec: 10 + seed,
  rollbacks: [],
});

describe('quality summary over seeds', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('one summary per recipe and dataset: median gap and its spread over seeds', () => {
    const s = summarise([cell('glow', 'moons', 0, 0.3), cell('glow', 'moons', 2, 0.05), cell('glow', 'moons', 1, 0.1), cell('realnvp', 'moons', 0, 0.02)]);
    expect(s).toHaveLength(2);
    expect(s[0]).toMatchObject({ model: 'glow', dataset: 'moons', seeds: [0, 1, 2], medianGap: 0.1, minGap: 0.05, maxGap: 0.3, target: 0.02, medianStepsPerSec: 11 });
    expect(s[1]).toMatchObject({ model: 'realnvp', seeds: [0], medianGap: 0.02 });
  });

  it('the table has a row per recipe and marks cells with fewer than 3 seeds', () => {
    const table = formatSummaryTable(summarise([cell('glow', 'rings', 0, 0.5), cell('glow', 'rings', 1, 0.7), cell('glow', 'rings', 2, 0.6), cell('planar', 'rings', 0, 1.2)]));
    const lines = table.trim().split('\n');
    expect(lines[1]).toMatch(/^glow\s+0\.600 \[0\.500–0\.700\]$/);
    expect(lines[2]).toMatch(/^planar\s+1\.200 \[1\.200–1\.200\] n=1$/);
    expect(lines[3]).toMatch(/≤ 0\.3/);
  });
});
