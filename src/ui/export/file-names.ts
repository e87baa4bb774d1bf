/** "NLL chart" → "nll-chart": lower case, runs of anything else as one hyphen. */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'panel'
  );
}

/** Every download is named after the app and what it holds, so a folder of them sorts together. */
export function exportFileName(what: string, extension: 'png' | 'svg' | 'csv'): string {
  return `flow-playground-${slug(what)}.${extension}`;
}
