import { useEffect } from 'react';
import { shortcutFor, type ShortcutAction } from './dialogs/shortcuts';
import { useAppStore, useEngine } from './app-context';

/**
 * The page's keyboard shortcuts, wherever focus is (the table and the rules
 * about focused controls live in dialogs/shortcuts.ts, which the "?" list
 * renders). While a dialog is open only "?" and Escape act: the page behind
 * it is inert.
 */
export function useKeyboardShortcuts(): void {
  const store = useAppStore();
  const engine = useEngine();
  useEffect(() => {
    const act: Record<ShortcutAction, () => void> = {
      'play-pause': () => {
        const s = store.getState();
        if (s.running || (s.run && !s.error)) s.setRunning(!s.running);
      },
      step: () => {
        const s = store.getState();
        if (s.run && !s.error) engine.step();
      },
      reset: () => {
        if (store.getState().backend.name) engine.reset();
      },
      morph: () => store.getState().setMorphAnimating(true),
      help: () => {
        const s = store.getState();
        s.setDialog(s.dialog === 'shortcuts' ? null : 'shortcuts');
      },
      close: () => {
        // An open <dialog> closes itself on Escape; otherwise Escape leaves the walkthrough.
        const s = store.getState();
        if (!s.dialog && s.walkthrough !== null) s.setWalkthrough(null);
      },
    };
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutFor(event);
      if (!action) return;
      if (store.getState().dialog && action !== 'help' && action !== 'close') return;
      if (action !== 'close') event.preventDefault(); // Space would scroll the page
      act[action]();
    };
    // A mouse click must not leave focus on a button or checkbox, or the next Space would press it
    // again (issue #13: Space after clicking "Projector mode" toggled it back). Keyboard presses
    // (detail 0) keep focus where it is, so tabbing and pressing Space or Enter work as always.
    const onClick = (event: MouseEvent) => {
      if (event.detail === 0) return;
      const focused = document.activeElement;
      if (focused instanceof HTMLButtonElement || (focused instanceof HTMLInputElement && (focused.type === 'checkbox' || focused.type === 'radio'))) {
        // Not inside an open dialog: there focus must stay in the dialog (its trap and its Escape).
        if (!focused.closest('dialog[open]')) focused.blur();
      }
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('click', onClick);
    };
  }, [store, engine]);
}
