import { TOY_DATASETS, TOY_NAMES, type ToyName } from '../core/data/toy';
import { MAX_HIDDEN, MAX_LAYERS } from '../core/flows/recipe-spec';
import { FLOW_REGISTRY, FLOW_TYPES, presetSize, type FlowType } from '../core/flows/registry';
import { clipText } from '../core/util/clip-text';
import { ENERGY_OPTIONS, type EnergyName } from './energies';
import { FAMILIES, FAMILY_INFO } from './families';
import { HIDEABLE, type HideableId } from './hideable';

/**
 * Every user setting, declared once (after TensorFlow Playground's state.ts):
 * its default, the values it accepts, how it reads from and writes to the URL
 * hash, how its control maps to a slider, and what changing it does to a run.
 * The controls, the URL codec and the engine link are all generated from this
 * table, so a new setting is one entry here.
 */

/**
 * What a change does: start training afresh, adjust the live run, restart the
 * worker, or only change what the page shows.
 */
export type Effect = 'reset' | 'live' | 'restart' | 'view';

/**
 * A setting's control. A range's min, max and step are slider positions;
 * `toPosition`/`fromPosition` map values to them (e.g. log scale). 'none' is
 * set through the URL or a dialog, not a sidebar control (the hide-flags).
 */
type Control =
  | { type: 'select'; options: readonly { value: string; label: string }[] }
  | { type: 'range'; min: number; max: number; step: number; toPosition(value: number): number; fromPosition(position: number): number; display(value: number): string }
  | { type: 'checkbox' }
  | { type: 'number'; min: number; max: number }
  | { type: 'none' };

/**
 * A hash value read: accepted (perhaps adjusted, e.g. clamped into range,
 * with a note saying how) or rejected with the reason.
 */
export type Parsed<T> = { ok: true; value: T; adjusted?: string } | { ok: false; reason: string };

export interface Setting<T, E extends Effect = Effect> {
  /** The accessible name of the control; tests find controls by it. */
  readonly label: string;
  readonly default: T;
  readonly effect: E;
  readonly control: Control;
  /** From the URL hash or a text field: user input, so never trusted. */
  parse(raw: string): Parsed<T>;
  format(value: T): string;
}

function choice<const V extends string, E extends Effect>(label: string, options: readonly { value: V; label: string }[], def: V, effect: E): Setting<V, E> {
  const values = options.map((o) => o.value as string);
  return {
    label,
    default: def,
    effect,
    control: { type: 'select', options },
    parse: (raw) => (values.includes(raw) ? { ok: true, value: raw as V } : { ok: false, reason: `expected one of ${values.join(', ')}` }),
    format: (v) => v,
  };
}

/** A number, clamped into [min, max] and rounded if it must be an integer; text is rejected. */
function numberParser(min: number, max: number, integer: boolean) {
  return (raw: string): Parsed<number> => {
    const v = raw.trim() === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(v)) return { ok: false, reason: 'not a number' };
    const fixed = Math.min(max, Math.max(min, integer ? Math.round(v) : v));
    return fixed === v ? { ok: true, value: v } : { ok: true, value: fixed, adjusted: `${clipText(raw)} → ${fixed} (range ${min}–${max}${integer ? ', whole numbers' : ''})` };
  };
}

function linearInt<E extends Effect>(label: string, min: number, max: number, def: number, effect: E): Setting<number, E> {
  return {
    label,
    default: def,
    effect,
    control: { type: 'range', min, max, step: 1, toPosition: (v) => v, fromPosition: (p) => Math.round(p), display: String },
    parse: numberParser(min, max, true),
    format: String,
  };
}

/** Powers of two on an evenly spaced slider: 16, 32, …, 1024. */
function powerOfTwo<E extends Effect>(label: string, min: number, max: number, def: number, effect: E): Setting<number, E> {
  return {
    label,
    default: def,
    effect,
    control: {
      type: 'range',
      min: Math.log2(min),
      max: Math.log2(max),
      step: 1,
      toPosition: (v) => Math.log2(v),
      fromPosition: (p) => 2 ** Math.round(p),
      display: String,
    },
    parse: (raw) => {
      const read = numberParser(min, max, false)(raw);
      if (!read.ok) return read;
      // The nearest power of two (in log scale) inside the range.
      const v = 2 ** Math.round(Math.log2(read.value));
      return v === Number(raw) ? { ok: true, value: v } : { ok: true, value: v, adjusted: `${clipText(raw)} → ${v} (powers of two, ${min}–${max})` };
    },
    format: String,
  };
}

/** A positive quantity spanning decades (the learning rate): slider in log10 units. */
function logScale<E extends Effect>(label: string, min: number, max: number, def: number, effect: E): Setting<number, E> {
  const tidy = (v: number) => Number(v.toPrecision(2));
  return {
    label,
    default: def,
    effect,
    control: {
      type: 'range',
      min: Math.log10(min),
      max: Math.log10(max),
      step: 0.05,
      toPosition: (v) => Math.log10(v),
      fromPosition: (p) => tidy(10 ** p),
      display: (v) => String(tidy(v)),
    },
    parse: numberParser(min, max, false),
    format: (v) => String(tidy(v)),
  };
}

