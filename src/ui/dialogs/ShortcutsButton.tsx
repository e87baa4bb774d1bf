import { useApp } from '../app-context';

/** A small "?" in the top bar; its accessible name says what the glyph means. */
export function ShortcutsButton() {
  const setDialog = useApp((s) => s.setDialog);
  return (
    <button
      type="button"
      className="shortcuts-button"
      aria-label="Keyboard shortcuts"
      aria-haspopup="dialog"
      title="Keyboard shortcuts (?)"
      onClick={() => setDialog('shortcuts')}
    >
      ?
    </button>
  );
}
