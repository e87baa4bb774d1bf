import { describe, expect, it } from 'vitest';
import { SHORTCUTS, shortcutFor, type KeyPress } from '../../src/ui/dialogs/shortcuts';

const onPage: KeyPress['target'] = { tagName: 'BODY', isContentEditable: false, role: null };

describe('shortcut table', () => {
  it('lists each action once, with a key shown and a description', () => {
    const actions = SHORTCUTS.map((s) => s.action);
    expect(new Set(actions).size).toBe(actions.length);
    expect(actions.sort()).toEqual(['close', 'help', 'morph', 'play-pause', 'reset', 'step']);
    for (const s of SHORTCUTS) {
      expect(s.keys.length).toBeGreaterThan(0);
      expect(s.shown).not.toBe('');
      expect(s.description).not.toBe('');
    }
  });

  it('maps every listed key to its own action (list and behaviour cannot drift)', () => {
    for (const s of SHORTCUTS) for (const key of s.keys) expect(shortcutFor({ key, target: onPage })).toBe(s.action);
  });
});

describe('shortcutFor', () => {
  it('maps the documented keys', () => {
    expect(shortcutFor({ key: ' ', target: onPage })).toBe('play-pause');
    expect(shortcutFor({ key: 'ArrowRight', target: onPage })).toBe('step');
    expect(shortcutFor({ key: 'r', target: onPage })).toBe('reset');
    expect(shortcutFor({ key: 'R', target: onPage })).toBe('reset');
    expect(shortcutFor({ key: 'm', target: onPage })).toBe('morph');
    expect(shortcutFor({ key: '?', target: onPage })).toBe('help');
    expect(shortcutFor({ key: 'Escape', target: onPage })).toBe('close');
  });

  it('ignores other keys', () => {
    for (const key of ['a', 'ArrowLeft', 'Enter', 'Tab', '/', 'Shift']) expect(shortcutFor({ key, target: onPage })).toBeNull();
  });

  it('works without a target (a keystroke on the document)', () => {
    expect(shortcutFor({ key: ' ' })).toBe('play-pause');
    expect(shortcutFor({ key: ' ', target: null })).toBe('play-pause');
  });

  it('leaves keys to focused controls that use them', () => {
    const controls: KeyPress['target'][] = [
      { tagName: 'INPUT' }, // text field, slider, checkbox alike
      { tagName: 'input' },
      { tagName: 'TEXTAREA' },
      { tagName: 'SELECT' },
      { tagName: 'DIV', isContentEditable: true },
      { tagName: 'DIV', role: 'slider' },
      { tagName: 'SPAN', role: 'textbox' },
      { tagName: 'DIV', role: 'checkbox' },
    ];
    for (const target of controls) {
      for (const key of [' ', 'ArrowRight', 'r', 'm', '?']) expect(shortcutFor({ key, target }), `${key} on ${JSON.stringify(target)}`).toBeNull();
    }
  });

  it('on a focused button, leaves Space (and Enter) to press it but lets the other shortcuts act', () => {
    for (const target of [{ tagName: 'BUTTON' }, { tagName: 'SUMMARY' }, { tagName: 'DIV', role: 'button' }] as KeyPress['target'][]) {
      expect(shortcutFor({ key: ' ', target }), `Space on ${JSON.stringify(target)}`).toBeNull();
      expect(shortcutFor({ key: 'ArrowRight', target })).toBe('step');
      expect(shortcutFor({ key: 'r', target })).toBe('reset');
      expect(shortcutFor({ key: 'm', target })).toBe('morph');
      expect(shortcutFor({ key: '?', target })).toBe('help');
    }
  });

  it('lets Escape through from a control, so it still closes a dialog', () => {
    expect(shortcutFor({ key: 'Escape', target: { tagName: 'INPUT' } })).toBe('close');
    expect(shortcutFor({ key: 'Escape', target: { tagName: 'BUTTON' } })).toBe('close');
  });

  it('acts on focused non-control elements such as a panel or a canvas', () => {
    expect(shortcutFor({ key: ' ', target: { tagName: 'CANVAS' } })).toBe('play-pause');
    expect(shortcutFor({ key: 'r', target: { tagName: 'FIGURE', role: null } })).toBe('reset');
    expect(shortcutFor({ key: 'm', target: { tagName: 'SECTION', role: 'region' } })).toBe('morph');
  });

  it('leaves Ctrl, Meta and Alt combinations to the browser', () => {
    expect(shortcutFor({ key: 'r', ctrlKey: true, target: onPage })).toBeNull(); // reload
    expect(shortcutFor({ key: 'r', metaKey: true, target: onPage })).toBeNull();
    expect(shortcutFor({ key: 'ArrowRight', altKey: true, target: onPage })).toBeNull(); // history forward
    expect(shortcutFor({ key: 'Escape', ctrlKey: true, target: onPage })).toBeNull();
  });

  it('allows Shift, which "?" and capital letters need', () => {
    expect(shortcutFor({ key: '?', target: onPage })).toBe('help');
    expect(shortcutFor({ key: 'M', target: onPage })).toBe('morph');
  });

  it('repeats stepping when a key is held, but not the toggles', () => {
    expect(shortcutFor({ key: 'ArrowRight', repeat: true, target: onPage })).toBe('step');
    expect(shortcutFor({ key: ' ', repeat: true, target: onPage })).toBeNull();
    expect(shortcutFor({ key: 'r', repeat: true, target: onPage })).toBeNull();
  });
});
