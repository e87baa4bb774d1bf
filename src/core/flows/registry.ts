/**
 * Every flow type, described once: what the app's Flow menu, the Layers
 * strip, the CLI's --model list and help, the model-file check and the
 * README table all read. Plain data and arithmetic, no tensors, so the main
 * thread (state, ui) and the CLI's argument parsing can import it without
 * loading TensorFlow.js. The builders (type → bijectors) are the one
 * tensor-side table, `FLOW_BUILDERS` in recipes.ts, checked complete against
 * this one by the compiler.
 */

/** The recipe fields a flow type's variable shapes depend on (hidden and depth: each conditioner network's). */
export interface ShapeRecipe {
  layers: number;
  hidden: number;
  depth: number;
}

/** A flow's size, and the batch it trains with. */
export type FlowSize = ShapeRecipe & { batch: number };

/** A word of a description: plain text, or a glossary term (id, and the text shown when it differs from the term). */
export type DescriptionPart = string | { term: string; text?: string };

/**
 * Every kind of layer a flow is built from: its short name under the Layers
 * strip's thumbnails and its glossary definition (the page's glossary lists
 * these). A bijector's `kind` must be one of these keys (or 'chain').
 */
export const LAYER_KINDS = {
  planar: {
    name: 'planar',
    definition: 'A planar layer (Rezende & Mohamed 2015) pushes the plane along one direction by a smooth step across a line: x + u·tanh(w·x + b). Cheap, but each layer bends the density only a little.',
  },
  'affine-coupling': {
    name: 'affine cpl.',
    definition: 'An affine coupling layer (RealNVP): one coordinate passes through unchanged and decides, through a small neural network, how much to scale and shift the other. Easy to invert, with a log-determinant that is just the sum of the log-scales.',
  },
  'additive-coupling': {
    name: 'additive cpl.',
    definition: 'An additive coupling layer (NICE): like an affine coupling but it only shifts, never scales, so it preserves area (log-determinant 0).',
  },
  actnorm: {
    name: 'actnorm',
    definition: 'Activation normalisation (Glow): a learned scale and shift per coordinate, started so the data come out with mean 0 and variance 1.',
  },
  'lu-linear': {
    name: 'LU 1×1 conv',
    definition: 'Glow’s invertible 1×1 convolution: for 2-D points, a learned 2×2 matrix that mixes the two coordinates, stored as L·U factors so its determinant is the product of U’s diagonal.',
  },
  'spline-coupling': {
    name: 'spline cpl.',
    definition: 'A rational-quadratic spline coupling (Neural Spline Flows, Durkan et al. 2019): like an affine coupling, but the moved coordinate goes through a smooth increasing curve through 8 knots that the network places, instead of one scale and shift, so one layer can bend a density into several bumps. Identity outside [−5, 5]; exact inverse and log-determinant.',
  },
  maf: {
    name: 'MAF',
    definition: 'A masked autoregressive layer used as in MAF (Papamakarios et al. 2017): each coordinate is scaled and shifted by a masked network (MADE) of the data coordinates before it. The density takes one pass; sampling takes one pass per coordinate, in order.',
  },
  iaf: {
    name: 'IAF',
    definition: 'An inverse autoregressive layer (IAF, Kingma et al. 2016): the MAF layer turned round, each coordinate scaled and shifted by a masked network of the latent coordinates before it. Sampling takes one pass; the density takes one pass per coordinate, in order.',
  },
} as const satisfies Record<string, { name: string; definition: string }>;

export type LayerKind = keyof typeof LAYER_KINDS;

/** The Layers strip's short name for a layer kind (the kind itself if none is known). */
export function layerName(kind: string): string {
  return Object.hasOwn(LAYER_KINDS, kind) ? LAYER_KINDS[kind as LayerKind].name : kind;
}

