import { Formula } from '../Formula';

/** (c) The more flexible layers: spline couplings, and the autoregressive flows with their one cheap direction. */
export function SplinesAndAutoregressive() {
  return (
    <section aria-labelledby="explain-splines-autoregressive">
      <h3 id="explain-splines-autoregressive">Spline couplings and autoregressive flows (MAF, IAF)</h3>

      <h4>Rational-quadratic spline coupling (Neural Spline Flows)</h4>
      <p>
        An affine coupling can only stretch the moved coordinate by one factor. A spline coupling bends it instead: on [−B, B] the map runs through K + 1
        knots whose bin widths, heights and slopes δ all come from the network, and outside it is the identity. In bin k, with ξ the position inside the
        bin and s<sub>k</sub> the bin’s height over its width:
      </p>
      <Formula name="splineMap" />
      <Formula name="splineSlope" />
      <p>
        Every slope is positive, so the map is increasing and invertible; its log-derivative is the log-determinant. Going back from y, ξ solves a
        quadratic equation, so the inverse is exact too, with no iteration. The end slopes are fixed at 1, so the curve joins the identity tails smoothly.
      </p>

      <h4>Masked autoregressive flows: MAF and IAF</h4>
      <p>
        An autoregressive layer moves every coordinate, each by a scale and shift (or a spline) computed from the coordinates before it. One masked network
        (MADE) computes them all at once, provided the coordinates it reads are already known. MAF reads the data side:
      </p>
      <Formula name="mafMap" />
      <p>
        The density needs z from x: all of x is known, so <strong>MAF’s density (and its training) takes one pass</strong>. Sampling needs x from z: x
        <sub>2</sub> cannot be computed before x<sub>1</sub>, so <strong>MAF’s sampling takes D sequential passes</strong>, one per coordinate (D = 2 here;
        for an image, one per pixel). IAF is the same layer turned round; it reads the latent side:
      </p>
      <Formula name="iafMap" />
      <p>
        Now all of z is known when sampling, so <strong>IAF samples in one pass</strong>, but <strong>its density takes D sequential passes</strong>:
        each z<sub>d</sub> waits for z<sub>&lt;d</sub>. In this page that is the density grid and the training step. Either way the Jacobian is
        triangular, so the log-determinant stays a sum:
      </p>
      <Formula name="autoregressiveLogDet" />
    </section>
  );
}
