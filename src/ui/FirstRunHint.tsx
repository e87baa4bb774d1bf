import { useState } from 'react';
import { GlossaryButton } from './glossary/GlossaryButton';

/** Remembered per browser, so a returning student (or a lecturer's laptop) sees it once. */
export const FIRST_RUN_KEY = 'flow-playground.first-run-dismissed';

function dismissedBefore(): boolean {
  try {
    return localStorage.getItem(FIRST_RUN_KEY) === '1';
  } catch {
    return false; // storage blocked (a privacy mode): show the hint, it is dismissible anyway
  }
}

/** One line that tells a first-time visitor what to do, until dismissed. */
export function FirstRunHint() {
  const [open, setOpen] = useState(() => !dismissedBefore());
  if (!open) return null;
  return (
    <div className="first-run" role="note" aria-label="Getting started">
      <span>
        <strong>New here?</strong> Press <kbd>Play</kbd> (or <kbd>Space</kbd>) to start training; drag the Morph slider or click a layer in the Layers strip to
        scrub through the flow. Underlined terms explain themselves.
      </span>
      <GlossaryButton />
      <button
        type="button"
        onClick={() => {
          try {
            localStorage.setItem(FIRST_RUN_KEY, '1');
          } catch {
            // not remembered; it still closes for this visit
          }
          setOpen(false);
        }}
      >
        Got it
      </button>
    </div>
  );
}
