import { AppDialog } from './AppDialog';
import { SHORTCUTS } from './shortcuts';

/** The "?" list, rendered from the same table the key handler uses. */
export function ShortcutsDialog() {
  return (
    <AppDialog which="shortcuts" title="Keyboard shortcuts" className="shortcuts-dialog">
      <dl className="shortcut-list">
        {SHORTCUTS.map((s) => (
          <div key={s.action} className="shortcut">
            <dt>
              <kbd>{s.shown}</kbd>
            </dt>
            <dd>{s.description}</dd>
          </div>
        ))}
      </dl>
      <p className="app-dialog-note">Apart from Esc, the keys do nothing while a text field, slider, menu or button has focus, so Space still presses the focused button.</p>
    </AppDialog>
  );
}
