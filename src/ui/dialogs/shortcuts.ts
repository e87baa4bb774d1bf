/**
 * The keyboard shortcuts, declared once: the "?" list renders this table and
 * the page's key handler maps keystrokes through `shortcutFor`, so what the
 * list promises and what the keys do cannot drift apart. Pure: no DOM, no React.
 */

export type ShortcutAction = 'play-pause' | 'step' | 'reset' | 'morph' | 'help' | 'close';

export interface Shortcut {
  action: ShortcutAction;
  /** KeyboardEvent.key values that trigger it (letters in both cases, for Shift and Caps Lock). */
  keys: readonly string[];
  /** How the list shows the key. */
  shown: string;
  description: string;
  /** Whether holding the key down repeats it: stepping yes, toggles no (a held Space would flicker Play/Pause). */
  repeats: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'play-pause', keys: [' '], shown: 'Space', description: 'Play or pause training', repeats: false },
  { action: 'step', keys: ['ArrowRight'], shown: '→', description: 'Take one training step', repeats: true },
  { action: 'reset', keys: ['r', 'R'], shown: 'R', description: 'Reset the run', repeats: false },
  { action: 'morph', keys: ['m', 'M'], shown: 'M', description: 'Animate the morph from the Gaussian to the model', repeats: false },
  { action: 'help', keys: ['?'], shown: '?', description: 'Show this list', repeats: false },
  { action: 'close', keys: ['Escape'], shown: 'Esc', description: 'Close the open dialog or walkthrough', repeats: false },
];

/**
 * What `shortcutFor` needs to know about the focused element. A DOM Element
 * has all of these, so a real KeyboardEvent can be passed as it is.
 */
export interface KeyTargetInfo {
  tagName?: string;
  isContentEditable?: boolean;
  /** ARIA role attribute (Element.role): custom widgets that own their keys. */
  role?: string | null;
}

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  repeat?: boolean;
  target?: EventTarget | KeyTargetInfo | null;
}

/**
 * Elements whose own keyboard behaviour must win: typing, sliding, choosing.
 * INPUT covers text fields, sliders, checkboxes and radios alike.
 */
const KEY_OWNING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT', 'OPTION']);
const KEY_OWNING_ROLES = new Set([
  'textbox', 'searchbox', 'combobox', 'slider', 'spinbutton', 'listbox', 'option',
  'checkbox', 'radio', 'switch', 'tab', 'menuitem', 'menu', 'grid', 'tree',
]);
/**
 * Buttons use only Space and Enter (to press themselves), so the other
 * shortcuts work while one has focus. Space stays the button's: a keyboard
 * user who tabbed to it expects Space to press it. A mouse click does not
 * leave focus on a button (use-keyboard-shortcuts.ts), so after clicking
 * "Projector mode" Space plays rather than toggling it again.
 */
const PRESSABLE_TAGS = new Set(['BUTTON', 'SUMMARY']);
const PRESS_KEYS = new Set([' ', 'Enter']);

function ownsItsKeys(target: KeyPress['target'], key: string): boolean {
  if (!target) return false;
  const info = target as KeyTargetInfo;
  if (info.isContentEditable) return true;
  const tag = info.tagName?.toUpperCase();
  const role = info.role?.toLowerCase();
  if (tag && KEY_OWNING_TAGS.has(tag)) return true;
  if (role && KEY_OWNING_ROLES.has(role)) return true;
  if ((tag && PRESSABLE_TAGS.has(tag)) || role === 'button') return PRESS_KEYS.has(key);
  return false;
}

/**
 * The action a keystroke asks for, or null when it is not a shortcut or
 * belongs to the focused control. Escape is the exception: no control uses it
 * for itself, and a student in a dialog's text field expects it to close.
 * Combinations with Ctrl, Meta or Alt are left to the browser (Ctrl+R reloads).
 * Shift is allowed: "?" is Shift+/ on most layouts.
 */
export function shortcutFor(press: KeyPress): ShortcutAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  const shortcut = SHORTCUTS.find((s) => s.keys.includes(press.key));
  if (!shortcut) return null;
  if (press.repeat && !shortcut.repeats) return null;
  if (shortcut.action !== 'close' && ownsItsKeys(press.target, press.key)) return null;
  return shortcut.action;
}
