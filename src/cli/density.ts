import { onRows, perPoint } from '../core/metrics/evaluate';
import { parseOptions, type OptionSpec } from './args';
import { readPoints } from './data-arg';
import { loadModel } from './load-model';

export const DENSITY_OPTIONS: readonly OptionSpec[] = [
  { name: 'load', kind: 'string', required: true, help: 'model file written by train --save' },
  { name: 'points', kind: 'string', required: true, help: 'CSV of points (two columns, optional header)' },
  { name: 'backend', kind: 'string', choices: ['wasm', 'cpu'], default: 'wasm', help: 'tfjs backend' },
];

const CHUNK = 8192;

/** Print log p(x) for every input point, one per line, in input order. */
export async function densityCommand(argv: readonly string[]): Promise<void> {
  const o = parseOptions(argv, DENSITY_OPTIONS);
  // Points to score, not to train on: any finite float32 is a fair question.
  const points = await readPoints(o.points as string, 'score');
  const { flow } = await loadModel(o.load as string, o.backend as 'wasm' | 'cpu');
  const logLik = onRows((x) => flow.logProb(x));
  const n = points.length / 2;
  try {
    // Written a chunk at a time, so a long file's output is never one giant string.
    for (let start = 0; start < n; start += CHUNK) {
      const values = await perPoint(logLik, points.subarray(2 * start, 2 * Math.min(n, start + CHUNK)), CHUNK);
      process.stdout.write(Array.from(values, (v) => String(v)).join('\n') + '\n');
    }
  } finally {
    flow.dispose();
  }
}
