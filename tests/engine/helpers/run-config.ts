import type { RunConfig } from '../../../src/engine/protocol';

/**
 * A run for engine tests: RealNVP 8 × 64 on moons, no baselines, changed where
 * a test says. Every RunConfig field is written here once, so a new setting is
 * one line here rather than one in every test file.
 */
export function runConfig(overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    target: 'data',
    energy: 'u1',
    dataset: 'moons',
    flow: 'realnvp',
    layers: 8,
    hidden: 64,
    lr: 3e-3,
    batch: 256,
    seed: 0,
    vae: false,
    gan: false,
    autoregressive: false,
    ...overrides,
  };
}
