import type { LikelihoodKind } from '../state/types';

/**
 * How each kind of figure looks, the same in the chart and the table, so an
 * estimate or a bound can never pass for an exact likelihood: a line style,
 * a symbol before the number, and a sentence saying what the kind means.
 */

/** Canvas dash patterns: exact solid, bounds dashed (−ELBO with longer gaps than IWAE), estimates dotted. */
export function dashOf(kind: LikelihoodKind, figureId: string): number[] {
  if (kind === 'exact') return [];
  if (kind === 'estimate') return [1.5, 3.5];
  return figureId.endsWith('neg-elbo') ? [7, 5] : [10, 3];
}

/**
 * The symbol before a figure, read as a statement about the model's true NLL:
 * "≤ 2.41" for a bound (the true NLL is at most this), "≈ 2.41" for an
 * estimate, nothing for an exact figure.
 */
export const KIND_SYMBOL: Record<LikelihoodKind, string> = { exact: '', bound: '≤', estimate: '≈' };

/** The kind's name as the table and the chart's labels show it. */
export const KIND_NAME: Record<LikelihoodKind, string> = { exact: 'exact', bound: 'bound', estimate: 'estimate' };

/** What each kind means, for tooltips and the chart's description. */
export const KIND_MEANING: Record<LikelihoodKind, string> = {
  exact: 'Exact: the flow computes its log-likelihood by the change of variables, so this is the true NLL on the held-out points (its only error is which points were held out, the s.e.).',
  bound:
    'Upper bound (≤): the VAE cannot compute its likelihood. −ELBO and the importance-weighted IWAE are upper bounds on its true NLL (IWAE the tighter, more so as k grows): its true NLL is at most this. Fitting an energy, the reverse-KL loss is likewise an upper bound on −ln Z.',
  estimate:
    'Estimate (≈): a GAN has no likelihood. This scores a Gaussian kernel density laid over the GAN’s samples, with the kernel width tuned on held-out data. It is neither exact nor a bound, and it can flatter the GAN: the kernels smooth over gaps and collapsed modes the generator really has, so it can sit closer to the floor than the GAN deserves.',
};
