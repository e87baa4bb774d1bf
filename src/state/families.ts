import { REVERSE_KL } from '../core/data/energy-catalog';
import type { Family, LikelihoodKind } from './types';

interface FamilyInfo {
  /** The name in the table, the chart, the menus and the exports. */
  label: string;
  /** Its objectives that are NLL figures (its train curves); the first it reports is the table's "Train" figure. */
  train: readonly { objective: string; label: string; kind: LikelihoodKind }[];
  /** The glossary entry that explains its density map's method. */
  methodTerm: string;
  /** Its hue, and its heat-map ramp from white to a dark shade of that hue. */
  color: string;
  ramp: readonly [string, string, string];
}

/**
 * Every model family's page-side facts, once, in display order. 'AR' (the
 * literature's short name for autoregressive) because 'Autoregressive'
 * widened the Metrics table's first column past the panel at 1280×720 and
 * 1280×800; the checkbox and the glossary spell it out. Hues are Okabe–Ito
 * (viz/palette.ts). The GAN's two losses are classification losses, not
 * likelihoods, so it has no train curve.
 */
export const FAMILY_INFO: Readonly<Record<Family, FamilyInfo>> = {
  flow: {
    label: 'Flow',
    // Fitting an energy, the flow trains on its reverse-KL loss instead of the NLL.
    train: [
      { objective: 'nll', label: 'Flow train NLL', kind: 'exact' },
      { objective: REVERSE_KL, label: 'Flow train E_q[ln q + U]', kind: 'bound' },
    ],
    methodTerm: 'exact',
    color: '#0072b2',
    ramp: ['#ffffff', '#56a0d3', '#08306b'],
  },
  vae: { label: 'VAE', train: [{ objective: 'neg-elbo', label: 'VAE train −ELBO', kind: 'bound' }], methodTerm: 'iwae', color: '#d55e00', ramp: ['#ffffff', '#f4a261', '#6b2a00'] },
  gan: { label: 'GAN', train: [], methodTerm: 'kde', color: '#009e73', ramp: ['#ffffff', '#66c2a4', '#00441b'] },
  autoregressive: { label: 'AR', train: [{ objective: 'nll', label: 'AR train NLL', kind: 'exact' }], methodTerm: 'exact', color: '#cc79a7', ramp: ['#ffffff', '#e0a3c6', '#6a1b4d'] },
};

export const FAMILIES = Object.keys(FAMILY_INFO) as Family[];
