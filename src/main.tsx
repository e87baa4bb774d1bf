import { createAppStore } from './state/store';
import { parseHash } from './state/url-hash';
import { connectEngine } from './ui/engine-link';
import { syncUrlHash } from './ui/url-sync';

/*
 * Start the training worker first and only then load React, d3 and the
 * panels: TensorFlow.js and its wasm binary, the largest downloads, arrive and
 * initialise while the page's own code is still arriving, which is most of the
 * time to the first density.
 */
const link = parseHash(window.location.hash);
const store = createAppStore(link.settings, link.notes);
const engine = connectEngine(store);
syncUrlHash(store);
const { mount } = await import('./ui/mount');
mount(document.getElementById('root')!, store, engine);
