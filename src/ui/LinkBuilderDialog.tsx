import { useMemo, useState } from 'react';
import { HIDEABLE, type HideableId } from '../state/hideable';
import { SETTINGS, type SettingKey } from '../state/settings';
import { formatHash } from '../state/url-hash';
import { useApp } from './app-context';
import { copyText } from './clipboard';
import { AppDialog } from './dialogs/AppDialog';

/**
 * The classroom link builder: tick the controls and panels the lesson does not
 * need, and the link opens the current setup with those hidden (and, if
 * chosen, in projector mode).
 */
export function LinkBuilderDialog() {
  return (
    <AppDialog which="link" title="Classroom link">
      <LinkBuilder />
    </AppDialog>
  );
}

function LinkBuilder() {
  const settings = useApp((s) => s.settings);
  const [hidden, setHidden] = useState<readonly HideableId[]>(settings.hide);
  const [projector, setProjector] = useState(settings.projector);
  const [copied, setCopied] = useState<boolean | null>(null);
  const link = useMemo(
    () => `${window.location.origin}${window.location.pathname}${formatHash({ ...settings, hide: hidden, projector })}`,
    [settings, hidden, projector],
  );
  const toggle = (id: HideableId, on: boolean) => {
    setCopied(null);
    setHidden((h) => (on ? HIDEABLE.map((x) => x.id).filter((x) => x === id || h.includes(x)) : h.filter((x) => x !== id)));
  };
  return (
    <div className="link-builder">
      <p>The link opens this setup as it is now. Tick what the students should not see.</p>
      {(['control', 'panel'] as const).map((group) => (
        <fieldset key={group}>
          <legend>{group === 'control' ? 'Hide controls' : 'Hide panels'}</legend>
          <div className="check-grid">
            {HIDEABLE.filter((h) => h.group === group).map((h) => (
              <label key={h.id} className="control check">
                <input type="checkbox" checked={hidden.includes(h.id)} onChange={(e) => toggle(h.id, e.target.checked)} />
                Hide {'label' in h ? h.label : SETTINGS[h.id as SettingKey].label}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <label className="control check">
        <input type="checkbox" checked={projector} onChange={(e) => setProjector(e.target.checked)} />
        Open in projector mode
      </label>
      <label className="link-field">
        Classroom link URL
        <input className="link-text" readOnly value={link} onFocus={(e) => e.target.select()} />
      </label>
      <div className="button-row">
        <button type="button" className="primary" onClick={async () => setCopied(await copyText(link))}>
          Copy classroom link
        </button>
        <span role="status" className="hint">
          {copied === true ? 'Copied.' : copied === false ? 'Copying was refused; select the link and copy it.' : ''}
        </span>
      </div>
    </div>
  );
}
