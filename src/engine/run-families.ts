import type { Family, RunConfig } from './protocol';

/**
 * The families of a run in display order, the flow first: core's FAMILY_ORDER,
 * written out here because the main thread (which must not load TensorFlow.js)
 * starts one worker per entry. tests/engine/run-families.test.ts holds the two equal.
 */
export const RUN_FAMILY_ORDER = ['flow', 'vae', 'gan', 'autoregressive'] as const satisfies readonly Family[];

/**
 * Which models a run trains: the flow, and each baseline ticked on. Energy mode
 * is the flow alone (the baselines need samples, and an energy has none).
 */
export function runFamilies(config: RunConfig): Family[] {
  if (config.target === 'energy') return ['flow'];
  return RUN_FAMILY_ORDER.filter((family) => family === 'flow' || config[family]);
}
