import { Formula } from '../Formula';

/** (b) What log|det J| is for each kind of layer the playground builds. */
export function LogDeterminants() {
  return (
    <section aria-labelledby="explain-log-dets">
      <h3 id="explain-log-dets">What a log-determinant is, layer by layer</h3>
      <p>
        |det J| is the factor by which a layer scales a tiny patch of area around a point, so its logarithm adds up across layers. Each kind of layer is
        designed so that this number has a closed form.
      </p>

      <h4>Planar</h4>
      <Formula name="planarMap" />
      <Formula name="planarLogDet" />
      <p>
        A planar layer pushes points along û by an amount that depends on where they sit along w, so its Jacobian is the identity plus a rank-one term
        with a one-line determinant. Since <Formula name="planarSlope" inline />, the term inside |·| stays positive for every point exactly when{' '}
        <Formula name="planarCondition" inline />: the map then increases strictly along w and is a bijection. The optimiser never sees û directly; it
        moves u, and this keeps every layer on the safe side:
      </p>
      <Formula name="planarHat" />
      <p>Only this direction has a closed form (data → latent when fitting data); the other is a one-dimensional root find along w.</p>

      <h4>Affine coupling (RealNVP) and NICE</h4>
      <Formula name="couplingMap" />
      <Formula name="couplingLogDet" />
      <p>
        One coordinate passes through unchanged and the other is scaled by e<sup>s</sup> and shifted by t, both computed by a small network from the first. The
        Jacobian is triangular, so the log-determinant is just the sum of the log-scales s; the inverse pass divides instead and contributes −Σ s.
        NICE only shifts:
      </p>
      <Formula name="niceMap" />
      <p>Its couplings are volume-preserving, so all of its change of volume comes from one final per-coordinate scaling (an actnorm here).</p>

      <h4>Actnorm (Glow)</h4>
      <Formula name="actnormMap" />
      <Formula name="actnormLogDet" />
      <p>
        Actnorm scales and shifts each channel c. In an H × W image the same scale acts on every pixel, hence the factor H·W; a 2-D point is one pixel
        with two channels, so the factor is 1. Its first batch sets s and b so the data leave it with zero mean and unit variance.
      </p>

      <h4>Invertible 1 × 1 convolution (Glow)</h4>
      <Formula name="luFactors" />
      <Formula name="luLogDet" />
      <p>
        For a one-pixel, two-channel image the 1 × 1 convolution is a learned 2 × 2 matrix W that mixes the coordinates. Stored as a fixed permutation P,
        a lower-triangular L with ones on its diagonal and an upper-triangular U, its log-determinant is the sum of log|U<sub>ii</sub>|, and triangular factors
        invert by substitution, so no general determinant or matrix inverse is ever needed.
      </p>
    </section>
  );
}
