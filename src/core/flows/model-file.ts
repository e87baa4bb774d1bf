import * as tf from '@tensorflow/tfjs-core';
import { decodeFloat32, encodeFloat32 } from '../util/base64';
import { echo } from '../util/clip-text';
import type { Flow } from './flow';
import { checkRecipe, MAX_PARAMETERS, recipeVariableShapes, RecipeError, type FlowRecipe } from './recipe-spec';
import { buildFlow } from './recipes';
import { flowInfo, presetOf } from './registry';

/**
 * The saved-model format shared by the CLI and the app: the recipe that rebuilds
 * the architecture, the training settings that produced it, and every variable
 * in the flow's stable order with its shape, so a mismatch is caught by name.
 *
 * Reading one is all-or-nothing and cheap to refuse: every field is checked,
 * and the weights' count, shapes and encoded lengths are held to the recipe
 * (by arithmetic, recipe-spec.ts) before a tensor is allocated, so a 300-byte
 * file asking for a huge flow is turned away in microseconds.
 */
export const MODEL_FORMAT = 'flow-playground-model';
/**
 * 2: Glow's couplings bound their data→latent stretch at e^0.5 (recipes.ts, GLOW_LOG_SCALE_BOUNDS).
 * A version-1 file of any other flow type reads the same; a version-1 Glow's weights were
 * trained under the old ±3 bound and would give another density, so it is refused.
 */
export const MODEL_FORMAT_VERSION = 2;
const READABLE_VERSIONS: readonly unknown[] = [1, MODEL_FORMAT_VERSION];

