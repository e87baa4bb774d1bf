import { describe, expect, it } from 'vitest';
import { drawingLabel, drawnCountText, trainingOnText } from '../../../src/ui/data/labels';

describe('own-data labels', () => {
  it('labels a drawing by its size', () => {
    expect(drawingLabel(412)).toBe('drawing (412 points)');
    expect(drawingLabel(12000)).toBe('drawing (12,000 points)');
    expect(trainingOnText(drawingLabel(412))).toBe('Training on: drawing (412 points)');
  });

  it('counts drawn points and says when the drawing is full', () => {
    expect(drawnCountText(1, false)).toBe('1 point');
    expect(drawnCountText(20000, true)).toBe('20,000 points (full)');
  });
});

