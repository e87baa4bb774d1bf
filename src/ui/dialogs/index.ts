// What the layout and the key handler import from this folder.
export { ShortcutsButton } from './ShortcutsButton';
export { ShortcutsDialog } from './ShortcutsDialog';
export { SHORTCUTS, shortcutFor, type KeyPress, type Shortcut, type ShortcutAction } from './shortcuts';
