/** Words the Data panel shows about the user's own data, kept together so tests and UI agree. */

/** The custom data's label for a drawing, which the chart and the metrics repeat. */
export function drawingLabel(count: number): string {
  return `drawing (${count.toLocaleString('en-US')} point${count === 1 ? '' : 's'})`;
}

export function trainingOnText(label: string): string {
  return `Training on: ${label}`;
}

/** The running count beside the drawing tools. */
export function drawnCountText(count: number, full: boolean): string {
  const n = `${count.toLocaleString('en-US')} point${count === 1 ? '' : 's'}`;
  return full ? `${n} (full)` : n;
}
