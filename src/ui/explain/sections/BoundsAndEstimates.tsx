import { Formula } from '../Formula';

/** (c) Why the VAE's number is a bound and the GAN's only an estimate. */
export function BoundsAndEstimates() {
  return (
    <section aria-labelledby="explain-bounds">
      <h3 id="explain-bounds">The VAE gives a bound, the GAN an estimate</h3>
      <p>
        A VAE’s density p(x) = ∫ p(x | z) p(z) dz has no closed form, so it trains on the evidence lower bound instead. Its loss −ELBO is therefore an
        upper bound on the NLL; the gap is how far its encoder q(z | x) is from the true posterior.
      </p>
      <Formula name="elbo" />
      <Formula name="elboBound" />
      <p>The importance-weighted estimate (IWAE) averages k weights inside the logarithm and closes in on log p(x) as k grows:</p>
      <Formula name="iwae" />
      <p>
        A GAN’s generator makes samples but assigns no density to anything, so it has no likelihood of its own. To put it on the chart, the playground
        fits a Gaussian kernel density to M of its samples, with the bandwidth h chosen to maximise the likelihood of a held-out validation split:
      </p>
      <Formula name="kde" />
      <p>That number is an estimate, neither exact nor a bound, and it changes with h and M; the table says which kind every number is.</p>
    </section>
  );
}
