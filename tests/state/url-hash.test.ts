import { describe, expect, it } from 'vitest';
import { HIDEABLE } from '../../src/state/hideable';
import { defaultSettings, SETTINGS, SETTING_KEYS, type Settings } from '../../src/state/settings';
import { formatHash, parseHash } from '../../src/state/url-hash';
import { createRng } from '../../src/core/util/rng';

describe('URL hash', () => {
  it('writes nothing for the defaults and reads an empty hash as no settings', () => {
    expect(formatHash(defaultSettings())).toBe('');
    expect(parseHash('')).toEqual({ settings: {}, notes: [] });
    expect(parseHash('#')).toEqual({ settings: {}, notes: [] });
  });

  it('round-trips every setting of a changed setup exactly', () => {
    const changed: Settings = {
      ...defaultSettings(),
      target: 'energy',
      energy: 'u3',
      dataset: '2spirals',
      flow: 'glow',
      layers: 5,
      hidden: 128,
      lr: 0.0012,
      batch: 64,
      seed: 123456,
      vae: true,
      gan: true,
      autoregressive: true,
      backend: 'cpu',
      samples: 'vae',
      projector: true,
      hide: ['seed', 'backend', 'layers-panel'],
    };
    const hash = formatHash(changed);
    const back = parseHash(hash);
    expect(back.notes).toEqual([]);
    expect({ ...defaultSettings(), ...back.settings }).toEqual(changed);
    // Every key of the table took part, so a new setting cannot silently miss the link.
    expect(Object.keys(back.settings).sort()).toEqual([...SETTING_KEYS].sort());
  });

  it('clamps numbers into range and notes it', () => {
    const { settings, notes } = parseHash('#layers=999&hidden=3000&lr=5&seed=-4&batch=100');
    expect(settings).toMatchObject({ layers: 32, hidden: 256, lr: 0.03, seed: 0, batch: 128 });
    expect(notes).toHaveLength(5);
    expect(notes[0]).toMatch(/^layers: 999 → 32/);
  });

  it('drops unknown keys and values of the wrong type, keeping the rest, and says what it dropped', () => {
    const { settings, notes } = parseHash('#dataset=moonz&flow=glow&colour=red&layers=ten&vae=maybe&hide=backend,nonsense');
    expect(settings).toEqual({ flow: 'glow', hide: ['backend'] });
    expect(notes.join('\n')).toMatch(/dataset=moonz ignored/);
    expect(notes.join('\n')).toMatch(/unknown setting colour=red/);
    expect(notes.join('\n')).toMatch(/layers=ten ignored: not a number/);
    expect(notes.join('\n')).toMatch(/vae=maybe ignored/);
    expect(notes.join('\n')).toMatch(/unknown nonsense ignored/);
  });

  it('survives random garbage: every result is a valid setting and parsing never throws', () => {
    const rng = createRng(7);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789=&%#-_.,~+!*()[]{}é😀 \u0000';
    const keys = [...SETTING_KEYS, 'x', '', '__proto__', 'constructor'];
    for (let trial = 0; trial < 2000; trial++) {
      const parts: string[] = [];
      for (let p = rng.int(6); p >= 0; p--) {
        const key = rng.uniform() < 0.7 ? keys[rng.int(keys.length)] : randomText(rng, alphabet, 8);
        parts.push(`${key}=${randomText(rng, alphabet, 12)}`);
      }
      const { settings } = parseHash(`#${parts.join('&')}`);
      for (const [key, value] of Object.entries(settings)) {
        const setting = SETTINGS[key as keyof Settings] as { parse(raw: string): { ok: boolean; value?: unknown; adjusted?: string }; format(v: unknown): string };
        // What was accepted formats back to itself: it is a value the table allows.
        const again = setting.parse(setting.format(value));
        expect(again.ok, `${key}=${String(value)}`).toBe(true);
        expect(again.adjusted, `${key}=${String(value)}`).toBeUndefined();
      }
      expect(Object.getPrototypeOf(settings)).toBe(Object.prototype);
    }
  });

  it('lists every hideable id once, and hide= keeps them in table order', () => {
    const ids = HIDEABLE.map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    // A control without its own label is a setting: the link builder shows the setting's label.
    for (const h of HIDEABLE) if (!('label' in h)) expect(SETTING_KEYS).toContain(h.id);
    expect(parseHash(`#hide=${[...ids].reverse().join(',')}`).settings.hide).toEqual(ids);
  });
});

function randomText(rng: ReturnType<typeof createRng>, alphabet: string, max: number): string {
  const chars = [...alphabet];
  let s = '';
  for (let i = rng.int(max + 1); i > 0; i--) s += chars[rng.int(chars.length)];
  return s;
}
