import { useEffect } from 'react';
import { shortcutFor, type ShortcutAction } from './dialogs/shortcuts';
import { useAppStore, useEngine } from './app-context';

/**
 * The page's keyboard shortcuts (the table and the rules about focused
 * controls live in dialogs/shortcuts.ts, which the "?" list renders). While a
 * dialog is open only "?" and Escape act: the page behind it is inert.
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
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, engine]);
}
