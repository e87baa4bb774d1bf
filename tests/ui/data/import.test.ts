import { describe, expect, it } from 'vitest';
import { CsvError } from '../../../src/core/data/csv';
import { dropProblem, fileProblem, MAX_FILE_BYTES } from '../../../src/ui/data/import-check';
import { importErrorMessage, rejectedFileMessage } from '../../../src/ui/data/import-message';
import { readPointsFile } from '../../../src/ui/data/read-points-file';

const GOOD = 'x,y\n' + Array.from({ length: 12 }, (_, i) => `${i},${-i / 2}`).join('\n') + '\n';

describe('importErrorMessage', () => {
  it('names the file and passes the line-numbered parser message through', () => {
    expect(importErrorMessage('bad.csv', new CsvError(4, 'column 2 is not a number: "abc"'))).toBe(
      'Could not import bad.csv: line 4: column 2 is not a number: "abc"',
    );
  });

  it('says "read" for a failure that was not the parser\'s', () => {
    expect(importErrorMessage('gone.csv', new DOMException('The requested file could not be read', 'NotReadableError'))).toBe(
      'Could not read gone.csv: The requested file could not be read',
    );
    expect(importErrorMessage('odd.csv', 'boom')).toBe('Could not read odd.csv: boom');
  });

  it('words a rejection before reading the same way', () => {
    expect(rejectedFileMessage('cat.png', 'not a CSV file')).toBe('Could not import cat.png: not a CSV file');
  });
});

describe('fileProblem', () => {
  it('accepts text files by extension or type, and the unknown', () => {
    expect(fileProblem({ name: 'a.csv', type: 'text/csv', size: 10 })).toBeNull();
    expect(fileProblem({ name: 'a.CSV', type: '', size: 10 })).toBeNull();
    expect(fileProblem({ name: 'a.csv', type: 'application/vnd.ms-excel', size: 10 })).toBeNull();
    expect(fileProblem({ name: 'points.tsv', type: '', size: 10 })).toBeNull();
    expect(fileProblem({ name: 'points', type: '', size: 10 })).toBeNull();
  });

  it('turns away pictures and other binaries', () => {
    expect(fileProblem({ name: 'cat.png', type: 'image/png', size: 10 })).toMatch(/not a CSV file \(image\/png\)/);
    expect(fileProblem({ name: 'model.json', type: '', size: 10 })).toMatch(/not a CSV file \(\.json\)/);
  });

  it('turns away a file too large to read', () => {
    expect(fileProblem({ name: 'big.csv', type: 'text/csv', size: MAX_FILE_BYTES + 1 })).toMatch(/files up to 100 MB/);
  });
});

describe('dropProblem', () => {
  it('wants exactly one file', () => {
    expect(dropProblem(1)).toBeNull();
    expect(dropProblem(0)).toMatch(/Nothing to import/);
    expect(dropProblem(3)).toMatch(/Dropped 3 files/);
  });
});

describe('readPointsFile', () => {
  it('reads a good file into custom data labelled with its name', async () => {
    const out = await readPointsFile(new File([GOOD], 'mine.csv', { type: 'text/csv' }));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.data.label).toBe('mine.csv');
    expect(out.data.points).toBeInstanceOf(Float32Array);
    expect(out.data.points.length).toBe(24);
    expect(Array.from(out.data.points.subarray(22))).toEqual([11, -5.5]);
  });

  it('reports the line of a bad value', async () => {
    const text = GOOD.replace('2,-1\n', '2,NaN\n'); // the data row on line 4
    const out = await readPointsFile(new File([text], 'bad.csv', { type: 'text/csv' }));
    expect(out).toEqual({ ok: false, message: 'Could not import bad.csv: line 4: column 2 is NaN; only finite numbers are allowed' });
  });

  it('reports too few points and wrong columns', async () => {
    const few = await readPointsFile(new File(['1,2\n3,4\n'], 'few.csv'));
    expect(few.ok || few.message).toMatch(/^Could not import few\.csv: the file has 2 points/);
    const wide = await readPointsFile(new File(['1,2,3\n'], 'wide.csv'));
    expect(wide.ok || wide.message).toMatch(/^Could not import wide\.csv: line 1: expected 2 columns/);
  });

  it('turns away a non-CSV file without reading it', async () => {
    const out = await readPointsFile(new File([new Uint8Array([0x89, 0x50])], 'cat.png', { type: 'image/png' }));
    expect(out.ok || out.message).toMatch(/^Could not import cat\.png: not a CSV file/);
  });

  it('turns a read failure into a message instead of throwing', async () => {
    const broken = new File([GOOD], 'locked.csv');
    Object.defineProperty(broken, 'text', { value: () => Promise.reject(new Error('permission denied')) });
    expect(await readPointsFile(broken)).toEqual({ ok: false, message: 'Could not read locked.csv: permission denied' });
  });
});
