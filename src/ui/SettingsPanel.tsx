import { FLOW_REGISTRY, flowInfo } from '../core/flows/registry';
import type { Settings } from '../state/settings';
import type { HideableId } from '../state/hideable';
import { FAMILIES } from '../state/families';
import type { Family } from '../state/types';
import { Term } from './glossary/Term';
import { depthWording } from './layer-wording';
import { BackendDetails } from './BackendDetails';
import { EffectiveLr } from './EffectiveLr';
import { ModelFileControls } from './ModelFileControls';
import { SettingControl } from './SettingControl';
import { ShareControls } from './ShareControls';
import { useApp } from './app-context';

/** The models a run can train beside the flow: each has a "Train …" setting. */
const OTHER_FAMILIES = FAMILIES.filter((f): f is Exclude<Family, 'flow'> => f !== 'flow');

/** The sidebar: what to fit first, the model, the optimiser, the other models, then files and links. */
export function SettingsPanel({ id, open }: { id: string; open: boolean }) {
  const conditioner = useApp((s) => FLOW_REGISTRY[s.settings.flow].conditioner);
  const energy = useApp((s) => s.settings.target === 'energy');
  const custom = useApp((s) => s.custom?.label ?? null);
  const hidden = useApp((s) => s.settings.hide);
  const show = (id: HideableId) => !hidden.includes(id);
  const flow = useApp((s) => s.settings.flow);
  // Told from the run once it matches the settings, so the count is the one the Morph and the strip show.
  const depth = useApp((s) =>
    s.run && s.run.config.flow === s.settings.flow && s.run.config.layers === s.settings.layers
      ? depthWording(s.run.config.flow, s.run.config.layers, s.run.layerKinds.length)
      : null,
  );
  return (
    // Folded away with `hidden` (out of the layout, the tab order and the accessibility tree); the values live in the store.
    <aside id={id} className="sidebar" aria-label="Settings" hidden={!open}>
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
        {show('flow') && <SettingControl name="flow" hint={<FlowLayers flow={flow} />} />}
        {show('layers') && <SettingControl name="layers" hint={depth ?? undefined} />}
        {show('hidden') && <SettingControl name="hidden" hint={conditioner ? undefined : `not used by ${FLOW_REGISTRY[flow].label} layers`} />}
      </fieldset>
      <fieldset>
        <legend>Training</legend>
        {show('lr') && <SettingControl name="lr" hint={<EffectiveLr />} />}
        {show('batch') && <SettingControl name="batch" />}
        {show('seed') && <SettingControl name="seed" />}
      </fieldset>
      <fieldset className="compare-with">
        <legend>Compare with</legend>
        {OTHER_FAMILIES.map((f) => show(f) && <SettingControl key={f} name={f} disabled={energy} />)}
        {energy && <span className="hint">The VAE, GAN and autoregressive model learn from samples; an energy has none.</span>}
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

/** What each flow is built from (the registry's description), every kind a glossary term. */
function FlowLayers({ flow }: { flow: Settings['flow'] }) {
  return (
    <>
      {flowInfo(flow).description.map((part, i) =>
        typeof part === 'string' ? part : <Term key={i} id={part.term}>{part.text}</Term>,
      )}
    </>
  );
}
