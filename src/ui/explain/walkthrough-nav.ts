/**
 * Moving through the phases of one training step. Pure, so the rule "the last
 * phase's Next takes the step and starts over" is tested without React.
 */

export interface PhaseMove {
  phase: number;
  /** Whether this move is the one that actually trains (engine.step()). */
  takeStep: boolean;
}

/** A stored phase that no longer fits (the target changed under it) reads as the last one. */
export function clampPhase(phase: number, count: number): number {
  return Math.min(Math.max(0, Math.floor(phase)), Math.max(0, count - 1));
}

export function isLastPhase(phase: number, count: number): boolean {
  return clampPhase(phase, count) === count - 1;
}

/** Next phase; from the last, take the step and start over so the next step can be walked too. */
export function nextPhase(phase: number, count: number): PhaseMove {
  const current = clampPhase(phase, count);
  return isLastPhase(current, count) ? { phase: 0, takeStep: true } : { phase: current + 1, takeStep: false };
}

/** Previous phase; the first stays put (going back past it would undo nothing). */
export function previousPhase(phase: number, count: number): number {
  return Math.max(0, clampPhase(phase, count) - 1);
}
