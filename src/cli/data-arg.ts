import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parsePointsCsv } from '../core/data/csv';
import { pointsSource, toySource, type DataSource } from '../core/data/source';
import { isToyName, TOY_NAMES } from '../core/data/toy';
import { UsageError } from './args';

/** `--dataset` is either a toy density's name or a path to a CSV file of points. */
export async function loadDataset(spec: string, seed: number): Promise<DataSource> {
  if (isToyName(spec)) return toySource(spec, seed);
  if (!/\.(csv|tsv|txt)$/i.test(spec)) {
    throw new UsageError(`unknown dataset "${spec}": use one of ${TOY_NAMES.join(', ')} or a path to a .csv file`);
  }
  return pointsSource(parsePointsCsv(await readText(spec)).points, seed, basename(spec));
}

export async function readPoints(path: string): Promise<Float32Array> {
  return parsePointsCsv(await readText(path)).points;
}

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such file: ${path}` : `cannot read ${path}: ${(err as Error).message}`);
  }
}
