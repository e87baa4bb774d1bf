import { AppDialog } from '../dialogs/AppDialog';
import { BoundsAndEstimates } from './sections/BoundsAndEstimates';
import { ChangeOfVariables } from './sections/ChangeOfVariables';
import { EnergyFitting } from './sections/EnergyFitting';
import { EntropyFloor } from './sections/EntropyFloor';
import { LogDeterminants } from './sections/LogDeterminants';
import { SplinesAndAutoregressive } from './sections/SplinesAndAutoregressive';
import './explain.css';

/** The maths behind the panels, short enough to read between two training runs. */
export function ExplainDialog() {
  return (
    <AppDialog which="explain" title="Explanations" className="explain-dialog">
      <p className="app-dialog-note">Logarithms are natural, so likelihoods are in nats per point.</p>
      <ChangeOfVariables />
      <LogDeterminants />
      <SplinesAndAutoregressive />
      <BoundsAndEstimates />
      <EnergyFitting />
      <EntropyFloor />
    </AppDialog>
  );
}
