import { useId } from 'react';
import { CSV_ACCEPT } from './import-check';

/**
 * A file picker that looks like the buttons beside it: the real input stays
 * in the page (keyboard focus, the accessible name "Import CSV", and what a
 * browser test fills) but is drawn as its label.
 */
export function ImportButton({ onFiles }: { onFiles(files: File[]): void }) {
  const id = useId();
  return (
    <span className="import-csv">
      <input
        id={id}
        type="file"
        accept={CSV_ACCEPT}
        className="visually-hidden"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          // Clear it, so choosing the same file again (after fixing it) fires a change.
          e.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      <label htmlFor={id} className="button-like" title="Two columns of numbers, x and y; or drop the file onto this panel">
        Import CSV
      </label>
    </span>
  );
}
