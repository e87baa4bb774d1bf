import { describe, expect, it } from 'vitest';
import { parseOptions, UsageError, usageLines, type OptionSpec } from '../../src/cli/args';

const SPECS: readonly OptionSpec[] = [
  { name: 'model', kind: 'string', help: 'flow type', choices: ['nice', 'realnvp'], default: 'realnvp' },
  { name: 'steps', kind: 'int', help: 'steps', default: 100, min: 1, max: 1000 },
  { name: 'lr', kind: 'number', help: 'learning rate', min: 0 },
  { name: 'n', alias: 'n', kind: 'int', help: 'count', default: 5 },
  { name: 'load', kind: 'string', help: 'model file', required: true },
  { name: 'verbose', alias: 'v', kind: 'flag', help: 'say more' },
];

const parse = (...argv: string[]) => parseOptions(argv, SPECS);

/** The UsageError message parseOptions throws for argv. */
function problem(...argv: string[]): string {
  try {
    parse(...argv);
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  throw new Error(`expected a UsageError for ${JSON.stringify(argv)}`);
}

describe('parseOptions', () => {
  it('reads long and short options, spaced or with =, fills defaults, and the last of a repeat wins', () => {
    expect(parse('--load', 'm.json', '--steps=20', '-n', '7', '--lr', '-0', '-v', '--model', 'nice', '--model=nice')).toEqual({
      model: 'nice',
      steps: 20,
      lr: -0,
      n: 7,
      load: 'm.json',
      verbose: true,
    });
    expect(parse('--load=a=b.json', '--steps', '3', '--steps', '4')).toEqual({ model: 'realnvp', steps: 4, n: 5, load: 'a=b.json', verbose: false });
  });

  it('takes the next argument as the value even when it starts with a dash', () => {
    expect(problem('--load', 'm', '--lr', '-1')).toBe('--lr must be at least 0; got -1');
    expect(problem('--load', '--steps', '5')).toBe('unexpected argument "5"');
  });

  it.each([
    [['--load', 'm', '--bogus', '1'], 'unknown option --bogus'],
    [['--load', 'm', '--bogus=1'], 'unknown option --bogus'],
    [['--load', 'm', '-x'], 'unknown option -x'],
    [['--load', 'm', '-vx'], 'unknown option -vx'],
    [['--load', 'm', '--'], 'unknown option --'],
    [['--load', 'm', '-'], 'unknown option -'],
    [['--load', 'm', 'extra'], 'unexpected argument "extra"'],
    [['--load', 'm', '--verbose=yes'], '--verbose takes no value'],
    [['--load', 'm', '--steps'], '--steps needs a value'],
    [['--load', 'm', '-n'], '-n needs a value'],
    [['--load', 'm', '--steps', 'ten'], '--steps needs a number; got "ten"'],
    [['--load', 'm', '--steps='], '--steps needs a number; got ""'],
    [['--load', 'm', '--steps', '2.5'], '--steps needs a whole number; got "2.5"'],
    [['--load', 'm', '--steps', '0'], '--steps must be at least 1; got 0'],
    [['--load', 'm', '--steps', '1e4'], '--steps must be at most 1000; got 1e4'],
    [['--load', 'm', '--model', 'maf'], '--model must be one of nice, realnvp; got "maf"'],
    [['--steps', '3'], '--load is required'],
  ])('%j → %s', (argv, message) => {
    expect(problem(...argv)).toBe(message);
  });

  it('clips what it echoes', () => {
    const long = 'q'.repeat(5000);
    for (const argv of [[`--${long}`], [long], ['--steps', long]]) {
      const message = problem('--load', 'm', ...argv);
      expect(message.length).toBeLessThan(240);
      expect(message).toMatch(/…/);
    }
  });
});

describe('usageLines', () => {
  it('lists every option from the same table, with its value, default or requirement', () => {
    expect(usageLines(SPECS).split('\n')).toEqual([
      `  ${'--model nice|realnvp'.padEnd(44)} flow type (default realnvp)`,
      `  ${'--steps <int>'.padEnd(44)} steps (default 100)`,
      `  ${'--lr <number>'.padEnd(44)} learning rate`,
      `  ${'-n, --n <int>'.padEnd(44)} count (default 5)`,
      `  ${'--load <string>'.padEnd(44)} model file (required)`,
      `  ${'-v, --verbose'.padEnd(44)} say more`,
    ]);
  });
});
