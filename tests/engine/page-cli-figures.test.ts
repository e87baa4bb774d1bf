import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/cli/load-model';
import { toySource } from '../../src/core/data/source';
import { serializeFlow } from '../../src/core/flows/model-file';
import { buildFlow, recipeFor } from '../../src/core/flows/recipes';
import { scoreModel } from '../../src/core/metrics/score';
import { Trainer } from '../../src/core/train/trainer';
import { loadModelFile } from '../../src/engine/model-io';
import type { Figure, FromWorker } from '../../src/engine/protocol';
import { Session } from '../../src/engine/session';
import { readbackTasks } from '../../src/engine/tasks';
import { runConfig } from './helpers/run-config';

/*
 * The page (the worker's read-back task, engine code run in Node) and the CLI
 * (core's scorer, on a flow read by the CLI's loader) score one saved model
 * file on the same points: the same test NLL, to the last digit, because both
 * go through the model's scorer and the one chunked evaluator.
 */

const CURRENT = runConfig({ vae: true, gan: true });

/** A realnvp trained a little on moons (so it is not the identity), as a model file. */
async function trainedModelFile(): Promise<string> {
  const flow = buildFlow(recipeFor('realnvp', { layers: 4, hidden: 16 }), 5);
  const trainer = new Trainer(flow, toySource('moons', 5), { lr: 1e-2, batch: 128, seed: 5 });
  try {
    for (let i = 0; i < 40; i++) trainer.trainStep();
    await trainer.read();
    return await serializeFlow(flow, { dataset: 'moons', steps: 40, batch: 128, lr: 1e-2, seed: 5, backend: 'wasm' } as never);
  } finally {
    trainer.dispose();
    flow.dispose();
  }
}

async function pageFigures(session: Session, family: 'flow' | 'vae'): Promise<Figure[]> {
  const task = readbackTasks(session).find((t) => t.id === `evaluation-${family}`)!;
  const [message] = (await task.run()) as Extract<FromWorker, { type: 'evaluation' }>[];
  return message.figures;
}

describe('the page and the CLI score a saved model alike', () => {
  it('print the same test NLL for the same model file on the same points', async () => {
    const text = await trainedModelFile();
    const path = join(await mkdtemp(join(tmpdir(), 'page-cli-')), 'model.json');
    await writeFile(path, text);

    const loaded = loadModelFile(text, CURRENT, 'model.json');
    if (!loaded.ok) throw new Error(loaded.message);
    const session = new Session(loaded.config, 1, null, { flow: loaded.flow, fileName: 'model.json', summary: loaded.summary });
    const { flow: cliFlow } = await loadModel(path, 'wasm');
    try {
      const [page] = await pageFigures(session, 'flow');
      const cli = await scoreModel(cliFlow, { test: session.test, validation: session.validation }, { seed: 1, gridSamples: 0 });
      expect(page).toMatchObject({ id: 'nll', label: 'NLL', kind: 'exact', count: session.test.length / 2 });
      expect(cli.kind).toBe('exact');
      expect(Number.isFinite(page.value)).toBe(true);
      expect(page.value.toFixed(6)).toBe(cli.testNll.toFixed(6));
      expect(page.se.toFixed(6)).toBe(cli.testNllSe.toFixed(6));
    } finally {
      session.dispose();
      cliFlow.dispose();
    }
  });

  it("labels the page's cheaper live IWAE with its k, in the figure and the density caption alike", async () => {
    const session = new Session({ ...CURRENT, layers: 2, hidden: 8, gan: false }, 1);
    try {
      const figures = await pageFigures(session, 'vae');
      const density = readbackTasks(session).find((t) => t.id === 'density-vae')!;
      const [map] = (await density.run()) as Extract<FromWorker, { type: 'density' }>[];
      const k = Number(/k=(\d+)/.exec(figures[0].label)![1]);
      expect(figures.map((f) => [f.id, f.kind])).toEqual([
        ['iwae', 'bound'],
        ['neg-elbo', 'bound'],
      ]);
      expect(map.method).toBe(`IWAE, k = ${k}`);
      // The CLI scores with a larger k: the page's figure must not pass for it.
      const cli = await scoreModel(session.run('vae')!.model, { test: session.test.subarray(0, 512), validation: session.validation }, { seed: 1, gridSamples: 0 });
      expect(cli.iwaeK).toBeGreaterThan(k);
      expect(cli.figures[0].label).toBe(`IWAE k=${cli.iwaeK}`);
    } finally {
      session.dispose();
    }
  });
});
