import { lossFormula, reportedStepLoss, stepFigures } from '../../state/walkthrough';
import { useApp } from '../app-context';
import { shownFrame } from './WalkthroughOverlay';

const fixed = (v: number) => v.toFixed(4).replace('-', '−');

/**
 * The numbers of the step being walked through, phase by phase, and once a
 * step has been taken, what it did: the same batch's loss before and after,
 * beside the loss the trainer itself reported for that step. Each number is an
 * <output> named by what it is, for screen readers and tests.
 */
export function StepFigures({ phase }: { phase: number }) {
  const frame = useApp(shownFrame);
  const runStart = useApp((s) => s.run?.loaded?.steps ?? 0);
  const reported = useApp((s) => (frame?.after ? reportedStepLoss(s.curves, frame.after.step, runStart) : null));
  if (!frame) {
    return <p className="walkthrough-figures muted">Reading the next step’s batch…</p>;
  }
  const energy = frame.target === 'energy';
  return (
    <div className="walkthrough-figures">
      {frame.after && phase === 0 && (
        <p className="walkthrough-after">
          Step {frame.after.step.toLocaleString('en-US')} moved the weights: its batch’s loss went from{' '}
          <output aria-label="Loss before the step">{fixed(frame.after.before)}</output> to{' '}
          <output aria-label="Loss after the step">{fixed(frame.after.after)}</output>
          {reported !== null && (
            <>
              {' '}
              (the trainer reported <output aria-label="Loss the step reported">{fixed(reported)}</output>)
            </>
          )}
          . The Density panel shows the new density.
        </p>
      )}
      <p className="walkthrough-about">
        Step {(frame.step + 1).toLocaleString('en-US')}:{' '}
        {energy ? 'the black dots are its base draws, pushed through the flow on the Morph panel.' : 'the black dots are its batch, on the Data panel and carried through the flow on the Morph panel (slide to 0 to see z).'}
      </p>
      <dl>
        {stepFigures(frame, phase).map((f) => (
          <div key={f.name}>
            <dt>{f.name}</dt>
            <dd>
              <output aria-label={f.name}>{f.value}</output>
            </dd>
          </div>
        ))}
      </dl>
      {phase >= 3 && <p className="walkthrough-formula">{lossFormula(frame)}</p>}
    </div>
  );
}
