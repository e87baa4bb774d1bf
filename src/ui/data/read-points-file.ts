import { parsePointsCsv } from '../../core/data/csv';
import type { CustomData } from '../../state/types';
import { fileProblem } from './import-check';
import { importErrorMessage, rejectedFileMessage } from './import-message';

export type ImportOutcome = { ok: true; data: CustomData } | { ok: false; message: string };

/**
 * A picked or dropped file → the custom data to train on, labelled with the
 * file's name, or the message to show instead. Never throws: every failure
 * (wrong kind, unreadable, malformed) becomes a message, and the caller keeps
 * the data it had.
 */
export async function readPointsFile(file: File): Promise<ImportOutcome> {
  const problem = fileProblem(file);
  if (problem) return { ok: false, message: rejectedFileMessage(file.name, problem) };
  try {
    const text = await file.text();
    const { points } = parsePointsCsv(text);
    return { ok: true, data: { label: file.name, points } };
  } catch (error) {
    return { ok: false, message: importErrorMessage(file.name, error) };
  }
}
