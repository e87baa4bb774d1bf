import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parsePointsCsv, type CsvPurpose } from '../core/data/csv';
import { pointsSource, toySource, type DataSource } from '../core/data/source';
import { isToyName, TOY_NAMES } from '../core/data/toy';
import { clipText } from '../core/util/clip-text';
import { UsageError } from './args';
import { CliError } from './errors';

/** `--dataset` is either a toy density's name or a path to a CSV file of points. */
export async function loadDataset(spec: string, seed: number): Promise<DataSource> {
  if (isToyName(spec)) return toySource(spec, seed);
  if (!/\.(csv|tsv|txt)$/i.test(spec)) {
    throw new UsageError(`unknown dataset "${clipText(spec)}": use one of ${TOY_NAMES.join(', ')} or a path to a .csv file`);
  }
  return pointsSource(parsePointsCsv(await readText(spec)).points, seed, basename(spec));
}

export async function readPoints(path: string, purpose: CsvPurpose = 'train'): Promise<Float32Array> {
  return parsePointsCsv(await readText(path), purpose).points;
}

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const shown = clipText(path, 120);
    throw new CliError(code === 'ENOENT' ? `no such file: ${shown}` : code === 'EISDIR' ? `${shown} is a folder, not a file` : `cannot read ${shown} (${code ?? 'read failed'})`);
  }
}
