import { SettingControl } from './SettingControl';
import { useApp } from './app-context';

/** The sidebar: data and model first, optimiser next, then the other models and the machinery. */
export function SettingsPanel() {
  const planar = useApp((s) => s.settings.flow === 'planar');
  return (
    <aside className="sidebar" aria-label="Settings">
      <fieldset>
        <legend>Data and flow</legend>
        <SettingControl name="dataset" />
        <SettingControl name="flow" />
        <SettingControl name="layers" />
        <SettingControl name="hidden" hint={planar ? 'not used by planar layers' : undefined} />
      </fieldset>
      <fieldset>
        <legend>Training</legend>
        <SettingControl name="lr" />
        <SettingControl name="batch" />
        <SettingControl name="seed" />
      </fieldset>
      <fieldset>
        <legend>Compare with</legend>
        <SettingControl name="vae" />
        <SettingControl name="gan" />
      </fieldset>
      <fieldset>
        <legend>Engine</legend>
        <SettingControl name="backend" />
      </fieldset>
    </aside>
  );
}
