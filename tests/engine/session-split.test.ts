import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/engine/session';
import { runConfig } from './helpers/run-config';

/*
 * In the page each model trains in its own worker, from a session that builds
 * only that model. The run must not depend on the split: a model built alone
 * has the weights, the batches and the trainer's seed it has beside the
 * others, so a link with a seed replays the same curves, and every model's
 * step leaves no tensor behind in its worker.
 */

const CONFIG = runConfig({ layers: 2, hidden: 8, batch: 64, seed: 5, vae: true, gan: true, autoregressive: true });

async function weights(session: Session, family: 'flow' | 'vae' | 'gan' | 'autoregressive'): Promise<number[]> {
  const out: number[] = [];
  for (const v of session.run(family)!.model.variables) out.push(...((await v.data()) as Float32Array));
  return out;
}

describe('a session of one model (a worker’s share of the run)', () => {
  it('builds only its model, and trains it exactly as the whole run does', async () => {
    const whole = new Session(CONFIG, 1);
    const parts = (['flow', 'vae', 'gan', 'autoregressive'] as const).map((family) => new Session(CONFIG, 1, null, null, null, [family]));
    try {
      expect(whole.families).toEqual(['flow', 'vae', 'gan', 'autoregressive']);
      expect(parts.map((p) => p.families)).toEqual([['flow'], ['vae'], ['gan'], ['autoregressive']]);
      // Every worker describes the same run: all of its models.
      for (const p of parts) expect(p.info.families).toEqual(whole.info.families);
      expect(parts[1].hasFlow).toBe(false);
      expect(() => parts[1].flow).toThrow(/does not train the flow/);

      for (let i = 0; i < 4 * 3; i++) whole.stepLaggard();
      for (const p of parts) for (let i = 0; i < 3; i++) p.stepLaggard();
      for (const p of parts) {
        const family = p.families[0];
        expect(p.steps).toBe(3);
        expect(await weights(p, family), `${family} after 3 steps`).toEqual(await weights(whole, family));
      }
    } finally {
      whole.dispose();
      for (const p of parts) p.dispose();
    }
  });

  it('a baseline’s session leaks no tensor across its steps', () => {
    const session = new Session(CONFIG, 1, null, null, null, ['gan']);
    try {
      session.stepLaggard();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) session.stepLaggard();
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      session.dispose();
    }
  });
});
