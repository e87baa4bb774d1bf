import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toySource } from '../../src/core/data/source';
import { presetSize } from '../../src/core/flows/registry';
import { meanNll } from '../../src/core/metrics/evaluate';
import { Session } from '../../src/engine/session';
import { defaultSettings } from '../../src/state/settings';
import { runConfigOf } from '../../src/ui/engine-link';
import { runCli } from './run-cli';

/*
 * One defaults story: the page's default settings are the registry's `live`
 * preset, so `cli train --preset live` must build and train the very model the
 * page's worker builds and trains from them: same parameter count, same test
 * NLL after the same steps on the cpu backend with the same seed.
 */

const STEPS = 30;
const SEED = 5;

describe('the CLI and the page build the same model', () => {
  let previous: string;
  beforeAll(async () => {
    previous = tf.getBackend();
    await tf.setBackend('cpu');
  });
  afterAll(async () => {
    await tf.setBackend(previous);
  });

  it('cli train --preset live and a Session from the page defaults: same parameters, same test NLL', async () => {
    const settings = { ...defaultSettings(), seed: SEED };
    // The page's live schedule (warm-up, then 1/√t), given to the CLI explicitly (its default is a cosine schedule).
    const cli = runCli(
      ['train', '--model', settings.flow, '--preset', 'live', '--dataset', settings.dataset, '--steps', String(STEPS), '--eval-every', String(STEPS),
        '--lr', String(settings.lr), '--schedule', 'live', '--seed', String(SEED), '--backend', 'cpu', '--json'],
      // Hang-catchers, not speed limits: ~20 s alone on cpu, but past 280 s with both cores shared many ways.
      900_000,
    );
    expect(cli.stderr).not.toMatch(/error/);
    expect(cli.code).toBe(0);
    const report = JSON.parse(cli.stdout) as { preset: string; layers: number; hidden: number; batch: number; parameters: number; testNll: number; testPoints: number };
    expect(report.preset).toBe('live');
    const live = presetSize(settings.flow, 'live');
    expect([report.layers, report.hidden, report.batch]).toEqual([settings.layers, settings.hidden, settings.batch]);
    expect([report.layers, report.hidden, report.batch]).toEqual([live.layers, live.hidden, live.batch]);

    const session = new Session(runConfigOf({ settings, custom: null }), 1);
    try {
      const parameters = session.flow.variables.reduce((n, v) => n + v.size, 0);
      expect(parameters).toBe(report.parameters);
      for (let i = 0; i < STEPS; i++) session.stepLaggard();
      // Scored on the CLI's test set (the page's live figure uses its first 5,120 points).
      const test = toySource(settings.dataset as 'moons', SEED).test;
      expect(test.length / 2).toBe(report.testPoints);
      const page = await meanNll((x) => session.flow.logProb(x), test);
      expect(Number.isFinite(page.mean)).toBe(true);
      expect(page.mean.toFixed(3)).toBe(report.testNll.toFixed(3));
    } finally {
      session.dispose();
    }
  }, 1_800_000);
});
