import { describe, expect, it } from 'vitest';
import { phasesFor } from '../../src/state/walkthrough';
import { clampPhase, isLastPhase, nextPhase, previousPhase } from '../../src/ui/explain/walkthrough-nav';

describe('walkthrough navigation', () => {
  it('walks forward through the phases without stepping', () => {
    expect(nextPhase(0, 5)).toEqual({ phase: 1, takeStep: false });
    expect(nextPhase(3, 5)).toEqual({ phase: 4, takeStep: false });
  });

  it('takes the step from the last phase and starts over at the first', () => {
    expect(isLastPhase(4, 5)).toBe(true);
    expect(nextPhase(4, 5)).toEqual({ phase: 0, takeStep: true });
  });

  it('goes back one phase and stops at the first', () => {
    expect(previousPhase(3, 5)).toBe(2);
    expect(previousPhase(0, 5)).toBe(0);
  });

  it('reads a phase that no longer fits as the last one', () => {
    expect(clampPhase(9, 5)).toBe(4);
    expect(clampPhase(-2, 5)).toBe(0);
    expect(nextPhase(9, 5)).toEqual({ phase: 0, takeStep: true });
  });

  it('takes exactly one step per full walk, in both modes', () => {
    for (const target of ['data', 'energy'] as const) {
      const count = phasesFor(target).length;
      let phase = 0;
      let steps = 0;
      for (let i = 0; i < count; i++) {
        const move = nextPhase(phase, count);
        phase = move.phase;
        if (move.takeStep) steps++;
      }
      expect(steps).toBe(1);
      expect(phase).toBe(0);
    }
  });
});
