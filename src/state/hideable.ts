/**
 * What a classroom link can hide: the sidebar's controls (by setting key) and
 * the panels (by a '-panel' id). Declared here, once, so the URL codec, the
 * link builder and the layout agree on the names. A control that is a setting
 * carries no label here: the link builder shows the settings table's label
 * (this module cannot import that table, which reads the ids from here).
 */
const SETTING_CONTROLS = ['target', 'energy', 'dataset', 'flow', 'layers', 'hidden', 'lr', 'batch', 'seed', 'vae', 'gan', 'autoregressive', 'backend'] as const;

export const HIDEABLE = [
  ...SETTING_CONTROLS.map((id) => ({ id, group: 'control' as const })),
  { id: 'your-data', label: 'Draw and import data', group: 'control' },
  { id: 'data-panel', label: 'Data panel', group: 'panel' },
  { id: 'density-panel', label: 'Density panel', group: 'panel' },
  { id: 'morph-panel', label: 'Morph panel', group: 'panel' },
  { id: 'layers-panel', label: 'Layers panel', group: 'panel' },
  { id: 'chart-panel', label: 'NLL chart', group: 'panel' },
  { id: 'metrics-panel', label: 'Metrics table', group: 'panel' },
] as const;

export type HideableId = (typeof HIDEABLE)[number]['id'];