function flag<E extends Effect>(label: string, def: boolean, effect: E): Setting<boolean, E> {
  const truthy = ['1', 'true', 'yes', 'on'];
  const falsy = ['0', 'false', 'no', 'off'];
  return {
    label,
    default: def,
    effect,
    control: { type: 'checkbox' },
    parse: (raw) =>
      truthy.includes(raw.toLowerCase())
        ? { ok: true, value: true }
        : falsy.includes(raw.toLowerCase())
          ? { ok: true, value: false }
          : { ok: false, reason: 'expected 1 or 0' },
    format: (v) => (v ? '1' : '0'),
  };
}

function integer<E extends Effect>(label: string, min: number, max: number, def: number, effect: E): Setting<number, E> {
  return { label, default: def, effect, control: { type: 'number', min, max }, parse: numberParser(min, max, true), format: String };
}

/**
 * Which controls and panels a classroom link hides, as a comma-separated list
 * (#hide=backend,layers-panel). Unknown names are dropped and reported.
 */
function hideList(): Setting<readonly HideableId[], 'view'> {
  const known = HIDEABLE.map((h) => h.id as string);
  return {
    label: 'Hidden controls and panels',
    default: [],
    effect: 'view',
    control: { type: 'none' },
    parse: (raw) => {
      const names = raw.split(',').map((n) => n.trim()).filter(Boolean);
      const kept = known.filter((id) => names.includes(id)) as HideableId[];
      const unknown = names.filter((n) => !known.includes(n));
      return unknown.length ? { ok: true, value: kept, adjusted: `unknown ${clipText(unknown.join(', '))} ignored` } : { ok: true, value: kept };
    },
    format: (v) => v.join(','),
  };
}

const FLOW_OPTIONS = FLOW_TYPES.map((value) => ({ value, label: FLOW_REGISTRY[value].label }));

/**
 * The page starts with this flow at its `live` preset, the size that redraws
 * every layer several times a second. Spline couplings, chosen by steps to a
 * good picture over seeds (tests/bench/steps-to-picture.ts; figures in the
 * README): a few times fewer steps than RealNVP on moons, and the only one of
 * the two that makes checkerboard's corners sharp within a lecture minute.
 */
const DEFAULT_FLOW: FlowType = 'spline';
const LIVE = presetSize(DEFAULT_FLOW, 'live');

export const BACKEND_OPTIONS = [
  { value: 'auto', label: 'Auto' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'wasm', label: 'WASM' },
  { value: 'cpu', label: 'CPU' },
] as const;

/** The table. Keys double as URL-hash names (#dataset=moons&seed=3). */
export const SETTINGS = {
  target: choice('Fit', [{ value: 'data', label: 'Samples (maximum likelihood)' }, { value: 'energy', label: 'Energy (reverse KL)' }], 'data', 'reset'),
  energy: choice<EnergyName, 'reset'>('Energy', ENERGY_OPTIONS, 'u1', 'reset'),
  dataset: choice<ToyName, 'reset'>('Dataset', TOY_NAMES.map((name) => ({ value: name, label: TOY_DATASETS[name].label })), 'moons', 'reset'),
  flow: choice('Flow', FLOW_OPTIONS, DEFAULT_FLOW, 'reset'),
  layers: linearInt('Layers', 1, MAX_LAYERS, LIVE.layers, 'reset'),
  hidden: powerOfTwo('Hidden units', 8, MAX_HIDDEN, LIVE.hidden, 'reset'),
  // The peak the live schedule (core/train/stability.ts) warms up to and decays from; chosen with the flow over seeds.
  lr: logScale('Learning rate', 1e-4, 3e-2, 5e-3, 'live'),
  batch: powerOfTwo('Batch size', 16, 1024, LIVE.batch, 'reset'),
  seed: integer('Seed', 0, 2 ** 31 - 1, 0, 'reset'),
  vae: flag('Train VAE', false, 'reset'),
  gan: flag('Train GAN', false, 'reset'),
  autoregressive: flag('Train autoregressive', false, 'reset'),
  backend: choice('Backend override', BACKEND_OPTIONS, 'auto', 'restart'),
  samples: choice('Samples from', FAMILIES.map((f) => ({ value: f, label: FAMILY_INFO[f].label })), 'flow', 'view'),
  projector: flag('Projector mode', false, 'view'),
  hide: hideList(),
};

type ValueOf<S> = S extends Setting<infer T, Effect> ? T : never;
export type SettingKey = keyof typeof SETTINGS;
export type Settings = { [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** The settings that define a run, read from their effect: the worker's RunConfig is these (engine/protocol.ts). */
export type RunKey = { [K in SettingKey]: (typeof SETTINGS)[K]['effect'] extends 'reset' | 'live' ? K : never }[SettingKey];
/** Of those, the ones a run takes while training; the worker applies each (engine/session.ts LIVE_EFFECTS). */
export type LiveKey = { [K in SettingKey]: (typeof SETTINGS)[K]['effect'] extends 'live' ? K : never }[SettingKey];
export const RUN_KEYS = SETTING_KEYS.filter((k): k is RunKey => SETTINGS[k].effect === 'reset' || SETTINGS[k].effect === 'live');
export const LIVE_KEYS = SETTING_KEYS.filter((k): k is LiveKey => SETTINGS[k].effect === 'live');

export function defaultSettings(): Settings {
  const out = {} as Record<SettingKey, unknown>;
  for (const key of SETTING_KEYS) out[key] = SETTINGS[key].default;
  return out as Settings;
}

/**
 * The layer count each flow's `live` preset gives: picking a flow in the menu
 * loads it (the URL can still set any).
 */
export function suggestedLayers(flow: FlowType): number {
  return presetSize(flow, 'live').layers;
}
