import { pointsToCsv } from '../core/data/csv';
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
  const samples = flow.sample(o.n as number, o.seed as number);
  const values = (await samples.data()) as Float32Array;
  samples.dispose();
  flow.dispose();
  process.stdout.write(pointsToCsv(values));
}
