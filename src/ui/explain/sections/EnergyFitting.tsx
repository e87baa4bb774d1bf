import { Formula } from '../Formula';

/** (d) Energy mode: reverse KL, and why its chart's floor is −ln Z. */
export function EnergyFitting() {
  return (
    <section aria-labelledby="explain-energy">
      <h3 id="explain-energy">Fitting an energy: reverse KL</h3>
      <p>In energy mode there is no data, only an energy U. It defines the target density up to a constant Z that the model never knows:</p>
      <Formula name="energyTarget" />
      <p>The flow draws z from the Gaussian, pushes it forwards to x, and gets its own density at x exactly along the way:</p>
      <Formula name="energyDensity" />
      <p>The loss averages ln q + U over those samples, and the unknown ln Z only shifts it:</p>
      <Formula name="energyLoss" />
      <p>
        Since a KL divergence is never negative, the loss cannot go below −ln Z, the chart’s floor, and touches it only when q = p. The average is taken
        under q, so a mode that q never visits costs almost nothing: reverse KL tends to lock onto some modes and ignore others.
      </p>
    </section>
  );
}