export interface FlowTypeInfo {
  /** The name in menus, tables and messages. */
  readonly label: string;
  /** What the flow is built from, for the Flow menu's hint (glossary terms linked). */
  readonly description: readonly DescriptionPart[];
  /** What one unit of the Layers setting is, when it is not one bijector (e.g. a Glow step = three). */
  readonly unit?: { one: string; many: string };
  /** Whether each layer has a conditioner network (so hidden units and depth mean something). */
  readonly conditioner: boolean;
  /** The default size: what the CLI trains without flags, and what a recipe falls back to. */
  readonly defaults: FlowSize;
  /**
   * Named sizes both the page and the CLI (--preset NAME) can use. `live` is
   * the page's: light enough to redraw every layer several times a second.
   */
  readonly presets: { readonly live: Partial<FlowSize> } & Readonly<Record<string, Partial<FlowSize>>>;
  /**
   * Read-back costs for the page: how many points the Morph traces through the
   * layers, and how often (ms) the trace is refreshed. Layers without an
   * analytic sampling direction (planar, by root finding) get fewer, rarer.
   */
  readonly cost: { morphPoints: number; traceIntervalMs: number };
  /**
   * Autoregressive flows only: the direction whose every layer takes one
   * conditioner pass per coordinate (D = 2 here) instead of one, and a note
   * for the page saying what that slows.
   */
  readonly sequential?: { direction: 'sampling' | 'density'; note: string; detail: string };
  /** The shape of every variable the builder creates, in Flow.variables order (judged before allocating). */
  variableShapes(r: ShapeRecipe): number[][];
}

/** An MLP's [weight, bias] shapes per layer, in createMlp's (interleaved) order. */
function mlpShapes(inputs: number, hidden: number, depth: number, outputs: number): number[][] {
  const sizes = [inputs, ...Array.from({ length: depth }, () => hidden), outputs];
  return sizes.slice(1).flatMap((fanOut, i) => [[sizes[i], fanOut], [fanOut]]);
}

const PLANAR_SHAPES = [[1, 2], [1, 2], [1]];
const ACTNORM_SHAPES = [[2], [2]];
const LU_SHAPES = [[1, 2], [2, 1]];
/** A 2-D coupling's conditioner sees the kept coordinate and outputs `params` numbers for the other. */
const couplingShapes = (r: ShapeRecipe, params: number) => mlpShapes(1, r.hidden, r.depth, params);
const repeat = (r: ShapeRecipe, perLayer: () => number[][]) => Array.from({ length: r.layers }, perLayer).flat();
/** Rational-quadratic spline bins; θ per coordinate is K widths, K heights and K − 1 inner slopes. */
export const SPLINE_BINS = 8;
const SPLINE_PARAMS = 3 * SPLINE_BINS - 1;
/** A 2-D MADE sees both coordinates and outputs the element-wise map's parameters for each (affine: 2). */
const madeShapes = (r: ShapeRecipe, params = 2) => mlpShapes(2, r.hidden, r.depth, 2 * params);

const LIGHT = { morphPoints: 1500, traceIntervalMs: 400 };