export interface TrainingSettings {
  dataset: string;
  steps: number;
  batch: number;
  lr: number;
  seed: number;
  backend: string;
  /**
   * The registry preset whose size (layers, hidden, depth, batch) this model
   * has, or null; written by serializeFlow. Files from before presets lack it.
   */
  preset?: string | null;
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

/** Seeds are 31-bit everywhere a seed is chosen (the page's field, the CLI's flag). */
export const MAX_SEED = 2 ** 31 - 1;
/** Text fields of the settings are names; a longer one is not a name. */
const MAX_NAME_CHARS = 1024;
/** Base64 characters for n float32 values. */
const base64Length = (n: number) => 4 * Math.ceil((4 * n) / 3);
/** The largest model's weights plus a megabyte for the JSON around them (names, shapes, settings). */
export const MAX_MODEL_FILE_CHARS = base64Length(MAX_PARAMETERS) + 1_000_000;

export async function serializeFlow(flow: Flow, trained: Omit<TrainingSettings, 'preset'>): Promise<string> {
  const settings: TrainingSettings = { ...trained, preset: presetOf(flow.recipe.type, { ...flow.recipe, batch: trained.batch }) };
  const weights = await Promise.all(
    flow.variables.map(async (v) => ({ shape: [...v.shape], float32: encodeFloat32((await v.data()) as Float32Array) })),
  );
  const file: ModelFile = { format: MODEL_FORMAT, version: MODEL_FORMAT_VERSION, family: 'flow', recipe: flow.recipe, initSeed: flow.initSeed, settings, weights };
  return JSON.stringify(file);
}

/** Parse and check a model file, then rebuild the flow with its weights. Throws ModelFileError; allocates nothing if it throws. */
export function deserializeFlow(text: string): { flow: Flow; settings: TrainingSettings } {
  const { recipe, initSeed, settings, values } = readModelFile(text);
  const flow = buildFlow(recipe, initSeed);
  try {
    tf.tidy(() => flow.variables.forEach((v, i) => v.assign(tf.tensor(values[i], v.shape))));
  } catch (err) {
    flow.dispose();
    throw err;
  }
  flow.markInitialized();
  return { flow, settings };
}

/** Everything a model file says, checked, with its weights decoded: no tensors yet. */
export function readModelFile(text: string): { recipe: FlowRecipe; initSeed: number; settings: TrainingSettings; values: Float32Array[] } {
  if (text.length > MAX_MODEL_FILE_CHARS) {
    throw new ModelFileError(
      `model file is ${(text.length / 1e6).toFixed(1)} MB; the largest model this app trains is under ${Math.ceil(MAX_MODEL_FILE_CHARS / 1e6)} MB`,
    );
  }
  const f = parseJson(text);
  if (f.format !== MODEL_FORMAT) throw new ModelFileError(`not a model file: "format" must be "${MODEL_FORMAT}"; got ${echo(f.format)}`);
  if (!READABLE_VERSIONS.includes(f.version)) throw new ModelFileError(`unsupported model file version ${echo(f.version)} (this build reads versions ${READABLE_VERSIONS.join(' and ')})`);
  if (f.family !== 'flow') throw new ModelFileError(`model family ${echo(f.family)} cannot be loaded as a flow`);
  let recipe: FlowRecipe;
  try {
    recipe = checkRecipe(f.recipe);
  } catch (err) {
    if (err instanceof RecipeError) throw new ModelFileError(`model file: ${err.message}`);
    throw err;
  }
  if (f.version === 1 && recipe.type === 'glow') {
    throw new ModelFileError('this Glow model was saved by an older version whose couplings could stretch a point 20× per layer; its weights give another density under today’s bounded couplings: train it again');
  }
  const initSeed = f.initSeed;
  if (typeof initSeed !== 'number' || !Number.isInteger(initSeed) || initSeed < 0 || initSeed > MAX_SEED) {
    throw new ModelFileError(`model file: initSeed must be a whole number from 0 to ${MAX_SEED}; got ${echo(initSeed)}`);
  }
  const settings = checkSettings(f.settings, recipe);
  return { recipe, initSeed, settings, values: checkWeights(f.weights, recipe) };
}

function parseJson(text: string): Record<string, unknown> {
  let raw: unknown;
  try {
    // A byte-order mark is what some editors put in front of UTF-8; it is not part of the JSON.
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new ModelFileError('not a model file: the contents are not JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ModelFileError(`not a model file: "format" must be "${MODEL_FORMAT}"`);
  return raw as Record<string, unknown>;
}

/** The settings' types (their ranges are the page's to clamp: it has the sliders). */
function checkSettings(raw: unknown, recipe: FlowRecipe): TrainingSettings {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ModelFileError(`model file: settings must be an object; got ${echo(raw)}`);
  const s = raw as Record<string, unknown>;
  const bad = (key: string, what: string) => new ModelFileError(`model file: settings.${key} must be ${what}; got ${echo(s[key])}`);
  const name = (key: string) => {
    const v = s[key];
    if (typeof v !== 'string' || v.length > MAX_NAME_CHARS) throw bad(key, `text of at most ${MAX_NAME_CHARS} characters`);
    return v;
  };
  const whole = (key: string, min: number) => {
    const v = s[key];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw bad(key, `a whole number of at least ${min}`);
    return v;
  };
  const lr = s.lr;
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) throw bad('lr', 'a positive number');
  const presets = Object.keys(flowInfo(recipe.type).presets);
  const preset = s.preset ?? null;
  if (preset !== null && !presets.includes(preset as string)) throw bad('preset', `null or one of ${presets.join(', ')} (the ${recipe.type} presets)`);
  return { dataset: name('dataset'), steps: whole('steps', 0), batch: whole('batch', 1), lr, seed: whole('seed', 0), backend: name('backend'), preset: preset as string | null };
}

/**
 * Hold every weight entry to the shape the recipe implies, then decode. The
 * encoded length is checked before decoding, so no entry costs more than the
 * recipe's own (capped) size.
 */
function checkWeights(raw: unknown, recipe: FlowRecipe): Float32Array[] {
  if (!Array.isArray(raw)) throw new ModelFileError(`model file: weights must be a list; got ${echo(raw)}`);
  const shapes = recipeVariableShapes(recipe);
  if (raw.length !== shapes.length) {
    throw new ModelFileError(`model file has ${raw.length} weight tensors but a ${recipe.type} flow with these settings has ${shapes.length}`);
  }
  return shapes.map((shape, i) => {
    const w = raw[i] as unknown;
    if (typeof w !== 'object' || w === null || Array.isArray(w)) throw new ModelFileError(`weight ${i} must be an object with "shape" and "float32"; got ${echo(w)}`);
    const entry = w as Record<string, unknown>;
    const given = entry.shape;
    if (!Array.isArray(given) || given.length !== shape.length || given.some((d, k) => d !== shape[k])) {
      throw new ModelFileError(`weight ${i} has shape ${echo(given)} but the recipe needs [${shape}]`);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    const encoded = entry.float32;
    if (typeof encoded !== 'string') throw new ModelFileError(`weight ${i}: "float32" must be base64 text; got ${echo(encoded)}`);
    if (encoded.length !== base64Length(size)) {
      throw new ModelFileError(`weight ${i} should hold ${size} float32 values (${base64Length(size)} base64 characters); got ${encoded.length} characters`);
    }
    let data: Float32Array;
    try {
      data = decodeFloat32(encoded);
    } catch (err) {
      throw new ModelFileError(`weight ${i}: ${(err as Error).message}`);
    }
    if (data.length !== size) throw new ModelFileError(`weight ${i} holds ${data.length} values, expected ${size}`);
    if (!data.every(Number.isFinite)) throw new ModelFileError(`weight ${i} contains NaN or Infinity`);
    return data;
  });
}
