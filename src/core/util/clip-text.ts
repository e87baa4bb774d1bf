/**
 * User input quoted in an error message, clipped. A message is one line a
 * person reads; a 5 MB field pasted into it freezes the page that shows it and
 * buries the point. Every message that echoes a file's field, a CSV cell, a
 * command-line argument or a URL value goes through here.
 */
export const MAX_ECHO_CHARS = 60;

/** The text, at most `max` characters, with an ellipsis where it was cut; line breaks shown as ⏎ so the message stays one line. */
export function clipText(text: string, max = MAX_ECHO_CHARS): string {
  // Cut first, then clean: never scan more of a huge input than we keep.
  const cut = text.length > max ? text.slice(0, Math.max(0, max - 1)) : text;
  const flat = cut.replace(/\r?\n|\r/g, '⏎');
  return text.length > max ? `${flat}…` : flat;
}

/**
 * Any value as short readable text: strings quoted, numbers as written,
 * arrays and objects as JSON-like text, all clipped to `max` characters.
 * Only as much of a nested value is visited as can be shown, so quoting a
 * ten-million-entry array costs no more than quoting a short one.
 */
export function echo(value: unknown, max = MAX_ECHO_CHARS): string {
  return clipText(sketch(value, max + 1), max);
}

/** At least `budget` characters of the value's JSON-like text (or all of it), without walking further. */
function sketch(value: unknown, budget: number): string {
  if (typeof value === 'string') {
    if (value.length <= budget) return JSON.stringify(value);
    // Cut: no closing quote (clipText puts the ellipsis there).
    return JSON.stringify(value.slice(0, budget)).slice(0, -1);
  }
  if (value === undefined) return 'nothing';
  if (value === null || typeof value !== 'object') return String(value);
  const isArray = Array.isArray(value);
  const entries = isArray ? (value as unknown[]) : Object.keys(value);
  let out = isArray ? '[' : '{';
  for (let i = 0; i < entries.length; i++) {
    if (out.length > budget) return out;
    const part = isArray ? sketch(entries[i], budget - out.length) : `${JSON.stringify(entries[i])}:${sketch((value as Record<string, unknown>)[entries[i] as string], budget - out.length)}`;
    out += (i > 0 ? ',' : '') + part;
  }
  return out + (isArray ? ']' : '}');
}
