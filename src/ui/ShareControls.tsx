import { useState } from 'react';
import { useApp, useAppStore } from './app-context';
import { copyText } from './clipboard';
import { currentLink } from './url-sync';

/**
 * Links that reproduce this setup: the address bar always holds one; "Copy
 * link" copies it, "Classroom link…" builds one that hides chosen controls.
 */
export function ShareControls() {
  const store = useAppStore();
  const setDialog = useApp((s) => s.setDialog);
  const custom = useApp((s) => s.custom !== null);
  const [status, setStatus] = useState<{ ok: boolean; link: string } | null>(null);
  return (
    <fieldset>
      <legend>Share</legend>
      <div className="button-row">
        <button
          type="button"
          onClick={async () => {
            const link = currentLink(store);
            setStatus({ ok: await copyText(link), link });
          }}
        >
          Copy link
        </button>
        <button type="button" onClick={() => setDialog('link')}>
          Classroom link…
        </button>
      </div>
      {status && (
        <p className="hint" role="status">
          {status.ok ? 'Link copied.' : 'Copying was refused; select the link below and copy it.'}
        </p>
      )}
      {status && !status.ok && <input className="link-text" readOnly aria-label="Link" value={status.link} onFocus={(e) => e.target.select()} />}
      {custom && <p className="hint">Your drawn or imported points are not part of a link.</p>}
    </fieldset>
  );
}
