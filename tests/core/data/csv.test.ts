import { describe, expect, it } from 'vitest';
import { CsvError, parsePointsCsv, pointsToCsv } from '../../../src/core/data/csv';
import { createRng } from '../../../src/core/util/rng';

/** n data rows "i,-i/2" joined with `sep`. */
const rows = (n: number, sep = ',') => Array.from({ length: n }, (_, i) => `${i}${sep}${-i / 2}`);
const expectedPoints = (n: number) => Float32Array.from({ length: 2 * n }, (_, j) => (j % 2 === 0 ? j / 2 : 0 - (j - 1) / 4));

/** The CsvError thrown for `text`, for asserting on its line and message. */
function errorOf(text: string): CsvError {
  try {
    parsePointsCsv(text);
  } catch (e) {
    if (e instanceof CsvError) return e;
    throw e;
  }
  throw new Error('expected a CsvError, but the text parsed');
}

describe('parsePointsCsv: what it accepts', () => {
  it('reads plain comma rows without a header', () => {
    const parsed = parsePointsCsv(rows(12).join('\n'));
    expect(parsed.header).toBeNull();
    expect(parsed.count).toBe(12);
    expect(parsed.points).toEqual(expectedPoints(12));
  });

  it.each([
    ['comma', ','],
    ['semicolon', ';'],
    ['tab', '\t'],
  ])('detects the %s delimiter and a header line', (_name, sep) => {
    const parsed = parsePointsCsv([`x${sep}y`, ...rows(10, sep)].join('\n'));
    expect(parsed.header).toEqual(['x', 'y']);
    expect(parsed.count).toBe(10);
    expect(parsed.points).toEqual(expectedPoints(10));
  });

  it('tolerates CRLF, blank lines, surrounding spaces, quotes and a trailing newline', () => {
    const text = ['"lon" , "lat"', '', ...rows(5).map((r) => ` ${r} `), '  ', '"5","-2.5"', ...rows(10).slice(6), '', ''].join('\r\n');
    const parsed = parsePointsCsv(text);
    expect(parsed.header).toEqual(['lon', 'lat']);
    expect(parsed.count).toBe(10);
    expect(parsed.points).toEqual(expectedPoints(10));
  });

  it('takes the first line as data when it holds a number, and as a header only when nothing in it is numeric', () => {
    expect(parsePointsCsv(['1e3,-.5', ...rows(9)].join('\n')).points.slice(0, 2)).toEqual(new Float32Array([1000, -0.5]));
    const mixed = errorOf(['x,1', ...rows(10)].join('\n'));
    expect(mixed.line).toBe(1);
    expect(mixed.message).toMatch(/line 1: column 1 is not a number: "x"/);
  });

  it('reads decimal commas when columns are split by semicolons (European spreadsheets)', () => {
    const parsed = parsePointsCsv(['x;y', ...rows(10).map((r) => r.replace(',', ';').replace('.', ','))].join('\n'));
    expect(parsed.points).toEqual(expectedPoints(10));
  });

  it('ignores a byte-order mark, before a header or before the first point', () => {
    const withHeader = parsePointsCsv('\uFEFF"x";"y"\n' + rows(10, ';').join('\n'));
    expect(withHeader.header).toEqual(['x', 'y']);
    expect(withHeader.points).toEqual(expectedPoints(10));
    expect(parsePointsCsv('\uFEFF' + rows(10).join('\n')).points).toEqual(expectedPoints(10));
  });

  it('reads quoted decimal commas, doubled quotes inside a header, and old Mac line ends (CR alone)', () => {
    const quotedRows = rows(10, ';').map((r) => r.split(';').map((f) => `"${f.replace('.', ',')}"`).join(';'));
    const quoted = parsePointsCsv(['"x ""east""";y', ...quotedRows].join('\n'));
    expect(quoted.header).toEqual(['x "east"', 'y']);
    expect(quoted.points).toEqual(expectedPoints(10));
    const cr = ['x,y', ...rows(10)].join('\r');
    expect(parsePointsCsv(cr).points).toEqual(expectedPoints(10));
    expect(errorOf(cr.replace('3,-1.5', '3,?')).line).toBe(5);
  });

  it('accepts exactly 1,000,000 rows', () => {
    const parsed = parsePointsCsv('x,y\n' + '0.25,-1\n'.repeat(1_000_000));
    expect(parsed.count).toBe(1_000_000);
    expect(parsed.points[1_999_999]).toBe(-1);
  });
});

