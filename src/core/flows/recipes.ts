import type { Bijector } from '../bijectors/bijector';
import { ActNorm } from '../bijectors/actnorm';
import { Chain } from '../bijectors/chain';
import { Coupling, type ElementwiseTransform } from '../bijectors/coupling';
import { LuLinear } from '../bijectors/lu-linear';
import { MaskedAutoregressive, type AutoregressiveSide } from '../bijectors/masked-autoregressive';
import { Planar } from '../bijectors/planar';
import { RationalQuadraticSpline } from '../bijectors/transforms/rational-quadratic';
import { additiveTransform } from '../bijectors/transforms/additive';
import { affineTransform } from '../bijectors/transforms/affine';
import { createMade } from '../nn/made';
import { createMlp, type Mlp } from '../nn/mlp';
import { createRng, type Rng } from '../util/rng';
import { Flow } from './flow';
import { checkRecipe, type FlowRecipe, type FlowType } from './recipe-spec';
import { flowInfo, SPLINE_BINS } from './registry';

// The recipe's definition and limits live in recipe-spec.ts, each flow type's
// description in registry.ts (no tensors in either); most callers know this
// module, so it speaks for them.
export { FLOW_TYPES, MAX_DEPTH, MAX_HIDDEN, MAX_LAYERS, MAX_PARAMETERS, type FlowRecipe, type FlowType } from './recipe-spec';

/** A flow type's recipe: the registry's defaults, then `overrides`. */
export function recipeFor(type: FlowType, overrides: Partial<FlowRecipe> = {}): FlowRecipe {
  const { layers, hidden, depth } = flowInfo(type).defaults;
  return { type, layers, hidden, depth, activation: 'relu', mode: 'density', ...overrides };
}

/** What a builder gets: the checked recipe, the seeded stream, and a conditioner-network factory. */
export interface BuildParts {
  recipe: FlowRecipe;
  rng: Rng;
  makeNet: (inputs: number, outputs: number) => Mlp;
}

/**
 * Glow's couplings may stretch a coordinate data→latent by e^0.5 at most (and
 * shrink it by e³). With ±3 a point beyond the data's edge ran away: each
 * coupling's ReLU conditioner, seeing a kept coordinate outside anything it
 * was trained on, saturated at the largest stretch (e³ ≈ 20), the LU layer mixed
 * the stretched coordinate into the next coupling's kept one, and so on: a
 * 2spirals test point at an arm's end went 2.7 → 37 → 553 → 6,354 through the last
 * four couplings (log p ≈ −2·10⁷: the test NLL's spikes), while the log-det
 * credited only 3 per coupling. Glow itself bounds the stretch the same way
 * (its coupling's data→latent scale is sigmoid(raw + 2) ≤ 1); stretching is then
 * left to the linear layers, which stretch every point alike.
 */
export const GLOW_LOG_SCALE_BOUNDS = { below: 0.5, above: 3 } as const;

/** `layers` copies of `layer(k)`, flattened; couplings alternate the transformed coordinate so every one is transformed. */
const stack = (parts: BuildParts, layer: (transformDim: 0 | 1) => Bijector[]) =>
  Array.from({ length: parts.recipe.layers }, (_, k) => layer((k % 2) as 0 | 1)).flat();

/**
 * Each flow type's bijectors, listed latent→data, creating variables in the
 * order the registry's `variableShapes` gives. The compiler holds this table
 * to the registry's types.
 */
export const FLOW_BUILDERS = {
  planar: (p) => stack(p, () => [new Planar({ rng: p.rng, analytic: p.recipe.mode === 'density' ? 'inverse' : 'forward' })]),
  // NICE's couplings are volume-preserving; its final diagonal scaling is an actnorm.
  nice: (p) => [...stack(p, (transformDim) => [new Coupling({ transformDim, makeNet: p.makeNet, transform: additiveTransform })]), new ActNorm()],
  realnvp: (p) => stack(p, (transformDim) => [new Coupling({ transformDim, makeNet: p.makeNet, transform: affineTransform() })]),
  // One Glow step, listed latent→data so that the data→latent pass meets
  // actnorm first, then the 1×1 convolution, then the coupling (as in Glow).
  glow: (p) => stack(p, (transformDim) => [new Coupling({ transformDim, makeNet: p.makeNet, transform: affineTransform(GLOW_LOG_SCALE_BOUNDS) }), new LuLinear({ rng: p.rng }), new ActNorm()]),
  // Neural Spline Flows' pattern: a spline coupling, then an invertible linear map to mix the coordinates.
  spline: (p) =>
    stack(p, (transformDim) => [new Coupling({ transformDim, makeNet: p.makeNet, transform: new RationalQuadraticSpline({ bins: SPLINE_BINS }) }), new LuLinear({ rng: p.rng })]),
  maf: (p) => autoregressive(p, 'maf', affineTransform),
  iaf: (p) => autoregressive(p, 'iaf', affineTransform),
  'maf-spline': (p) => autoregressive(p, 'maf', () => new RationalQuadraticSpline({ bins: SPLINE_BINS })),
  'iaf-spline': (p) => autoregressive(p, 'iaf', () => new RationalQuadraticSpline({ bins: SPLINE_BINS })),
} satisfies Record<FlowType, (parts: BuildParts) => Bijector[]>;

/** Masked autoregressive layers (affine or spline) whose order reverses from one layer to the next, so each coordinate is sometimes first. */
function autoregressive(p: BuildParts, side: AutoregressiveSide, makeTransform: () => ElementwiseTransform): Bijector[] {
  return stack(p, (k) => {
    const transform = makeTransform();
    const made = createMade({
      order: k === 0 ? [0, 1] : [1, 0],
      hidden: Array.from({ length: p.recipe.depth }, () => p.recipe.hidden),
      paramsPerDim: transform.paramsPerCoordinate,
      activation: p.recipe.activation,
      zeroLast: true,
      rng: p.rng,
    });
    return [new MaskedAutoregressive({ side, made, transform })];
  });
}

/** Build a flow from a recipe; `seed` fixes every initial weight. */
export function buildFlow(unchecked: FlowRecipe, seed: number): Flow {
  const recipe = checkRecipe(unchecked);
  const rng = createRng(seed);
  const makeNet = (inputs: number, outputs: number) =>
    createMlp({
      inputs,
      outputs,
      hidden: Array.from({ length: recipe.depth }, () => recipe.hidden),
      activation: recipe.activation,
      zeroLast: true,
      rng,
    });
  return new Flow(new Chain(FLOW_BUILDERS[recipe.type]({ recipe, rng, makeNet })), { ...recipe }, seed);
}
