/**
 * Each verb declares its options once, in one table: the same table gives
 * node:util's parseArgs its options, and produces the defaults, the range
 * checks and the usage text, so the help can never drift from what is accepted.
 */
import { parseArgs } from 'node:util';
import { clipText } from '../core/util/clip-text';

export type OptionValue = string | number | boolean;

export interface OptionSpec {
  name: string;
  /** Single-letter alias, e.g. 'n' for -n. */
  alias?: string;
  kind: 'int' | 'number' | 'string' | 'flag';
  help: string;
  default?: OptionValue;
  required?: boolean;
  choices?: readonly string[];
  min?: number;
  max?: number;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseOptions(argv: readonly string[], specs: readonly OptionSpec[]): Record<string, OptionValue> {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const options = Object.fromEntries(specs.map((s) => [s.name, { type: s.kind === 'flag' ? 'boolean' : 'string', ...(s.alias && { short: s.alias }) }] as const));
  // Not strict: parseArgs only splits the arguments; the checks below word each mistake our way.
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const out: Record<string, OptionValue> = {};
  for (const token of tokens) {
    const typed = argv[token.index];
    const spec = token.kind === 'option' ? byName.get(token.name) : undefined;
    // Only `--name`, `--name=value` and `-a` as typed: no -abc groups, no -n5.
    const spelled = token.kind === 'option' && (typed === token.rawName || (typed.startsWith('--') && typed.startsWith(`${token.rawName}=`)));
    if (!spec || !spelled) {
      const flag = typed.startsWith('--') ? typed.split('=')[0] : typed;
      throw new UsageError(typed.startsWith('-') ? `unknown option ${clipText(flag)}` : `unexpected argument "${clipText(typed)}"`);
    }
    if (spec.kind === 'flag') {
      if (token.inlineValue) throw new UsageError(`${token.rawName} takes no value`);
      out[spec.name] = true;
    } else if (token.value === undefined) throw new UsageError(`${token.rawName} needs a value`);
    else out[spec.name] = convert(spec, token.value);
  }
  for (const s of specs) {
    if (out[s.name] !== undefined) continue;
    if (s.required) throw new UsageError(`--${s.name} is required`);
    if (s.default !== undefined) out[s.name] = s.default;
    else if (s.kind === 'flag') out[s.name] = false;
  }
  return out;
}

function convert(spec: OptionSpec, raw: string): OptionValue {
  const flag = `--${spec.name}`;
  if (spec.kind === 'string') {
    if (spec.choices && !spec.choices.includes(raw)) throw new UsageError(`${flag} must be one of ${spec.choices.join(', ')}; got "${clipText(raw)}"`);
    return raw;
  }
  const value = Number(raw);
  const shown = clipText(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`${flag} needs a number; got "${shown}"`);
  if (spec.kind === 'int' && !Number.isInteger(value)) throw new UsageError(`${flag} needs a whole number; got "${shown}"`);
  if (spec.min !== undefined && value < spec.min) throw new UsageError(`${flag} must be at least ${spec.min}; got ${shown}`);
  if (spec.max !== undefined && value > spec.max) throw new UsageError(`${flag} must be at most ${spec.max}; got ${shown}`);
  return value;
}

export function usageLines(specs: readonly OptionSpec[]): string {
  return specs
    .map((s) => {
      const names = [s.alias ? `-${s.alias}` : '', `--${s.name}`].filter(Boolean).join(', ');
      const value = s.kind === 'flag' ? '' : s.choices ? ` ${s.choices.join('|')}` : ` <${s.kind}>`;
      const extra = s.required ? ' (required)' : s.default !== undefined ? ` (default ${s.default})` : '';
      return `  ${(names + value).padEnd(44)} ${s.help}${extra}`;
    })
    .join('\n');
}
