import { useId, type ReactNode } from 'react';
import { SETTINGS, type SettingKey, type Settings } from '../state/settings';
import { useApp } from './app-context';

/**
 * The control for one entry of the settings table, generated from it: a
 * select, a slider (with its value shown beside, outside the label so the
 * accessible name stays exactly the setting's label), a checkbox or a number.
 */
export function SettingControl({
  name,
  hint,
  disabled = false,
  override,
}: {
  name: SettingKey;
  /** A line under the control (text, or glossary terms). */
  hint?: ReactNode;
  disabled?: boolean;
  /** A select's extra, selected entry for a value outside the table (the user's own data). */
  override?: { value: string; label: string };
}) {
  const id = useId();
  const value = useApp((s) => s.settings[name]);
  const setSetting = useApp((s) => s.setSetting);
  const setting = SETTINGS[name];
  const control = setting.control;
  const update = (v: unknown) => setSetting(name, v as Settings[typeof name]);

  switch (control.type) {
    case 'select':
      return (
        <div className="control">
          <label htmlFor={id}>{setting.label}</label>
          <select id={id} value={override?.value ?? String(value)} disabled={disabled} onChange={(e) => update(e.target.value)}>
            {override && (
              <option value={override.value} disabled>
                {override.label}
              </option>
            )}
            {control.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          {hint && <span className="hint">{hint}</span>}
        </div>
      );
    case 'range':
      return (
        <div className="control range">
          <label htmlFor={id}>{setting.label}</label>
          <span className="value" aria-hidden="true">
            {control.display(value as number)}
          </span>
          <input
            id={id}
            type="range"
            disabled={disabled}
            min={control.min}
            max={control.max}
            step={control.step}
            value={control.toPosition(value as number)}
            aria-valuetext={control.display(value as number)}
            onChange={(e) => update(control.fromPosition(Number(e.target.value)))}
          />
          {hint && <span className="hint">{hint}</span>}
        </div>
      );
    case 'none':
      return null;
    case 'checkbox':
      return (
        <div className="control check">
          <input id={id} type="checkbox" disabled={disabled} checked={value as boolean} onChange={(e) => update(e.target.checked)} />
          <label htmlFor={id}>{setting.label}</label>
        </div>
      );
    case 'number':
      return (
        <div className="control">
          <label htmlFor={id}>{setting.label}</label>
          <input
            id={id}
            type="number"
            min={control.min}
            max={control.max}
            step={1}
            disabled={disabled}
            value={value as number}
            onChange={(e) => {
              const read = setting.parse(e.target.value);
              // Only whole, in-range values take effect while typing; the field shows what was typed.
              if (read.ok && !read.adjusted) update(read.value);
            }}
          />
        </div>
      );
  }
}
