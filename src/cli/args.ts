/**
 * A tiny declarative option parser: each verb declares its options once, and the
 * same table produces the parser, the defaults, the range checks and the usage
 * text, so the help can never drift from what is accepted.
 */
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

import { clipText } from '../core/util/clip-text';

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseOptions(argv: readonly string[], specs: readonly OptionSpec[]): Record<string, OptionValue> {
  const byFlag = new Map<string, OptionSpec>();
  for (const s of specs) {
    byFlag.set(`--${s.name}`, s);
    if (s.alias) byFlag.set(`-${s.alias}`, s);
  }
  const out: Record<string, OptionValue> = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    const eq = token.startsWith('--') ? token.indexOf('=') : -1;
    const flag = eq > 0 ? token.slice(0, eq) : token;
    const spec = byFlag.get(flag);
    if (!spec) throw new UsageError(token.startsWith('-') ? `unknown option ${clipText(flag)}` : `unexpected argument "${clipText(token)}"`);
    if (spec.kind === 'flag') {
      if (eq > 0) throw new UsageError(`${flag} takes no value`);
      out[spec.name] = true;
      continue;
    }
    const raw = eq > 0 ? token.slice(eq + 1) : argv[++i];
    if (raw === undefined) throw new UsageError(`${flag} needs a value`);
    out[spec.name] = convert(spec, raw);
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