describe('parsePointsCsv: what it rejects, and where', () => {
  const data = (bad: string, at: number) => {
    const lines = rows(12);
    lines[at - 1] = bad;
    return lines.join('\n');
  };

  it.each([
    ['non-numeric text', data('3,abc', 4), 4, /line 4: column 2 is not a number: "abc"/],
    ['a number with trailing junk', data('1.5x,2', 2), 2, /line 2: column 1 is not a number: "1.5x"/],
    ['hexadecimal', data('0x10,2', 2), 2, /column 1 is not a number/],
    ['NaN', data('NaN,1', 3), 3, /line 3: column 1 is NaN; only finite numbers/],
    ['Infinity', data('1,-Infinity', 7), 7, /line 7: column 2 is -Infinity; only finite numbers/],
    ['inf', data('inf,1', 5), 5, /line 5: column 1 is inf; only finite/],
    ['a value beyond float32', data('1e39,0', 6), 6, /line 6: column 1 \(1e39\) is too large/],
    ['an empty field', data('1,', 8), 8, /line 8: column 2 is empty/],
    ['three columns', data('1,2,3', 9), 9, /line 9: expected 2 columns separated by comma \(as in the first line\), found 3/],
    ['one column', data('12', 10), 10, /line 10: expected 2 columns .* found 1/],
    ['a switch of delimiter', data('1;2', 11), 11, /line 11: expected 2 columns separated by comma/],
  ])('%s', (_what, text, line, message) => {
    const err = errorOf(text);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('CsvError');
    expect(err.line).toBe(line);
    expect(err.message).toMatch(message);
  });

  it('counts lines as they are in the file, blank ones and the header included', () => {
    const err = errorOf(['x,y', '', ...rows(3), '', '1,oops', ...rows(8)].join('\r\n'));
    expect(err.line).toBe(7);
  });

  it('rejects a first line with no separator, or too many fields', () => {
    expect(errorOf(['1 2', ...rows(10)].join('\n'))).toMatchObject({ line: 1, message: expect.stringMatching(/no separator/) });
    expect(errorOf(['a,b,c', ...rows(10)].join('\n'))).toMatchObject({ line: 1, message: expect.stringMatching(/found 3 separated by comma/) });
  });

  it('rejects fewer than 10 points, as a problem of the whole file', () => {
    const few = errorOf(['x,y', ...rows(9)].join('\n'));
    expect(few.line).toBeNull();
    expect(few.message).toMatch(/9 points; at least 10/);
    expect(errorOf('').message).toMatch(/no points/);
    expect(errorOf('x,y\n\n').message).toMatch(/0 points/);
  });

  it('rejects 1,000,001 rows before parsing them', () => {
    // A bad row before the limit: a parser that read every row first would report it instead.
    const text = 'x,y\n' + '1,2\n'.repeat(999_998) + 'bad,row\n' + '1,2\n'.repeat(2);
    const err = errorOf(text);
    expect(err.line).toBe(1_000_002);
    expect(err.message).toMatch(/more than 1,000,000 rows/);
    expect(errorOf('1,2\n'.repeat(1_000_001)).line).toBe(1_000_001);
  });
});

describe('pointsToCsv', () => {
  it('writes x,y lines with a header by default and short numbers where they are exact', () => {
    expect(pointsToCsv(new Float32Array([0.5, -2, 0.1, 100]))).toBe('x,y\n0.5,-2\n0.1,100\n');
    expect(pointsToCsv(new Float32Array([1, 2]), false)).toBe('1,2\n');
  });

  it('round-trips through parsePointsCsv exactly to float32, whatever the bits', () => {
    const rng = createRng(9);
    const bits = new Uint32Array(40_000).map(() => Math.floor(rng.uniform() * 2 ** 32));
    // Every finite float32: subnormals, huge and tiny exponents, −0.
    const points = new Float32Array(bits.buffer).map((v) => (Number.isFinite(v) ? v : 1));
    points.set([-0, 0, 3.4028234663852886e38, -1.401298464324817e-45]);
    // 'score': the format must carry every float32, even those training refuses.
    const back = parsePointsCsv(pointsToCsv(points), 'score');
    expect(back.header).toEqual(['x', 'y']);
    expect(back.count).toBe(20_000);
    for (let i = 0; i < points.length; i++) if (!Object.is(back.points[i], points[i])) expect([i, back.points[i]]).toEqual([i, points[i]]);
  });

  it('refuses points that could not be read back', () => {
    expect(() => pointsToCsv(new Float32Array([1, NaN]))).toThrow(/point 0 is not finite/);
    expect(() => pointsToCsv(new Float32Array([1, 2, 3]))).toThrow(RangeError);
  });
});
