import { describe, expect, it } from 'vitest';
import { CsvError, parsePointsCsv } from '../../src/core/data/csv';
import { SETTINGS } from '../../src/state/settings';
import { parseHash } from '../../src/state/url-hash';

/** Every place outside the model file and the CLI that quotes user input keeps the quote short. */
describe('echoed input stays short everywhere it is quoted', () => {
  it('CSV cells', () => {
    const bad = 'x'.repeat(5_000_000);
    for (const text of [`${bad},1\n`, `1,2\n`.repeat(12) + `1,${bad}\n`, `1,2\n`.repeat(12) + `1,1${'0'.repeat(100_000)}\n`]) {
      let message = '';
      try {
        parsePointsCsv(text);
      } catch (err) {
        expect(err).toBeInstanceOf(CsvError);
        message = (err as Error).message;
      }
      expect(message.length).toBeGreaterThan(0);
      expect(message.length).toBeLessThan(260);
      expect(message).toMatch(/…/);
    }
  });

  it('the page settings parsers and the URL hash notes', () => {
    const tiny = `0.${'0'.repeat(3000)}1`;
    const read = SETTINGS.layers.parse(tiny);
    expect(read.ok && read.adjusted).toMatch(/^0\.0+… → 1 \(range 1–32, whole numbers\)$/);
    expect(read.ok && read.adjusted!.length).toBeLessThan(100);
    const hidden = SETTINGS.hidden.parse(tiny);
    expect(hidden.ok && hidden.adjusted!.length).toBeLessThan(100);
    const hide = SETTINGS.hide.parse(Array.from({ length: 500 }, (_, i) => `panel${i}`).join(','));
    expect(hide.ok && hide.adjusted!.length).toBeLessThan(100);
    const { notes } = parseHash(`#layers=${tiny}&${'k'.repeat(2000)}=${'v'.repeat(1000)}`);
    for (const note of notes) expect(note.length, note.slice(0, 60)).toBeLessThan(120);
  });
});
