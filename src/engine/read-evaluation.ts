import * as tf from '@tensorflow/tfjs-core';
import type { Vae } from '../core/models/vae';
import { summarise } from '../core/metrics/score';
import { REVERSE_KL, reverseKlTerms } from '../core/models/energy-fit';
import { perPointChunked } from './chunked';
import type { GanKdeCache } from './gan-kde';
import type { Family, Figure } from './protocol';
import type { Session } from './session';

/** The figure fields from per-point log-likelihoods, with the scorer's own formula. */
function nll(logLik: ArrayLike<number>): { value: number; se: number; count: number } {
  const { mean, se, count } = summarise(logLik);
  return { value: mean, se, count };
}

/**
 * Importance samples per point for every IWAE the page shows (this figure and
 * the VAE's density grid, engine/read-density.ts): one k, so the table, the
 * chart and the Density panel never disagree. k·n rows go through the decoder.
 */
export const IWAE_K = 16;
const IWAE_POINTS = 2048;
/** Test points for the GAN's kernel estimate: a query far from every sample sums over all of them. */
const KDE_POINTS = 2048;

/**
 * Each model's held-out figures on the session's fixed test subset, every one
 * labelled with its kind: a flow's NLL is exact, a VAE's −ELBO and IWAE are
 * upper bounds on NLL (IWAE the tighter), a GAN's is a kernel-density estimate.
 * Fixed seeds, so two evaluations differ only because the model changed.
 */
export async function readEvaluation(session: Session, family: Family, gan: GanKdeCache): Promise<Figure[]> {
  const test = session.test;
  const seed = session.config.seed;
  switch (family) {
    case 'flow': {
      if (session.energyFit) return [await reverseKl(session)];
      const exact = nll(await perPointChunked((x) => session.flow.logProb(x), test, 1024));
      return [{ id: 'nll', label: 'NLL', kind: 'exact', ...exact }];
    }
    case 'vae': {
      const vae = session.run('vae')!.model as Vae;
      const elbo = nll(await perPointChunked((x) => tf.neg(vae.negElbo(x, seed)), test, 1024));
      const iwaePoints = test.subarray(0, 2 * IWAE_POINTS);
      const iwae = nll(await perPointChunked((x) => vae.iwaeLogLik(x, IWAE_K, seed), iwaePoints, 256));
      return [
        { id: 'iwae', label: `IWAE k=${IWAE_K}`, kind: 'bound', ...iwae },
        { id: 'neg-elbo', label: '−ELBO', kind: 'bound', ...elbo },
      ];
    }
    case 'gan': {
      const estimate = nll(await gan.logProb(test.subarray(0, 2 * KDE_POINTS)));
      return [{ id: 'kde', label: 'KDE', kind: 'estimate', ...estimate }];
    }
  }
}

/**
 * Energy mode's held-out figure: E_q[ln q(x) + U(x)] over fixed base draws z
 * pushed through the flow. Its expectation is KL(q‖p) − ln Z, an upper bound
 * on −ln Z, so it is labelled a bound, as the VAE's −ELBO is (both are
 * Monte-Carlo means of a bound, with their standard errors).
 */
async function reverseKl(session: Session): Promise<Figure> {
  const { flow, energy } = session.energyFit!;
  const perDraw = await perPointChunked((z) => reverseKlTerms(flow, energy, z), session.test, 1024);
  // summarise() negates log-likelihoods into an NLL; these values are losses already.
  const { mean, se, count } = summarise(perDraw.map((v) => -v));
  return { id: REVERSE_KL, label: 'E_q[ln q + U]', kind: 'bound', value: mean, se, count };
}
