import { SETTINGS, SETTING_KEYS, type SettingKey, type Settings } from './settings';
import { clipText } from '../core/util/clip-text';

export interface HashReading {
  /** The settings the hash sets, each valid (clamped or defaulted where it had to be). */
  settings: Partial<Settings>;
  /** One line per key that was ignored or adjusted, for the page's notice. */
  notes: string[];
}

/** Longest hash we read: a link is typed or pasted by people, and a megabyte of it is a mistake. */
const MAX_HASH_LENGTH = 4000;

/**
 * URL hash → settings (#backend=cpu&seed=0&dataset=moons). Forgiving on
 * purpose: an unknown key or an invalid value is dropped, a number out of
 * range is clamped, the rest still applies, and every such repair is noted.
 */
export function parseHash(hash: string): HashReading {
  const notes: string[] = [];
  let text = hash.replace(/^#/, '');
  if (text.length > MAX_HASH_LENGTH) {
    notes.push(`link longer than ${MAX_HASH_LENGTH} characters: the rest ignored`);
    text = text.slice(0, MAX_HASH_LENGTH);
  }
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(text);
  } catch {
    return { settings: {}, notes: ['link could not be read'] };
  }
  const out: Partial<Record<SettingKey, unknown>> = {};
  for (const [rawKey, raw] of params) {
    const shown = `${clip(rawKey)}=${clip(raw)}`;
    const key = SETTING_KEYS.find((k) => k === rawKey);
    if (!key) {
      notes.push(`unknown setting ${shown} ignored`);
      continue;
    }
    const read = SETTINGS[key].parse(raw);
    if (!read.ok) notes.push(`${shown} ignored: ${read.reason}`);
    else {
      out[key] = read.value;
      if (read.adjusted) notes.push(`${key}: ${read.adjusted}`);
    }
  }
  return { settings: out as Partial<Settings>, notes };
}

/** Only settings that differ from their defaults, in table order, so shared links stay short. */
export function formatHash(settings: Settings): string {
  const params = new URLSearchParams();
  for (const key of SETTING_KEYS) {
    const setting = SETTINGS[key] as { default: unknown; format(v: unknown): string };
    const text = setting.format(settings[key]);
    if (text !== setting.format(setting.default)) params.set(key, text);
  }
  const query = params.toString();
  return query ? `#${query}` : '';
}

/** Echo user input in a notice without letting a pasted essay fill the page (24 characters and an ellipsis). */
function clip(s: string): string {
  return clipText(s, 25);
}
