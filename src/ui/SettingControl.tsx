import { useId } from 'react';
import { SETTINGS, type SettingKey, type Settings } from '../state/settings';
import { useApp } from './app-context';

/**
 * The control for one entry of the settings table, generated from it: a
 * select, a slider (with its value shown beside, outside the label so the
 * accessible name stays exactly the setting's label), a checkbox or a number.
 */
export function SettingControl({ name, hint }: { name: SettingKey; hint?: string }) {
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
          <select id={id} value={String(value)} onChange={(e) => update(e.target.value)}>
            {control.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
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
    case 'checkbox':
      return (
        <div className="control check">
          <input id={id} type="checkbox" checked={value as boolean} onChange={(e) => update(e.target.checked)} />
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
            value={value as number}
            onChange={(e) => {
              const v = setting.parse(e.target.value);
              if (v !== undefined) update(v);
            }}
          />
        </div>
      );
  }
}
