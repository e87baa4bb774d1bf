import { storedPoints } from '../../state/series';
import type { Series } from '../../state/types';

export const CURVES_CSV_HEADER = 'series,family,kind,split,step,value';

/**
 * The NLL chart's curves as long-format CSV, one row per point, so a
 * spreadsheet or pandas can plot or pivot them. Numbers are written in full
 * (JavaScript's shortest round-tripping form), not as the chart rounds them.
 * It writes what the page stores: every recent point, and for older history
 * (state/series.ts) each bucket's lowest and highest point, at their own steps.
 */
export function curvesToCsv(series: readonly Series[]): string {
  const rows = [CURVES_CSV_HEADER];
  for (const s of series) {
    const { steps, values } = storedPoints(s.points);
    for (let i = 0; i < steps.length; i++) {
      rows.push([s.label, s.family, s.kind, s.split].map(csvField).concat(csvNumber(steps[i]), csvNumber(values[i])).join(','));
    }
  }
  return rows.join('\n') + '\n';
}

/** RFC 4180: quote a field holding a comma, quote, line break or edge space; double its quotes. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A missing value (NaN) as an empty field, which spreadsheets and pandas read as missing. */
function csvNumber(v: number): string {
  return Number.isNaN(v) ? '' : String(v);
}
