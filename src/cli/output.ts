/** A progress line on stderr that rewrites itself, so stdout stays clean for pipes. */
export function progress(text: string): void {
  if (!process.stderr.isTTY) {
    if (text) process.stderr.write(`${text}\n`);
    return;
  }
  process.stderr.write(`\r\x1b[K${text}`);
}

/** A plain aligned text table for human-readable output. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}
