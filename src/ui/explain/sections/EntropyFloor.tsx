import { Formula } from '../Formula';

/** (e) The dashed line on the NLL chart: the data's entropy. */
export function EntropyFloor() {
  return (
    <section aria-labelledby="explain-entropy">
      <h3 id="explain-entropy">The floor nobody can beat</h3>
      <p>
        The data come from a true density p, and a model q is scored by its average −log q on test points. The expectation of that score is the
        cross-entropy:
      </p>
      <Formula name="crossEntropy" />
      <Formula name="entropy" />
      <p>
        Since KL(p ‖ q) ≥ 0, no model’s expected test NLL can go below the data’s entropy H(p), the dashed line on the chart, and the gap to it is
        exactly KL(p ‖ q). A finite test set can put a curve a hair below the line by sampling noise, never by more. The entropy of continuous data can
        be negative, and scaling the data by s moves it by 2 ln s, so compare gaps to the floor rather than raw numbers across datasets.
      </p>
    </section>
  );
}
