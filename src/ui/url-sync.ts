import type { AppStore } from '../state/store';
import { formatHash, parseHash } from '../state/url-hash';

/**
 * Keep the address bar a link to the current setup: every settings change
 * rewrites the hash (replaceState, so Back does not step through slider
 * moves), and a hash edited by hand is read back in, with a notice for what
 * could not be used.
 */
export function syncUrlHash(store: AppStore): () => void {
  const write = () => {
    const hash = formatHash(store.getState().settings);
    if (hash !== window.location.hash && !(hash === '' && window.location.hash === '#')) {
      history.replaceState(history.state, '', `${window.location.pathname}${window.location.search}${hash}`);
    }
  };
  const unsubscribe = store.subscribe((now, before) => {
    if (now.settings !== before.settings) write();
  });
  const onHashChange = () => {
    const reading = parseHash(window.location.hash);
    store.getState().replaceSettings(reading.settings);
    store.getState().setLinkNotes(reading.notes);
    write();
  };
  window.addEventListener('hashchange', onHashChange);
  write();
  return () => {
    unsubscribe();
    window.removeEventListener('hashchange', onHashChange);
  };
}

/** The link to this page's setup as it is now (what "Copy link" copies). */
export function currentLink(store: AppStore): string {
  return `${window.location.origin}${window.location.pathname}${formatHash(store.getState().settings)}`;
}
