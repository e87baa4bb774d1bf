/**
 * Two-column point files, the format users bring their own 2-D data in and the
 * format the CLI and the app export samples in.
 *
 * d3-dsv tokenises (quotes, CRLF); on top of it: the separator is guessed from
 * the first line, a comma may be a decimal comma, a byte-order mark or spaces
 * around a field are ignored, and every rejection names the line and the
 * problem, because the person reading it is fixing a file by hand.
 */
import { dsvFormat } from 'd3-dsv';
import { clipText } from '../util/clip-text';
import { coarseColumnProblem, tooLargeProblem } from './trainable';

export const MIN_POINTS = 10;
export const MAX_ROWS = 1_000_000;

export class CsvError extends Error {
  /** 1-based line of the file the problem is on; null when it is about the file as a whole. */
  readonly line: number | null;

  constructor(line: number | null, problem: string) {
    super(line === null ? problem : `line ${line}: ${problem}`);
    this.name = 'CsvError';
    this.line = line;
  }
}

/**
 * 'train' (the default: the page's import and the CLI's --dataset) also refuses
 * points float32 training cannot use (trainable.ts); 'score' (points to
 * evaluate a saved model on) takes any finite float32 values.
 */
export type CsvPurpose = 'train' | 'score';

export interface ParsedPoints {
  /** Row-major [x0, y0, x1, y1, …]. */
  points: Float32Array;
  count: number;
  header: [string, string] | null;
}

/** Tab and semicolon first: with them a comma can be a decimal comma (European spreadsheets). */
const DELIMITERS = ['\t', ';', ','] as const;
type Delimiter = (typeof DELIMITERS)[number];
const DELIMITER_NAMES: Record<Delimiter, string> = { '\t': 'tab', ';': 'semicolon', ',': 'comma' };

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/** A blank line is one field of whitespace (a BOM counts as whitespace to trim()). */
const isBlank = (fields: string[]) => fields.length === 1 && fields[0].trim() === '';

/** d3 only unquotes a field that starts with the quote; ` "lat"` arrives with its quotes. */
function unquote(field: string): string {
  const f = field.trim();
  return f.length >= 2 && f.startsWith('"') && f.endsWith('"') ? f.slice(1, -1).trim() : f;
}

/**
 * d3 swallows the one character after a closing quote, so `"x" ,"y"` would
 * become three fields; spaces between a closing quote and the separator go first.
 */
