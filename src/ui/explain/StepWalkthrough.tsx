import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { phasesFor } from '../../state/walkthrough';
import { useApp, useEngine } from '../app-context';
import { StepFigures } from './StepFigures';
import { shownFrame } from './WalkthroughOverlay';
import { useMorphSweep } from './use-morph-sweep';
import { returnFocus } from '../dialogs/focus-return';
import { useAutoAdvance } from './use-auto-advance';
import { clampPhase, isLastPhase, nextPhase, previousPhase } from './walkthrough-nav';
import './explain.css';

/**
 * The slow mode: one training step shown phase by phase, with that step's
 * own data: the worker describes the flow's next step (its batch, carried
 * through the layers, and the terms of its loss; engine/walkthrough-step.ts),
 * the panels draw the batch and highlight themselves from store.walkthrough,
 * and "Take the step" trains on exactly that batch. Mount it in the page flow
 * (e.g. at the top of the panels) so it never covers a panel it points at.
 */
export function StepWalkthrough() {
  const phase = useApp((s) => s.walkthrough);
  // A separate component so Auto's state starts off each time the walkthrough opens.
  return phase === null ? null : <WalkthroughCard phase={phase} />;
}

function WalkthroughCard({ phase }: { phase: number }) {
  const target = useApp((s) => s.settings.target);
  const phases = phasesFor(target);
  const setWalkthrough = useApp((s) => s.setWalkthrough);
  // The same readiness as the Step button: a step needs a built run and no failure.
  const canStep = useApp((s) => s.run !== null && s.error === null);
  const engine = useEngine();
  const [auto, setAuto] = useState(false);
  const region = useRef<HTMLElement>(null);

  const current = clampPhase(phase, phases.length);
  const last = isLastPhase(current, phases.length);
  const { title, sentence } = phases[current];

  // Ask the worker about the step on screen, once per step, while paused.
  const gen = useApp((s) => s.run?.gen ?? -1);
  const step = useApp((s) => s.step);
  const running = useApp((s) => s.running);
  const described = useApp((s) => shownFrame(s) !== null);
  const asked = useRef('');
  useEffect(() => {
    const key = `${gen}:${step}`;
    if (running || !canStep || described || asked.current === key) return;
    asked.current = key;
    engine.describeStep();
  }, [gen, step, running, canStep, described, engine]);
  // The inverse pass carries the batch from the data to z; energy mode's forward pass from z to x.
  useMorphSweep(current === 1, target === 'energy' ? 1 : 0);

  const next = () => {
    const move = nextPhase(current, phases.length);
    if (move.takeStep) {
      if (!canStep) return;
      engine.step();
    }
    setWalkthrough(move.phase);
  };
  useAutoAdvance(auto && (!last || canStep), current, next);

  // Focus follows the student into the card and back to where they were when it closes.
  const nextButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement;
    const card = region.current;
    nextButton.current?.focus();
    return () => returnFocus(opener, card);
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') setWalkthrough(null);
  };

  return (
    <section ref={region} role="region" aria-label="Step walkthrough" className="walkthrough" onKeyDown={onKeyDown}>
      {/* Live, so a screen reader reads each new phase as the student moves. */}
      <div className="walkthrough-text" aria-live="polite">
        <p className="walkthrough-count">
          Phase {current + 1} of {phases.length}
        </p>
        <h2 className="walkthrough-title">
          {title}
        </h2>
        <p className="walkthrough-sentence">{sentence}</p>
        <StepFigures phase={current} />
      </div>
      <div className="walkthrough-buttons">
        {/* aria-disabled, not disabled: a disabled button would drop the keyboard focus at the ends of the walk. */}
        <button type="button" onClick={() => setWalkthrough(previousPhase(current, phases.length))} aria-disabled={current === 0}>
          Back
        </button>
        <button type="button" ref={nextButton} className="primary" onClick={next} aria-disabled={last && !canStep}>
          {last ? 'Take the step' : 'Next phase'}
        </button>
        <button type="button" aria-pressed={auto} onClick={() => setAuto(!auto)} title="Advance one phase every 2.5 seconds">
          Auto
        </button>
        <button type="button" onClick={() => setWalkthrough(null)}>
          Close walkthrough
        </button>
      </div>
    </section>
  );
}
