import type { Family } from './types';

/**
 * The model families in display order, and their names for people. 'AR' (the
 * literature's short name for autoregressive) because 'Autoregressive' widened
 * the Metrics table's first column past the panel at 1280×720 and 1280×800; the
 * checkbox and the glossary spell it out.
 */
export const FAMILIES: readonly Family[] = ['flow', 'vae', 'gan', 'autoregressive'];
export const FAMILY_LABEL: Record<Family, string> = { flow: 'Flow', vae: 'VAE', gan: 'GAN', autoregressive: 'AR' };
