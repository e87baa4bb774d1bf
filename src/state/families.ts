import type { Family } from './types';

/** The model families in display order, and their names for people. */
export const FAMILIES: readonly Family[] = ['flow', 'vae', 'gan', 'autoregressive'];
export const FAMILY_LABEL: Record<Family, string> = { flow: 'Flow', vae: 'VAE', gan: 'GAN', autoregressive: 'Autoregressive' };
