import * as tf from '@tensorflow/tfjs-core';
import { ENERGY_INFO, isEnergyName } from '../core/data/energy-catalog';
import { isToyName, TOY_DATASETS } from '../core/data/toy';
import type { Flow } from '../core/flows/flow';
import { clipText, echo } from '../core/util/clip-text';
import { deserializeFlow, ModelFileError, serializeFlow, type TrainingSettings } from '../core/flows/model-file';
import { FLOW_REGISTRY } from '../core/flows/registry';
// The pure settings table (no DOM, no React): a file's numbers are read by the same parsers as a link's.
import { SETTINGS } from '../state/settings';
import type { CustomPoints, LoadSummary, RunConfig } from './protocol';
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
  | { ok: true; flow: Flow; config: RunConfig; summary: LoadSummary }
  | { ok: false; message: string };

/**
 * Read a model file into a flow and the run config that matches it. Anything
 * wrong with the file (not JSON, another format, a recipe that does not fit
 * its weights) comes back as a message, never as an exception, and before any
 * run is touched.
 *
 * The file's training settings are user input like a link's: the learning
 * rate, batch size and seed go through the settings table's parsers, so a
 * file asking for a batch of 10⁹ (which would block the worker for a minute
 * per step) is clamped to what the page's controls allow, and every
 * adjustment is listed in the summary.
 *
 * Which data the loaded run shows: the model's own toy density or energy when
 * the page has it; but the user's own points stay (the page offers to switch),
 * and a model of a file the page does not have is shown on the current data.
 */
export function loadModelFile(text: string, current: RunConfig, fileName = 'model.json'): LoadResult {
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
  const trainedOn = settings.dataset;
  const adjusted: string[] = [];
  // Core has checked the types (a malformed file is refused); the ranges are the page's sliders'.
  const read = (key: 'lr' | 'batch' | 'seed', value: number, fallback: number): number => {
    const label = SETTINGS[key].label;
    const parsed = SETTINGS[key].parse(String(value));
    if (!parsed.ok) {
      adjusted.push(`${label}: ${echo(value)} ignored (${parsed.reason}); kept ${fallback}`);
      return fallback;
    }
    if (parsed.adjusted) adjusted.push(`${label}: ${parsed.adjusted}`);
    return parsed.value;
  };
  const keepOwnPoints = !energyMode && current.dataset === 'custom';
  const config: RunConfig = {
    ...current,
    target: energyMode ? 'energy' : 'data',
    energy: energyMode && isEnergyName(trainedOn) ? trainedOn : current.energy,
    dataset: !energyMode && !keepOwnPoints && isToyName(trainedOn) ? trainedOn : current.dataset,
    flow: recipe.type,
    layers: recipe.layers,
    // A flow without conditioner networks has no hidden units; keep the slider where it was.
    hidden: FLOW_REGISTRY[recipe.type].conditioner ? recipe.hidden : current.hidden,
    lr: read('lr', settings.lr, current.lr),
    batch: read('batch', settings.batch, current.batch),
    seed: read('seed', settings.seed, current.seed),
    vae: false,
    gan: false,
    autoregressive: false,
  };
  const known = energyMode ? isEnergyName(trainedOn) : isToyName(trainedOn);
  const summary: LoadSummary = {
    fileName,
    flow: recipe.type,
    layers: recipe.layers,
    steps: settings.steps,
    trainedOn: clipText(trainedOn),
    trainedOnLabel: known ? (energyMode ? ENERGY_INFO[trainedOn as keyof typeof ENERGY_INFO].label : TOY_DATASETS[trainedOn as keyof typeof TOY_DATASETS].label) : null,
    adjusted,
  };
  return { ok: true, flow, config, summary };
}
