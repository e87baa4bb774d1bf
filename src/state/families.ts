import type { Family } from './types';

/** The three model families in display order, and their names for people. */
export const FAMILIES: readonly Family[] = ['flow', 'vae', 'gan'];
export const FAMILY_LABEL: Record<Family, string> = { flow: 'Flow', vae: 'VAE', gan: 'GAN' };
