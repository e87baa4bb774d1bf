import { useApp } from './app-context';

/** What the link's hash asked for that could not be used as it was; the rest of the link applied. */
export function LinkNotes() {
  const notes = useApp((s) => s.linkNotes);
  const setNotes = useApp((s) => s.setLinkNotes);
  if (notes.length === 0) return null;
  return (
    <div className="link-notes" role="status" aria-label="Link notes">
      <span>
        Parts of this link were adjusted: {notes.slice(0, 6).join('; ')}
        {notes.length > 6 && `; and ${notes.length - 6} more`}.
      </span>
      <button type="button" onClick={() => setNotes([])}>
        Dismiss
      </button>
    </div>
  );
}
