import type { HideableId } from '../state/hideable';
import { BackendDetails } from './BackendDetails';
import { ModelFileControls } from './ModelFileControls';
import { SettingControl } from './SettingControl';
import { ShareControls } from './ShareControls';
import { useApp } from './app-context';

/** The sidebar: what to fit first, the model, the optimiser, the other models, then files and links. */
export function SettingsPanel() {
  const planar = useApp((s) => s.settings.flow === 'planar');
  const energy = useApp((s) => s.settings.target === 'energy');
  const custom = useApp((s) => s.custom?.label ?? null);
  const hidden = useApp((s) => s.settings.hide);
  const show = (id: HideableId) => !hidden.includes(id);
  return (
    <aside className="sidebar" aria-label="Settings">
      <fieldset>
        <legend>Target</legend>
        {show('target') && <SettingControl name="target" />}
        {energy
          ? show('energy') && <SettingControl name="energy" hint="planar flows are the classic fit here" />
          : show('dataset') && (
              <SettingControl name="dataset" override={custom ? { value: 'custom', label: `Your data: ${custom}` } : undefined} />
            )}
      </fieldset>
      <fieldset>
        <legend>Flow</legend>
        {show('flow') && <SettingControl name="flow" />}
        {show('layers') && <SettingControl name="layers" />}
        {show('hidden') && <SettingControl name="hidden" hint={planar ? 'not used by planar layers' : undefined} />}
      </fieldset>
      <fieldset>
        <legend>Training</legend>
        {show('lr') && <SettingControl name="lr" />}
        {show('batch') && <SettingControl name="batch" />}
        {show('seed') && <SettingControl name="seed" />}
      </fieldset>
      <fieldset>
        <legend>Compare with</legend>
        {show('vae') && <SettingControl name="vae" disabled={energy} />}
        {show('gan') && <SettingControl name="gan" disabled={energy} />}
        {energy && <span className="hint">The VAE and GAN learn from samples; an energy has none.</span>}
      </fieldset>
      {show('backend') && (
        <fieldset>
          <legend>Engine</legend>
          <SettingControl name="backend" />
          <BackendDetails />
        </fieldset>
      )}
      <ModelFileControls />
      <ShareControls />
    </aside>
  );
}
