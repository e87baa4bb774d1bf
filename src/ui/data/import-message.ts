import { CsvError } from '../../core/data/csv';

/**
 * The sentence the Data panel's alert shows when a file is turned away. It
 * names the file and passes the parser's own words through, which already
 * name the line ("line 4: column 2 is not a number: \"abc\""), because the
 * reader is about to open the file and fix that line.
 */
export function importErrorMessage(fileName: string, error: unknown): string {
  if (error instanceof CsvError) return `Could not import ${fileName}: ${error.message}`;
  // Anything else came from reading, not parsing (a file deleted or locked after it was picked).
  const reason = error instanceof Error && error.message ? error.message : String(error);
  return `Could not read ${fileName}: ${reason}`;
}

/** A problem found before reading (wrong kind, too large), in the same shape. */
export function rejectedFileMessage(fileName: string, problem: string): string {
  return `Could not import ${fileName}: ${problem}`;
}
