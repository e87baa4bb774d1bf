import { pointsToCsv } from '../core/data/csv';
import { readAndDispose } from '../core/util/read-back';
import { CliError } from './errors';
import { parseOptions, type OptionSpec } from './args';
import { loadModel } from './load-model';

export const SAMPLE_OPTIONS: readonly OptionSpec[] = [
  { name: 'load', kind: 'string', required: true, help: 'model file written by train --save' },
  { name: 'n', alias: 'n', kind: 'int', min: 1, max: 1_000_000, default: 1000, help: 'number of samples' },
  { name: 'seed', kind: 'int', min: 0, max: 2 ** 31 - 1, default: 0, help: 'sampling seed' },
  { name: 'backend', kind: 'string', choices: ['wasm', 'cpu'], default: 'wasm', help: 'tfjs backend' },
];

/** Print N samples of a saved flow as CSV x,y. */
export async function sampleCommand(argv: readonly string[]): Promise<void> {
  const o = parseOptions(argv, SAMPLE_OPTIONS);
  const { flow } = await loadModel(o.load as string, o.backend as 'wasm' | 'cpu');
  const n = o.n as number;
  let values: Float32Array;
  try {
    values = await readAndDispose(flow.sample(n, o.seed as number));
  } finally {
    flow.dispose();
  }
  const bad = countNonFinite(values);
  if (bad > 0) {
    throw new CliError(`${bad} of ${n} samples from this model are not finite (its map overflows float32 for some base points); nothing was printed`);
  }
  process.stdout.write(pointsToCsv(values));
}

/** Points with a non-finite coordinate. */
function countNonFinite(xy: Float32Array): number {
  let bad = 0;
  for (let i = 0; i < xy.length; i += 2) if (!Number.isFinite(xy[i]) || !Number.isFinite(xy[i + 1])) bad++;
  return bad;
}
