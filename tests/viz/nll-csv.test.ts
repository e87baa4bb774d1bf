import { describe, expect, it } from 'vitest';
import { MAX_STORED_POINTS, storedCount } from '../../src/state/series';
import { seriesOf } from '../state/helpers/series-of';
import type { Series } from '../../src/state/types';
import { csvField, curvesToCsv, CURVES_CSV_HEADER } from '../../src/ui/export/nll-csv';

/** An RFC 4180 reader, so the test checks what a spreadsheet would see rather than the exact bytes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

const SERIES: Series[] = [
  { id: 'flow-test-nll', family: 'flow', label: 'Flow, RealNVP "8 layers"', kind: 'exact', split: 'test', points: seriesOf([0, 10, 20], [3.141592653589793, 2.000000001, 1e-7]) },
  { id: 'vae-train-neg-elbo', family: 'vae', label: 'VAE −ELBO', kind: 'bound', split: 'train', points: seriesOf([5], [-0.1 - 0.2]) },
  { id: 'gan-test-kde', family: 'gan', label: 'GAN', kind: 'estimate', split: 'test', points: seriesOf([], []) },
];

describe('curvesToCsv', () => {
  it('writes the header and one row per point', () => {
    const rows = parseCsv(curvesToCsv(SERIES));
    expect(rows[0].join(',')).toBe(CURVES_CSV_HEADER);
    expect(rows).toHaveLength(1 + 3 + 1);
    expect(rows[1].slice(0, 5)).toEqual(['Flow, RealNVP "8 layers"', 'flow', 'exact', 'test', '0']);
    expect(rows[4]).toEqual(['VAE −ELBO', 'vae', 'bound', 'train', '5', String(-0.1 - 0.2)]);
  });

  it('round-trips every number exactly', () => {
    const rows = parseCsv(curvesToCsv(SERIES)).slice(1);
    const values = rows.map((r) => Number(r[5]));
    expect(values).toEqual([3.141592653589793, 2.000000001, 1e-7, -0.1 - 0.2]);
    expect(rows.map((r) => Number(r[4]))).toEqual([0, 10, 20, 5]);
  });

  it('quotes only the fields that need it', () => {
    expect(csvField('GAN')).toBe('GAN');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(curvesToCsv(SERIES)).toContain('"Flow, RealNVP ""8 layers""",flow,exact,test,0,3.141592653589793\n');
  });

  it('leaves a missing value empty and keeps infinities readable', () => {
    const rows = parseCsv(curvesToCsv([{ ...SERIES[2], points: seriesOf([1, 2], [Number.NaN, Infinity]) }])).slice(1);
    expect(rows.map((r) => r[5])).toEqual(['', 'Infinity']);
    expect(Number(rows[1][5])).toBe(Infinity);
  });

  it('a long curve exports what the page stores: bounded rows, every recent point, the extremes of old history', () => {
    const n = 50_000;
    const steps = Array.from({ length: n }, (_, i) => i);
    const values = steps.map((i) => (i === 777 ? 9 : 2 + Math.cos(i)));
    const series = seriesOf(steps, values);
    const rows = parseCsv(curvesToCsv([{ ...SERIES[0], points: series }])).slice(1);
    expect(rows.length).toBe(storedCount(series));
    expect(rows.length).toBeLessThanOrEqual(MAX_STORED_POINTS);
    expect(rows.find((r) => r[4] === '777')?.[5]).toBe('9');
    expect(rows.at(-1)!.slice(4)).toEqual([String(n - 1), String(values[n - 1])]);
  });

  it('is just the header when there are no curves yet', () => {
    expect(curvesToCsv([])).toBe(`${CURVES_CSV_HEADER}\n`);
  });
});
