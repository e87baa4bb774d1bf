import { LoadedModelCard } from './LoadedModelCard';
import { RunUndoToast } from './RunUndoToast';
import { StuckHintCard } from './StuckHintCard';
import './run-cards.css';

/** The cards above the panels about the run itself: a loaded model, a run put aside, a stuck run. */
export function RunCards() {
  return (
    <>
      <RunUndoToast />
      <LoadedModelCard />
      <StuckHintCard />
    </>
  );
}