const closeQuotes = (text: string) => (text.includes('"') ? text.replace(/" +(?=[,;\t\r\n]|$)/g, '"') : text);

/** The first line with anything on it, and its 1-based number (CR, LF and CRLF each end a line, as in d3). */
function firstFilledLine(text: string): [number, string] | null {
  const found = /[^\r\n]*\S[^\r\n]*/.exec(text);
  return found && [text.slice(0, found.index).split(/\r\n?|\n/).length, found[0]];
}

/**
 * The separator that splits the first line into two fields; later lines must use it too.
 * Split by hand: d3 would read `"x",y` as two fields whatever the separator.
 */
function detectDelimiter(line: string, lineNo: number): Delimiter {
  for (const d of DELIMITERS) if (line.split(d).length === 2) return d;
  const present = DELIMITERS.find((d) => line.includes(d));
  if (present === undefined) {
    throw new CsvError(lineNo, 'expected 2 columns separated by a comma, semicolon or tab, found no separator');
  }
  throw new CsvError(lineNo, `expected 2 columns, found ${line.split(present).length} separated by ${DELIMITER_NAMES[present]}`);
}

function checkRow(fields: string[], delimiter: Delimiter, lineNo: number): [string, string] {
  if (fields.length !== 2) {
    throw new CsvError(lineNo, `expected 2 columns separated by ${DELIMITER_NAMES[delimiter]} (as in the first line), found ${fields.length}`);
  }
  return [unquote(fields[0]), unquote(fields[1])];
}

/** Whether the text reads as a number at all (finite or not): decides header or data. */
function looksNumeric(field: string, delimiter: Delimiter): boolean {
  return DECIMAL.test(normaliseDecimal(field, delimiter)) || NON_FINITE.test(field);
}

/** "1,5" means 1.5 when the comma cannot be the column separator. */
function normaliseDecimal(field: string, delimiter: Delimiter): string {
  return delimiter !== ',' && !field.includes('.') ? field.replace(',', '.') : field;
}

function parseValue(field: string, delimiter: Delimiter, lineNo: number, column: number, purpose: CsvPurpose): number {
  if (field === '') throw new CsvError(lineNo, `column ${column} is empty`);
  if (NON_FINITE.test(field)) throw new CsvError(lineNo, `column ${column} is ${field}; only finite numbers are allowed`);
  const text = normaliseDecimal(field, delimiter);
  if (!DECIMAL.test(text)) throw new CsvError(lineNo, `column ${column} is not a number: "${clipText(field)}"`);
  const value = Number(text);
  // Points are stored as float32: a value beyond its range would silently become Infinity.
  if (!Number.isFinite(Math.fround(value))) {
    throw new CsvError(lineNo, `column ${column} (${clipText(field)}) is too large; only finite float32 values are allowed`);
  }
  const tooLarge = purpose === 'train' ? tooLargeProblem(value) : null;
  if (tooLarge) throw new CsvError(lineNo, `column ${column} (${clipText(field)}) is ${tooLarge}`);
  return value;
}

export function parsePointsCsv(raw: string, purpose: CsvPurpose = 'train'): ParsedPoints {
  const text = closeQuotes(raw);
  const first = firstFilledLine(text);
  if (first === null) throw new CsvError(null, `the file has no points; at least ${MIN_POINTS} are needed`);

  const [firstLineNo, firstLine] = first;
  const delimiter = detectDelimiter(firstLine, firstLineNo);
  const dsv = dsvFormat(delimiter);
  const firstFields = checkRow(dsv.parseRows(firstLine)[0], delimiter, firstLineNo);
  const header = firstFields.every((f) => !looksNumeric(f, delimiter)) ? firstFields : null;
  const firstDataLine = header ? firstLineNo + 1 : firstLineNo;
  // d3 passes each row's 0-based index, which is its line's while no quoted field spans lines
  // (such a field is never a number, so the row holding it is the one reported).
  const eachDataRow = (visit: (fields: string[], lineNo: number) => void) =>
    dsv.parseRows(text, (fields, i) => {
      if (i + 1 >= firstDataLine && !isBlank(fields)) visit(fields, i + 1);
      return null;
    });

  // Count rows up to the limit before parsing any, so a huge file is turned away
  // at once and the output array is allocated exactly.
  let capacity = 0;
  eachDataRow((_, lineNo) => {
    if (++capacity > MAX_ROWS) {
      throw new CsvError(lineNo, `more than ${MAX_ROWS.toLocaleString('en-US')} rows; keep files to at most that many points`);
    }
  });
  const points = new Float32Array(2 * capacity);
  let count = 0;
  eachDataRow((fields, lineNo) => {
    const [a, b] = checkRow(fields, delimiter, lineNo);
    points[2 * count] = parseValue(a, delimiter, lineNo, 1, purpose);
    points[2 * count + 1] = parseValue(b, delimiter, lineNo, 2, purpose);
    count++;
  });
  if (count < MIN_POINTS) {
    throw new CsvError(null, `the file has ${count} point${count === 1 ? '' : 's'}; at least ${MIN_POINTS} are needed`);
  }
  const coarse = purpose === 'train' ? coarseColumnProblem(points) : null;
  if (coarse) throw new CsvError(null, coarse);
  return { points, count, header };
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k); // exact in float64 up to 10²²

/**
 * Whether rounding v to `digits` significant digits keeps the same float32, done
 * in arithmetic because string round trips dominate the cost of a 1M-point
 * export. m·10^−k from exact operands is the nearest double to that decimal,
 * just as parsing it would be. Only a candidate: the caller confirms on the text.
 */
function fitsIn(v: number, digits: number, exponent: number): boolean {
  const k = digits - 1 - exponent;
  if (Math.abs(k) > 22) return true;
  const scale = POWERS_OF_TEN[Math.abs(k)];
  const candidate = k >= 0 ? Math.round(v * scale) / scale : Math.round(v / scale) * scale;
  return Math.fround(candidate) === v;
}

/**
 * The shortest decimal that reads back as the same float32: shorter than
 * String(v), which spells out the float64 value of a float32 (0.1f prints as
 * 0.10000000149011612), and exact, which a fixed 6 or 7 digits would not be.
 */
function float32Text(v: number): string {
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const exponent = Math.floor(Math.log10(Math.abs(v)));
  for (let digits = 1; digits < 9; digits++) {
    if (!fitsIn(v, digits, exponent)) continue;
    const text = v.toPrecision(digits);
    const value = Number(text);
    // toPrecision writes 100 as "1e+2"; String() writes plain digits from 1e-7 to 1e21.
    if (Math.fround(value) === v) return text.includes('e') ? String(value) : text;
  }
  // Nine significant digits always identify a float32.
  return String(Number(v.toPrecision(9)));
}

/** "x,y" lines, one point each, ending in a newline; parsePointsCsv reads it back exactly. */
export function pointsToCsv(points: Float32Array, header = true): string {
  if (points.length % 2 !== 0) throw new RangeError(`points must hold x,y pairs; got ${points.length} values`);
  const rows: string[] = header ? ['x,y'] : [];
  for (let i = 0; i < points.length; i += 2) {
    const x = points[i];
    const y = points[i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new RangeError(`point ${i / 2} is not finite (${x}, ${y}); a CSV of it could not be read back`);
    }
    rows.push(`${float32Text(x)},${float32Text(y)}`);
  }
  return rows.join('\n') + '\n';
}
