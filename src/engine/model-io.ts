import * as tf from '@tensorflow/tfjs-core';
import { isEnergyName } from '../core/data/energy-catalog';
import { isToyName, TOY_DATASETS } from '../core/data/toy';
import type { Flow } from '../core/flows/flow';
import { deserializeFlow, ModelFileError, serializeFlow, type TrainingSettings } from '../core/flows/model-file';
import type { CustomPoints, RunConfig } from './protocol';
import type { Session } from './session';

/**
 * Model files in the app: the CLI's format (core/flows/model-file.ts), so a
 * flow trained on the command line opens here and one saved here loads in
 * `cli density --load`.
 */
export async function saveModelFile(session: Session, custom: CustomPoints | null): Promise<{ fileName: string; text: string }> {
  const c = session.config;
  const dataset = c.target === 'energy' ? c.energy : c.dataset === 'custom' ? (custom?.label ?? 'custom') : c.dataset;
  const settings: TrainingSettings = { dataset, steps: session.steps, batch: c.batch, lr: c.lr, seed: c.seed, backend: tf.getBackend() };
  const text = await serializeFlow(session.flow, settings);
  const slug = dataset.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase() || 'data';
  return { fileName: `flow-${c.flow}-${slug}-step${session.steps}.json`, text };
}

export type LoadResult =
  | { ok: true; flow: Flow; config: RunConfig; note: string }
  | { ok: false; message: string };

/**
 * Read a model file into a flow and the run config that matches it. Anything
 * wrong with the file (not JSON, another format, a recipe that does not fit
 * its weights) comes back as a message, never as an exception, and before any
 * run is touched.
 */
export function loadModelFile(text: string, current: RunConfig): LoadResult {
  let loaded: { flow: Flow; settings: TrainingSettings };
  try {
    loaded = deserializeFlow(text);
  } catch (err) {
    const message = err instanceof ModelFileError ? err.message : `could not read the model: ${err instanceof Error ? err.message : String(err)}`;
    return { ok: false, message };
  }
  const { flow, settings } = loaded;
  const recipe = flow.recipe;
  const energyMode = recipe.mode === 'energy';
  const trainedOn = String(settings.dataset ?? '');
  const config: RunConfig = {
    ...current,
    target: energyMode ? 'energy' : 'data',
    energy: energyMode && isEnergyName(trainedOn) ? trainedOn : current.energy,
    dataset: !energyMode && isToyName(trainedOn) ? trainedOn : current.dataset,
    flow: recipe.type,
    layers: recipe.layers,
    // Planar layers have no hidden units; keep the slider where it was.
    hidden: recipe.type === 'planar' ? current.hidden : recipe.hidden,
    lr: positiveOr(settings.lr, current.lr),
    batch: Number.isInteger(settings.batch) && settings.batch > 0 ? settings.batch : current.batch,
    seed: Number.isInteger(settings.seed) && settings.seed >= 0 ? settings.seed : current.seed,
    vae: false,
    gan: false,
  };
  const steps = Number.isFinite(settings.steps) ? ` after ${settings.steps} steps` : '';
  const where =
    energyMode || isToyName(trainedOn) || trainedOn === ''
      ? ''
      : ` It was trained on "${trainedOn}", which this page does not have; it is shown on ${config.dataset === 'custom' ? 'your data' : TOY_DATASETS[config.dataset].label}.`;
  return { ok: true, flow, config, note: `Loaded a ${recipe.type} flow with ${recipe.layers} layers${steps}.${where}` };
}

function positiveOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}
