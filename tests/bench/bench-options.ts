import { parseArgs } from 'node:util';

/**
 * A benchmark script's flags, `--name value` each, with defaults. Node's
 * parseArgs refuses an unknown or misspelt flag: a benchmark that silently
 * ran with its defaults would print figures for something else than asked.
 */
export function benchOptions<K extends string>(defaults: Record<K, string>): Record<K, string> {
  const options = Object.fromEntries(Object.entries(defaults).map(([name, value]) => [name, { type: 'string' as const, default: value as string }]));
  const { values } = parseArgs({ options, allowPositionals: false });
  return values as Record<K, string>;
}

/** A flag's value as a number > 0 (e.g. --seconds), or an error naming the flag. */
export function positive(flag: string, text: string): number {
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`--${flag} must be a number above 0, got "${text}"`);
  return n;
}

/** A comma-separated flag's items, blanks dropped. */
export function list(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}
