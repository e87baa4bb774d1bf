/**
 * What a classroom link can hide: the sidebar's controls (by setting key) and
 * the panels (by a '-panel' id). Declared here, once, so the URL codec, the
 * link builder and the layout agree on the names.
 */
export const HIDEABLE = [
  { id: 'target', label: 'Fit', group: 'control' },
  { id: 'energy', label: 'Energy', group: 'control' },
  { id: 'dataset', label: 'Dataset', group: 'control' },
  { id: 'flow', label: 'Flow', group: 'control' },
  { id: 'layers', label: 'Layers', group: 'control' },
  { id: 'hidden', label: 'Hidden units', group: 'control' },
  { id: 'lr', label: 'Learning rate', group: 'control' },
  { id: 'batch', label: 'Batch size', group: 'control' },
  { id: 'seed', label: 'Seed', group: 'control' },
  { id: 'vae', label: 'Train VAE', group: 'control' },
  { id: 'gan', label: 'Train GAN', group: 'control' },
  { id: 'backend', label: 'Backend override', group: 'control' },
  { id: 'your-data', label: 'Draw and import data', group: 'control' },
  { id: 'data-panel', label: 'Data panel', group: 'panel' },
  { id: 'density-panel', label: 'Density panel', group: 'panel' },
  { id: 'morph-panel', label: 'Morph panel', group: 'panel' },
  { id: 'layers-panel', label: 'Layers panel', group: 'panel' },
  { id: 'chart-panel', label: 'NLL chart', group: 'panel' },
  { id: 'metrics-panel', label: 'Metrics table', group: 'panel' },
] as const;

export type HideableId = (typeof HIDEABLE)[number]['id'];
