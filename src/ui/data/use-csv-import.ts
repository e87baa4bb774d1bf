import { useCallback, useEffect, useRef, useState } from 'react';
import { useAppStore } from '../app-context';
import { dropProblem } from './import-check';
import { readPointsFile } from './read-points-file';

/**
 * Files in, custom data out. On success the store gets the points and the
 * error goes; on failure only the error changes, so the data being trained
 * on stays. A newer import supersedes one still being read.
 */
export function useCsvImport(onImported: () => void) {
  const store = useAppStore();
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState<string | null>(null);
  const ticket = useRef(0);
  const onImportedRef = useRef(onImported);
  useEffect(() => {
    onImportedRef.current = onImported;
  });

  const importFiles = useCallback(
    async (files: readonly File[]) => {
      const mine = ++ticket.current;
      const problem = dropProblem(files.length);
      if (problem) {
        setReading(null);
        setError(problem);
        return;
      }
      setReading(files[0].name);
      const outcome = await readPointsFile(files[0]);
      if (mine !== ticket.current) return;
      setReading(null);
      if (!outcome.ok) {
        setError(outcome.message);
        return;
      }
      store.getState().setCustomData(outcome.data);
      setError(null);
      onImportedRef.current();
    },
    [store],
  );

  const clearError = useCallback(() => setError(null), []);
  return { error, reading, importFiles, clearError };
}
