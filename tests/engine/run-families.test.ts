import { describe, expect, it } from 'vitest';
import { FAMILY_ORDER } from '../../src/core/models/families';
import { RUN_FAMILY_ORDER, runFamilies } from '../../src/engine/run-families';
import { runConfig } from './helpers/run-config';

describe('runFamilies: one worker per model of the run', () => {
  it('keeps core’s family order (the main thread cannot import it: it loads TensorFlow.js)', () => {
    expect([...RUN_FAMILY_ORDER]).toEqual(FAMILY_ORDER);
  });

  it('is the flow and each baseline ticked on, in that order; the flow alone in energy mode', () => {
    expect(runFamilies(runConfig())).toEqual(['flow']);
    expect(runFamilies(runConfig({ gan: true, vae: true }))).toEqual(['flow', 'vae', 'gan']);
    expect(runFamilies(runConfig({ autoregressive: true, gan: true }))).toEqual(['flow', 'gan', 'autoregressive']);
    expect(runFamilies(runConfig({ target: 'energy', vae: true, gan: true }))).toEqual(['flow']);
  });
});
