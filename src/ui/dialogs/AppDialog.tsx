import { useEffect, useId, useRef, type MouseEvent, type ReactNode } from 'react';
import type { Dialog } from '../../state/store';
import { useApp, useAppStore } from '../app-context';
import { returnFocus } from './focus-return';
import './dialogs.css';

/**
 * A modal <dialog> bound to one value of store.dialog. The native element
 * brings the focus trap, Escape, the inert page behind and the top layer; this
 * wrapper keeps it in step with the store and hands focus back on close.
 * Mount it inside the app root so the projector class still scales it (the
 * top layer changes stacking, not inheritance).
 */
export function AppDialog({ which, title, className, children }: { which: Dialog; title: string; className?: string; children: ReactNode }) {
  const open = useApp((s) => s.dialog === which);
  const store = useAppStore();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  // Only clear the store if it still names this dialog: when one dialog
  // replaces another, the old one's close event must not close the new one.
  const close = () => {
    if (store.getState().dialog === which) store.getState().setDialog(null);
  };

  useEffect(() => {
    const dialog = ref.current;
    if (!open || !dialog) return;
    const opener = document.activeElement;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      returnFocus(opener, dialog);
    };
  }, [open]);

  return (
    <dialog ref={ref} className={`app-dialog ${className ?? ''}`} aria-labelledby={titleId} onClose={close} onClick={(e) => isBackdropClick(e) && close()}>
      {/* Children only while open: a closed dialog is hidden anyway, and the explanations need not render at page load. */}
      {open && (
        <div className="app-dialog-frame">
          <header className="app-dialog-header">
            <h2 id={titleId}>{title}</h2>
            <button type="button" onClick={close}>
              Close
            </button>
          </header>
          <div className="app-dialog-body">{children}</div>
        </div>
      )}
    </dialog>
  );
}

/** A click on the ::backdrop arrives on the <dialog> itself, outside its box. */
function isBackdropClick(e: MouseEvent<HTMLDialogElement>): boolean {
  if (e.target !== e.currentTarget) return false;
  const box = e.currentTarget.getBoundingClientRect();
  return e.clientX < box.left || e.clientX > box.right || e.clientY < box.top || e.clientY > box.bottom;
}
