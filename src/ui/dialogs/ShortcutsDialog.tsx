import { GlossaryButton } from '../glossary/GlossaryButton';
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
      <p className="app-dialog-note">The keys work wherever you clicked last. While a text field, slider or menu has focus they do nothing (apart from Esc); on a button you reached with Tab, Space and Enter still press it.</p>
      <p className="app-dialog-note">
        Words with a dotted underline explain themselves; all of them are in the <GlossaryButton />
      </p>
    </AppDialog>
  );
}
