/**
 * What to turn away before reading a file at all: the wrong kind of file
 * (a picture dropped by mistake) or one too large to read into a string
 * without stalling the tab.
 */

/** A 1,000,000-row file of float32 pairs is about 25 MB; allow generous formatting. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

const TEXT_EXTENSIONS = ['csv', 'tsv', 'txt', 'dat'];
/** Windows reports .csv files as an Excel type; browsers leave type empty when they do not know. */
const TEXT_TYPES = ['text/', 'application/csv', 'application/vnd.ms-excel'];

/** The `accept` of the file picker: a hint to the dialog, not a guarantee (drops bypass it). */
export const CSV_ACCEPT = [...TEXT_EXTENSIONS.map((e) => `.${e}`), 'text/csv', 'text/plain', 'text/tab-separated-values'].join(',');

export interface FileFacts {
  name: string;
  type: string;
  size: number;
}

function extension(name: string): string | null {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : null;
}

/**
 * Why this file cannot be a point file, or null to go ahead and parse it.
 * Lenient on the unknown (no extension, no type): the parser's line-numbered
 * message explains better than a guess about the name would.
 */
export function fileProblem(file: FileFacts): string | null {
  const ext = extension(file.name);
  const textual = (ext !== null && TEXT_EXTENSIONS.includes(ext)) || TEXT_TYPES.some((t) => file.type.startsWith(t));
  if (!textual && (ext !== null || file.type !== '')) {
    return `not a CSV file (${file.type || `.${ext}`}); expected two columns of numbers in a .csv, .tsv or .txt file`;
  }
  if (file.size > MAX_FILE_BYTES) {
    return `the file is ${megabytes(file.size)}; files up to ${megabytes(MAX_FILE_BYTES)} can be imported`;
  }
  return null;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** Why a drop carries nothing to import, or null when it holds exactly one file. */
export function dropProblem(fileCount: number): string | null {
  if (fileCount === 0) return 'Nothing to import: drop a .csv file of x,y points onto the Data panel.';
  if (fileCount > 1) return `Dropped ${fileCount} files; drop one .csv file at a time.`;
  return null;
}
