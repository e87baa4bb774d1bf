import { describe, expect, it } from 'vitest';
import { CsvError, parsePointsCsv, pointsToCsv } from '../../../src/core/data/csv';
import { describeDegeneracy } from '../../../src/core/data/degenerate';
import { pointsSource } from '../../../src/core/data/source';
import { TOY_DATASETS } from '../../../src/core/data/toy';
import { MAX_ABS_COORDINATE, MIN_STEPS_PER_SPREAD } from '../../../src/core/data/trainable';
import { buildFlow, FLOW_TYPES, recipeFor } from '../../../src/core/flows/recipes';
import { Trainer } from '../../../src/core/train/trainer';
import { float32Spacing } from '../../../src/core/util/float32';
import { createRng } from '../../../src/core/util/rng';

/** n points of N(0, 1)² shifted by `offset` along x. */
function offsetGaussian(n: number, offset: number, seed = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: 2 * n }, (_, i) => rng.normal() + (i % 2 === 0 ? offset : 0));
}

const csvError = (text: string) => {
  try {
    parsePointsCsv(text);
  } catch (err) {
    expect(err).toBeInstanceOf(CsvError);
    return (err as Error).message;
  }
  throw new Error('the file was accepted');
};

describe('data no float32 training can use is refused at load', () => {
  it('a value near 1e30 is refused on its line, with what to do', () => {
    const text = 'x,y\n' + '1,2\n'.repeat(12) + '1e30,3\n';
    expect(csvError(text)).toBe(
      'line 14: column 1 (1e30) is too large to train on: coordinates must lie within ±1e15, because training squares them in float32; divide the data by a power of ten first',
    );
    // Scoring a saved model on such points is still allowed: nothing is trained on them.
    expect(parsePointsCsv(text, 'score').count).toBe(13);
  });

  it('the limit is ±1e15 exactly', () => {
    const spread = Array.from({ length: 12 }, (_, i) => `${i * 1e13},${-i * 1e13}`).join('\n');
    expect(parsePointsCsv(`${spread}\n${MAX_ABS_COORDINATE},-1e15\n`).count).toBe(13);
    expect(csvError(`${spread}\n1.01e15,0\n`)).toMatch(/^line 13: column 1 \(1.01e15\) is too large to train on/);
  });

  // Why a limit there, measured: at 1e19 the squares alone overflow float32 and no
  // flow takes a single finite step; at 1e15, with the page's largest batch, the
  // flows with actnorm (Glow, NICE) train.
  it('at 1e19 no flow can take a finite step; at 1e15 Glow and NICE can', async () => {
    const moons = TOY_DATASETS.moons.sample(2000, createRng(2));
    const finiteSteps = async (type: (typeof FLOW_TYPES)[number], scale: number, batch: number) => {
      const flow = buildFlow(recipeFor(type, { layers: 2, hidden: 8 }), 0);
      const trainer = new Trainer(flow, pointsSource(moons.map((v) => v * scale), 0, 'scaled'), { lr: 5e-3, batch, seed: 0, maxBadSteps: 1000 });
      for (let i = 0; i < 6; i++) trainer.trainStep();
      const { skippedSteps } = await trainer.read();
      trainer.dispose();
      flow.dispose();
      return 6 - skippedSteps;
    };
    for (const type of FLOW_TYPES) expect(await finiteSteps(type, 1e19, 16), type).toBe(0);
    for (const type of ['glow', 'nice'] as const) expect(await finiteSteps(type, MAX_ABS_COORDINATE, 1024), type).toBe(6);
  });

  it('N(0,1) + 1e6 is refused as too coarse for float32, with the shift to subtract; + 1e3 is accepted', () => {
    expect(float32Spacing(1e6)).toBe(0.0625);
    const message = csvError(pointsToCsv(offsetGaussian(500, 1e6)));
    expect(message).toMatch(
      /^column 1 is centred near 1000000 but spreads only about 0\.9\d+: float32, which training uses, stores values there in steps of 0\.0625, too coarse to learn a density from; subtract about 1000000 from column 1 first \(a shift leaves the NLL unchanged\)$/,
    );
    expect(parsePointsCsv(pointsToCsv(offsetGaussian(500, 1e3))).count).toBe(500);
    // The threshold in float32 steps: a spread of 1,000 steps of 0.0625 at 1e6 is accepted.
    const wide = offsetGaussian(500, 1e6).map((v, i) => (i % 2 === 0 ? 1e6 + (v - 1e6) * 0.0625 * MIN_STEPS_PER_SPREAD * 1.2 : v));
    expect(parsePointsCsv(pointsToCsv(wide)).count).toBe(500);
  });

  it('the second column is checked too, and a column with no spread is left to the degeneracy notice', () => {
    const swapped = offsetGaussian(100, 1e6).map((_, i, a) => a[i % 2 === 0 ? i + 1 : i - 1]);
    expect(csvError(pointsToCsv(swapped))).toMatch(/^column 2 is centred near 1000000/);
    const flat = offsetGaussian(100, 0).map((v, i) => (i % 2 === 1 ? 1e6 : v));
    expect(parsePointsCsv(pointsToCsv(flat)).count).toBe(100);
    expect(describeDegeneracy(flat)?.kind).toBe('line');
  });
});

describe('describeDegeneracy is scale- and offset-aware', () => {
  it('N(0,1) + 1e6 is a cloud, not "all the same point"', () => {
    expect(describeDegeneracy(offsetGaussian(500, 1e6))).toBeNull();
    expect(describeDegeneracy(offsetGaussian(500, 1e6).map((v) => v * 1e3))).toBeNull();
  });

  it('points that differ only by float32 rounding are one point, however far out', () => {
    for (const where of [1e6, -3e9, 0.7]) {
      const step = float32Spacing(where);
      const jittered = Float32Array.from({ length: 400 }, (_, i) => where + (i % 3) * step);
      expect(float32Spacing(jittered[2])).toBe(step);
      expect(new Set(jittered).size).toBe(3);
      expect(describeDegeneracy(jittered)?.kind, String(where)).toBe('point');
    }
  });

  it('data in tiny units is not a point', () => {
    for (const scale of [1e-6, 1e-20, 1e-35]) {
      expect(describeDegeneracy(TOY_DATASETS.moons.sample(500, createRng(5)).map((v) => v * scale)), String(scale)).toBeNull();
    }
  });
});

describe('float32Spacing', () => {
  it('is the gap to the next float32 up', () => {
    for (const v of [1, 1.5, 2, 3, 1e6, 0.1, 1e-30, 3.4e38, 2 ** -126]) {
      const f = Math.fround(v);
      const bits = new Uint32Array(new Float32Array([f]).buffer)[0];
      const next = new Float32Array(new Uint32Array([bits + 1]).buffer)[0];
      expect(float32Spacing(f), String(v)).toBe(next - f);
    }
    expect(float32Spacing(0)).toBe(2 ** -149);
    expect(float32Spacing(-1e6)).toBe(0.0625);
  });
});