export const FLOW_REGISTRY = {
  planar: {
    label: 'Planar',
    description: [{ term: 'planar' }, ' layers'],
    conditioner: false,
    defaults: { layers: 32, hidden: 0, depth: 0, batch: 512 },
    presets: { live: { layers: 16, batch: 256 } },
    cost: { morphPoints: 800, traceIntervalMs: 1500 },
    variableShapes: (r) => repeat(r, () => PLANAR_SHAPES),
  },
  nice: {
    label: 'NICE',
    description: [{ term: 'additive-coupling', text: 'additive couplings' }, ', then an ', { term: 'actnorm' }],
    unit: { one: 'coupling + actnorm', many: 'couplings + actnorm' },
    conditioner: true,
    defaults: { layers: 8, hidden: 64, depth: 2, batch: 512 },
    presets: { live: { layers: 8, hidden: 64, batch: 256 } },
    cost: LIGHT,
    // NICE's couplings preserve volume; its closing diagonal scaling is an actnorm.
    variableShapes: (r) => [...repeat(r, () => couplingShapes(r, 1)), ...ACTNORM_SHAPES],
  },
  realnvp: {
    label: 'RealNVP',
    description: [{ term: 'affine-coupling', text: 'affine couplings' }],
    conditioner: true,
    // More narrow couplings beat fewer wide ones on the toy densities at equal cost.
    defaults: { layers: 16, hidden: 32, depth: 2, batch: 512 },
    presets: { live: { layers: 8, hidden: 64, batch: 256 } },
    cost: LIGHT,
    variableShapes: (r) => repeat(r, () => couplingShapes(r, 2)),
  },
  glow: {
    label: 'Glow',
    description: [{ term: 'glow-step', text: 'steps' }, ' of ', { term: 'actnorm' }, ', ', { term: 'lu-linear' }, ', ', { term: 'affine-coupling', text: 'affine coupling' }],
    unit: { one: 'Glow step', many: 'Glow steps' },
    conditioner: true,
    // As RealNVP's: 16 narrow couplings beat 8 wide ones on the hard toy densities (README, quality over seeds).
    defaults: { layers: 16, hidden: 32, depth: 2, batch: 512 },
    presets: { live: { layers: 4, hidden: 64, batch: 256 } },
    cost: LIGHT,
    variableShapes: (r) => repeat(r, () => [...couplingShapes(r, 2), ...LU_SHAPES, ...ACTNORM_SHAPES]),
  },
  spline: {
    label: 'Spline',
    description: [{ term: 'spline-coupling', text: 'rational-quadratic spline couplings' }, ', each with an ', { term: 'lu-linear' }],
    unit: { one: 'coupling + LU', many: 'couplings + LU' },
    conditioner: true,
    // As in Neural Spline Flows: spline couplings interleaved with an invertible linear map.
    defaults: { layers: 8, hidden: 64, depth: 2, batch: 512 },
    presets: { live: { layers: 4, hidden: 64, batch: 256 } },
    cost: LIGHT,
    variableShapes: (r) => repeat(r, () => [...couplingShapes(r, SPLINE_PARAMS), ...LU_SHAPES]),
  },
  maf: {
    label: 'MAF',
    description: [{ term: 'maf', text: 'masked autoregressive layers' }, ' (affine, MADE conditioner)'],
    conditioner: true,
    defaults: { layers: 16, hidden: 32, depth: 2, batch: 512 },
    presets: { live: { layers: 8, hidden: 64, batch: 256 } },
    cost: LIGHT,
    sequential: {
      direction: 'sampling',
      note: 'MAF: sampling takes 2 passes per layer',
      detail: 'MAF computes each coordinate’s scale and shift from the data coordinates before it: the density (and training) takes one pass per layer, but sampling (the Morph, the samples) must produce the coordinates one after another, D = 2 sequential passes per layer.',
    },
    variableShapes: (r) => repeat(r, () => madeShapes(r)),
  },
  iaf: {
    label: 'IAF',
    description: [{ term: 'iaf', text: 'inverse autoregressive layers' }, ' (affine, MADE conditioner)'],
    conditioner: true,
    defaults: { layers: 16, hidden: 32, depth: 2, batch: 512 },
    presets: { live: { layers: 8, hidden: 64, batch: 256 } },
    cost: LIGHT,
    sequential: {
      direction: 'density',
      note: 'IAF: density grid takes 2 passes per layer',
      detail: 'IAF computes each coordinate’s scale and shift from the latent coordinates before it: sampling takes one pass per layer, but the density (the density grid, and every training step) must recover the latent coordinates one after another, D = 2 sequential passes per layer.',
    },
    variableShapes: (r) => repeat(r, () => madeShapes(r)),
  },
  'maf-spline': {
    label: 'MAF (spline)',
    description: [{ term: 'maf', text: 'masked autoregressive layers' }, ' (', { term: 'spline-coupling', text: 'rational-quadratic spline' }, ', MADE conditioner)'],
    conditioner: true,
    // A spline layer bends more than an affine one: fewer, wider layers, as the spline couplings.
    defaults: { layers: 8, hidden: 64, depth: 2, batch: 512 },
    presets: { live: { layers: 4, hidden: 64, batch: 256 } },
    cost: LIGHT,
    sequential: {
      direction: 'sampling',
      note: 'MAF: sampling takes 2 passes per layer',
      detail: 'MAF computes each coordinate’s spline from the data coordinates before it: the density (and training) takes one pass per layer, but sampling (the Morph, the samples) must produce the coordinates one after another, D = 2 sequential passes per layer.',
    },
    variableShapes: (r) => repeat(r, () => madeShapes(r, SPLINE_PARAMS)),
  },
  'iaf-spline': {
    label: 'IAF (spline)',
    description: [{ term: 'iaf', text: 'inverse autoregressive layers' }, ' (', { term: 'spline-coupling', text: 'rational-quadratic spline' }, ', MADE conditioner)'],
    conditioner: true,
    defaults: { layers: 8, hidden: 64, depth: 2, batch: 512 },
    presets: { live: { layers: 4, hidden: 64, batch: 256 } },
    cost: LIGHT,
    sequential: {
      direction: 'density',
      note: 'IAF: density grid takes 2 passes per layer',
      detail: 'IAF computes each coordinate’s spline from the latent coordinates before it: sampling takes one pass per layer, but the density (the density grid, and every training step) must recover the latent coordinates one after another, D = 2 sequential passes per layer.',
    },
    variableShapes: (r) => repeat(r, () => madeShapes(r, SPLINE_PARAMS)),
  },
} as const satisfies Record<string, FlowTypeInfo>;

