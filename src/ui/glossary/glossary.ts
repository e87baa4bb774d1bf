import { LAYER_KINDS } from '../../core/flows/registry';

/**
 * Every term the page uses, explained once in plain words for a first-year
 * student. The <Term> component renders an entry where the word appears
 * (hover title, screen-reader description, click for the Glossary dialog);
 * the Glossary dialog lists them all. Ids of bijector kinds match the
 * worker's layer kinds; their entries come from the flow registry.
 * Pure data: no DOM, no React.
 */

export interface GlossaryEntry {
  id: string;
  /** The word as the page shows it. */
  term: string;
  /** One or two sentences. */
  definition: string;
}

export const GLOSSARY: readonly GlossaryEntry[] = [
  {
    id: 'flow',
    term: 'normalizing flow',
    definition:
      'A chain of invertible maps that turns a standard Gaussian into the data’s shape. Because every map can be undone and its stretching measured, the flow gives the exact likelihood of any point.',
  },
  {
    id: 'layer',
    term: 'layer',
    definition: 'One invertible map in the flow’s chain. The Morph and the Layers strip show the Gaussian’s samples after each one.',
  },
  // The layer kinds, named and explained where flow types are declared.
  ...Object.entries(LAYER_KINDS).map(([id, k]) => ({ id, term: k.name, definition: k.definition })),
  {
    id: 'glow-step',
    term: 'Glow step',
    definition: 'One block of a Glow flow: actnorm, then an LU 1×1 conv, then an affine coupling, so one step is three layers.',
  },
  {
    id: 'log-det',
    term: 'log-determinant',
    definition: 'How much a layer stretches (positive) or squeezes (negative) area around a point, on a log scale. Summed over the layers, it converts the Gaussian’s density into the model’s.',
  },
  {
    id: 'log-p',
    term: 'log p(x)',
    definition: 'The model’s log-density at the point x: high where it expects data. The Density panel’s shading; hover over the panel to read it.',
  },
  {
    id: 'nll',
    term: 'NLL',
    definition: 'Negative log-likelihood: the average of −log p(x) over points. Lower is better; no model can go below the entropy floor.',
  },
  {
    id: 'nats',
    term: 'nats',
    definition: 'The unit of a natural-log likelihood (1 nat = 1/ln 2 ≈ 1.44 bits). Figures here are nats per point.',
  },
  {
    id: 'test-nll',
    term: 'Test NLL',
    definition: 'The NLL on held-out points the model never trained on, so it measures how well the model generalises rather than memorises.',
  },
  {
    id: 'train',
    term: 'Train',
    definition: 'The loss on the latest training batches: what the optimiser actually minimises.',
  },
  {
    id: 'entropy-floor',
    term: 'entropy floor',
    definition: 'The entropy of the true data distribution: the lowest NLL any model could reach, achieved only by the true density itself.',
  },
  {
    id: 'above-floor',
    term: 'Above floor',
    definition: 'Test NLL minus the entropy floor: how many nats per point the model still loses to the true density. 0 would be perfect.',
  },
  {
    id: 'exact',
    term: 'exact',
    definition: 'Computed exactly from the model (a flow’s likelihood): only sampling noise from the choice of test points.',
  },
  {
    id: 'bound',
    term: 'bound',
    definition: 'An upper bound on the NLL (the VAE’s −ELBO and IWAE): the true NLL is at or below this figure.',
  },
  {
    id: 'estimate',
    term: 'estimate',
    definition: 'An approximation with its own bias (the GAN’s kernel density estimate): it can be higher or lower than the true NLL.',
  },
  {
    id: 'elbo',
    term: '−ELBO',
    definition: 'The negative evidence lower bound, the VAE’s training loss: an upper bound on its NLL, loose by the gap between its encoder and the true posterior.',
  },
  {
    id: 'iwae',
    term: 'IWAE',
    definition: 'Importance-weighted estimate of the VAE’s likelihood with k samples per point: still an upper bound on the NLL, and tighter than −ELBO as k grows.',
  },
  {
    id: 'kde',
    term: 'KDE',
    definition: 'Kernel density estimate: a GAN gives samples but no likelihood, so a Gaussian bump is placed on each sample and the bumps are averaged. The bandwidth is chosen on held-out points; with few samples or a lucky bandwidth it can flatter the GAN.',
  },
  {
    id: 'se',
    term: 's.e.',
    definition: 'Standard error of a figure averaged over test points: about two of them either side is where a repeat with other points would land.',
  },
  {
    id: 'contours',
    term: 'contours',
    definition: 'Lines of equal density drawn so that the region inside each holds the stated share of the model’s probability mass.',
  },
  {
    id: 'morph',
    term: 'Morph',
    definition: 'Samples and grid lines from the Gaussian pushed through the flow; the slider stops after any layer, or between two.',
  },
  {
    id: 'reverse-kl',
    term: 'reverse KL',
    definition: 'Fitting a flow to an energy U without samples: minimise E_q[ln q + U], which is the KL divergence from the flow to exp(−U)/Z, up to the constant ln Z.',
  },
  {
    id: 'vae',
    term: 'VAE',
    definition: 'Variational autoencoder: an encoder maps points to a latent Gaussian and a decoder maps back. It trains on −ELBO, a bound on its likelihood.',
  },
  {
    id: 'gan',
    term: 'GAN',
    definition: 'Generative adversarial network: a generator learns to fool a discriminator. It gives samples but no likelihood, so its NLL is a kernel estimate.',
  },
];

const BY_ID = new Map(GLOSSARY.map((e) => [e.id, e]));

export function glossaryEntry(id: string): GlossaryEntry | undefined {
  return BY_ID.get(id);
}

/** The definition of a term (by id), or undefined when the glossary has none. */
export function termDefinition(id: string): string | undefined {
  return BY_ID.get(id)?.definition;
}
