import { useId, type ReactNode } from 'react';
import { useApp } from '../app-context';
import { glossaryEntry } from './glossary';

/**
 * A word the glossary explains, where it appears: its definition as the
 * hover title and as the screen-reader description, and a click (or Enter)
 * opens the Glossary dialog at it. `children` replaces the shown word (e.g.
 * "IWAE, k = 16" for the entry "IWAE").
 */
export function Term({ id, children }: { id: string; children?: ReactNode }) {
  const descriptionId = useId();
  const showTerm = useApp((s) => s.showTerm);
  const entry = glossaryEntry(id);
  if (!entry) return <>{children}</>;
  return (
    <>
      <button type="button" className="term" aria-describedby={descriptionId} aria-haspopup="dialog" title={entry.definition} onClick={() => showTerm(id)}>
        {children ?? entry.term}
      </button>
      <span id={descriptionId} hidden>
        {entry.definition}
      </span>
    </>
  );
}