/** Other names the CLI accepts for a flow type (nsf: "neural spline flow"). */
export const FLOW_ALIASES: Readonly<Record<string, FlowType>> = { nsf: 'spline' };

/** A flow type from its name or an alias; null if neither. */
export function flowTypeNamed(name: string): FlowType | null {
  if (Object.hasOwn(FLOW_REGISTRY, name)) return name as FlowType;
  return Object.hasOwn(FLOW_ALIASES, name) ? FLOW_ALIASES[name] : null;
}

export type FlowType = keyof typeof FLOW_REGISTRY;
export const FLOW_TYPES = Object.keys(FLOW_REGISTRY) as FlowType[];

export function flowInfo(type: FlowType): FlowTypeInfo {
  return FLOW_REGISTRY[type];
}

/** Every preset name some flow type offers (for the CLI's --preset). */
export const PRESET_NAMES = [...new Set(FLOW_TYPES.flatMap((t) => Object.keys(FLOW_REGISTRY[t].presets)))];

/**
 * A flow type's size under a preset (its defaults when `preset` is null).
 * Throws for a preset this type does not have, naming the ones it has.
 */
export function presetSize(type: FlowType, preset: string | null): FlowSize {
  const info = flowInfo(type);
  if (preset === null) return { ...info.defaults };
  if (!Object.hasOwn(info.presets, preset)) {
    throw new Error(`${info.label} has no preset '${preset}'; it has ${Object.keys(info.presets).join(', ')}`);
  }
  return { ...info.defaults, ...info.presets[preset] };
}

/** The preset whose size (hidden and depth only where there is a conditioner) this is, else null: what a model file records. */
export function presetOf(type: FlowType, size: FlowSize): string | null {
  const same = (p: FlowSize) => p.layers === size.layers && p.batch === size.batch && (!flowInfo(type).conditioner || (p.hidden === size.hidden && p.depth === size.depth));
  return Object.keys(flowInfo(type).presets).find((name) => same(presetSize(type, name))) ?? null;
}
