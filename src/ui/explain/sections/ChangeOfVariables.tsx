import { Formula } from '../Formula';

/** (a) Why a flow's likelihood is exact: the change of variables along the inverse pass. */
export function ChangeOfVariables() {
  return (
    <section aria-labelledby="explain-change-of-variables">
      <h3 id="explain-change-of-variables">Exact likelihood: the change of variables</h3>
      <p>The inverse pass carries a data point x through the layers <Formula name="layerSequence" inline /> to a point z on the Gaussian’s side.</p>
      <Formula name="inversePass" />
      <p>
        The density of x is the Gaussian’s density at z, corrected at every layer by how much that layer stretches space around the point. A layer that
        spreads points apart on the way to z adds to log p(x): the data were crowded there.
      </p>
      <Formula name="changeOfVariables" />
      <p>
        Every layer is built so its log-determinant is cheap and exact, and the flow only adds them up; nothing ever takes a numerical determinant of
        the whole Jacobian. Training lowers the average negative log-likelihood of a batch, in nats per point:
      </p>
      <Formula name="nllLoss" />
    </section>
  );
}
