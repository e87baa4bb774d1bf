import * as tf from '@tensorflow/tfjs-core';
import { decodeFloat32, encodeFloat32 } from '../util/base64';
import type { Flow } from './flow';
import { buildFlow, FLOW_TYPES, type FlowRecipe } from './recipes';

/**
 * The saved-model format shared by the CLI and the app: the recipe that rebuilds
 * the architecture, the training settings that produced it, and every variable
 * in the flow's stable order with its shape, so a mismatch is caught by name.
 */
export const MODEL_FORMAT = 'flow-playground-model';
export const MODEL_FORMAT_VERSION = 1;

export interface TrainingSettings {
  dataset: string;
  steps: number;
  batch: number;
  lr: number;
  seed: number;
  backend: string;
}

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: number;
  family: 'flow';
  recipe: FlowRecipe;
  /**
   * The seed the flow was built from. Besides the initial weights it fixes the
   * non-trainable parts (the LU layer's permutation and diagonal signs), so
   * the weights alone would not rebuild the same map.
   */
  initSeed: number;
  settings: TrainingSettings;
  /** One entry per variable, in Flow.variables order. */
  weights: { shape: number[]; float32: string }[];
}

export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

export async function serializeFlow(flow: Flow, settings: TrainingSettings): Promise<string> {
  const weights = await Promise.all(
    flow.variables.map(async (v) => ({ shape: [...v.shape], float32: encodeFloat32((await v.data()) as Float32Array) })),
  );
  const file: ModelFile = { format: MODEL_FORMAT, version: MODEL_FORMAT_VERSION, family: 'flow', recipe: flow.recipe, initSeed: flow.initSeed, settings, weights };
  return JSON.stringify(file);
}

/** Parse and check a model file, then rebuild the flow with its weights. Throws ModelFileError. */
export function deserializeFlow(text: string): { flow: Flow; settings: TrainingSettings } {
  const file = parseModelFile(text);
  let flow: Flow;
  try {
    flow = buildFlow(file.recipe, file.initSeed);
  } catch (err) {
    throw new ModelFileError(`model file recipe is invalid: ${(err as Error).message}`);
  }
  try {
    if (file.weights.length !== flow.variables.length) {
      throw new ModelFileError(
        `model file has ${file.weights.length} weight tensors but a ${file.recipe.type} flow with these settings has ${flow.variables.length}`,
      );
    }
    const values = file.weights.map((w, i) => {
      const v = flow.variables[i];
      if (!Array.isArray(w.shape) || w.shape.join('x') !== v.shape.join('x')) {
        throw new ModelFileError(`weight ${i} has shape [${w.shape}] but the recipe needs [${v.shape}]`);
      }
      let data: Float32Array;
      try {
        data = decodeFloat32(String(w.float32));
      } catch (err) {
        throw new ModelFileError(`weight ${i}: ${(err as Error).message}`);
      }
      if (data.length !== v.size) throw new ModelFileError(`weight ${i} holds ${data.length} values, expected ${v.size}`);
      if (!data.every(Number.isFinite)) throw new ModelFileError(`weight ${i} contains NaN or Infinity`);
      return data;
    });
    tf.tidy(() => flow.variables.forEach((v, i) => v.assign(tf.tensor(values[i], v.shape))));
    flow.markInitialized();
    return { flow, settings: file.settings };
  } catch (err) {
    flow.dispose();
    throw err;
  }
}

function parseModelFile(text: string): ModelFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ModelFileError('not a model file: the contents are not JSON');
  }
  const f = raw as Partial<ModelFile> | null;
  if (!f || typeof f !== 'object' || f.format !== MODEL_FORMAT) throw new ModelFileError(`not a model file: "format" must be "${MODEL_FORMAT}"`);
  if (f.version !== MODEL_FORMAT_VERSION) throw new ModelFileError(`unsupported model file version ${String(f.version)} (this build reads version ${MODEL_FORMAT_VERSION})`);
  if (f.family !== 'flow') throw new ModelFileError(`model family "${String(f.family)}" cannot be loaded as a flow`);
  const r = f.recipe as Partial<FlowRecipe> | undefined;
  if (!r || !FLOW_TYPES.includes(r.type as never)) throw new ModelFileError('model file has no valid "recipe.type"');
  if (!Number.isInteger(f.initSeed)) throw new ModelFileError('model file has no integer "initSeed"');
  if (!Array.isArray(f.weights)) throw new ModelFileError('model file has no "weights" list');
  if (!f.settings || typeof f.settings !== 'object') throw new ModelFileError('model file has no "settings"');
  return f as ModelFile;
}
