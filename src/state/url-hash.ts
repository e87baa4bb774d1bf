import { SETTINGS, SETTING_KEYS, type SettingKey, type Settings } from './settings';

/**
 * Settings ⇄ URL hash (#backend=cpu&seed=0&dataset=moons). Parsing is
 * forgiving on purpose: a hash is typed or pasted by people, so an unknown key
 * or an invalid value is dropped and the rest still applies.
 */
export function parseHash(hash: string): Partial<Settings> {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const out: Partial<Record<SettingKey, unknown>> = {};
  for (const [rawKey, raw] of params) {
    const key = SETTING_KEYS.find((k) => k === rawKey);
    if (!key) continue;
    const value = (SETTINGS[key].parse as (s: string) => unknown)(raw);
    if (value !== undefined) out[key] = value;
  }
  return out as Partial<Settings>;
}

/** Only settings that differ from their defaults, in table order, so shared links stay short. */
export function formatHash(settings: Settings): string {
  const params = new URLSearchParams();
  for (const key of SETTING_KEYS) {
    const setting = SETTINGS[key] as { default: unknown; format(v: unknown): string };
    if (settings[key] !== setting.default) params.set(key, setting.format(settings[key]));
  }
  const text = params.toString();
  return text ? `#${text}` : '';
}
