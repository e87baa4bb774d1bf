import * as tf from '@tensorflow/tfjs-core';
import type { Bijector } from '../bijectors/bijector';
import type { LogScaleBounds } from '../bijectors/transforms/affine';
import type { Activation } from '../nn/activations';
import { additiveCouplingBackIn, additiveCouplingIn, type AdditiveAttrs } from './additive-coupling-host';
import { affineCouplingBackIn, affineCouplingIn, type CouplingAttrs } from './affine-coupling-kernels';
import { hostKernelsActive, registerHostKernel, runHostKernel } from './host-kernel';
import { actnormInverse, actnormInverseBack, luInverse, luInverseBack, luInverseParts, type LuParts } from './linear-layers-host';
import { putLayers, simdArena, type ArenaLayer } from './mlp-kernels';
import { planarParts, planarStep, planarStepBack, type PlanarParts } from './planar-host';
import { ACTIVATION_CODES } from './mlp-simd';

/**
 * A flow's whole training loss and its gradient as one host kernel (cpu,
 * wasm), for chains of affine and additive couplings, actnorms, LU and planar
 * layers (RealNVP, Glow, NICE, planar flows in density mode): the data→latent
 * pass, the Gaussian log-density, the mean, and the backward pass, with every
 * variable's gradient written straight into the one flat vector FlatAdam takes. No gradient tape, no saved tensors, no hidden
 * layers handed to tfjs and back: the per-coupling kernels still paid tfjs's
 * bookkeeping for the ops between them and for every tensor the tape saved,
 * and copied every hidden layer out of SIMD memory and in again.
 *
 *   loss = −(1/B) Σ_b [log N(z_b; 0, I) + Σ_layers logDet_b],  z = chain⁻¹(x)
 *   ∂loss/∂z_b = z_b / B,  ∂loss/∂logDet_b = −1/B for every layer,
 * then each layer's backward (affine-coupling-kernels.ts, additive-coupling-host.ts,
 * linear-layers-host.ts, planar-host.ts) from the latent side back to the data side.
 *
 * Inputs [x, ...the chain's variables in order]; outputs [loss, gradient].
 * Not differentiable itself: the trainer calls it instead of tf.variableGrads.
 */
export const FLOW_LOSS = 'FlowPlaygroundFlowLoss';

/** What a layer tells the kernel about itself (`Bijector.hostLayer()`). */
export type HostLayerSpec =
  | { kind: 'affine-coupling'; transformDim: 0 | 1; logScaleBounds: LogScaleBounds; activation: Activation; depth: number }
  | { kind: 'actnorm'; floor: number }
  /** layout: the inverse matrix's constant layout, [W row l (8), W row v (8), offsets (8)] (see luInverseParts). */
  | { kind: 'lu-linear'; floor: number; layout: readonly number[] }
  /** A planar layer whose closed form is its data→latent direction (density mode). */
  | { kind: 'planar' }
  | { kind: 'additive-coupling'; transformDim: 0 | 1; activation: Activation; depth: number };

// The program attr: per layer its code and numbers, concatenated.
const COUPLING = 0;
const ACTNORM = 1;
const LU = 2;
const PLANAR = 3;
const ADDITIVE = 4;
/** Program numbers per layer code, and variables (couplings: two per network layer, read from the program). */
const ARGS = [6, 2, 26, 1, 4];
const VARIABLES = [-1, 2, 2, 3, -1];
const depthOf = (code: number, args: number[]) => (code === COUPLING ? args[5] : code === ADDITIVE ? args[3] : 0);

function encode(specs: readonly HostLayerSpec[]): number[] {
  return specs.flatMap((s) => {
    if (s.kind === 'affine-coupling') return [COUPLING, s.transformDim, s.logScaleBounds.below, s.logScaleBounds.above, ACTIVATION_CODES[s.activation], s.depth];
    if (s.kind === 'actnorm') return [ACTNORM, s.floor];
    if (s.kind === 'planar') return [PLANAR];
    if (s.kind === 'additive-coupling') return [ADDITIVE, s.transformDim, ACTIVATION_CODES[s.activation], s.depth];
    return [LU, s.floor, ...s.layout];
  });
}

/** One decoded layer: what it needs forward and what it kept for the backward pass. */
type Step =
  | { kind: typeof COUPLING; attrs: CouplingAttrs; layers: ArenaLayer[]; first: number; z: Float32Array; kept: number; outs: number[] }
  | { kind: typeof ACTNORM; floor: number; first: number; y: Float32Array }
  | { kind: typeof LU; floor: number; layout: number[]; first: number; x: Float32Array; parts: LuParts }
  | { kind: typeof PLANAR; first: number; v: Float32Array; parts: PlanarParts; t: Float32Array }
  | { kind: typeof ADDITIVE; attrs: AdditiveAttrs; layers: ArenaLayer[]; first: number; kept: number; outs: number[] };

const LOG_2PI = Math.log(2 * Math.PI);

registerHostKernel(FLOW_LOSS, (inputs, attrs, shapes) => {
  const program = attrs.program as number[];
  const x = inputs[0];
  const batch = shapes[0][0];
  const mem = simdArena();
  // Decode the program (in chain order) and lay each coupling's weights out in SIMD memory.
  const decoded: { code: number; args: number[]; first: number; depth: number }[] = [];
  let input = 1;
  for (let p = 0; p < program.length; ) {
    const code = program[p];
    const args = program.slice(p, p + ARGS[code]);
    const depth = depthOf(code, args);
    decoded.push({ code, args, first: input, depth });
    input += depth > 0 ? 2 * depth : VARIABLES[code];
    p += ARGS[code];
  }
  if (input !== inputs.length) throw new Error(`${FLOW_LOSS}: the program needs ${input - 1} variables, got ${inputs.length - 1}`);

  // Data → latent: the chain's layers from last to first.
  let h = x;
  // Float32, as tfjs sums the log-dets: the loss must overflow where the taped path's does (see below).
  const logDet = new Float32Array(batch);
  const layerLogDet = new Float32Array(batch);
  const steps: Step[] = [];
  for (let k = decoded.length - 1; k >= 0; k--) {
    const { code, args, first, depth } = decoded[k];
    const y = new Float32Array(batch * 2);
    if (code === COUPLING) {
      const a: CouplingAttrs = { transformDim: args[1], direction: -1, boundBelow: args[2], boundAbove: args[3], activation: args[4] };
      const layers = putLayers(mem, inputs, shapes, first, depth);
      const { kept, outs } = affineCouplingIn(mem, h, batch, layers, a, y, layerLogDet);
      for (let i = 0; i < batch; i++) logDet[i] += layerLogDet[i];
      steps.push({ kind: COUPLING, attrs: a, layers, first, z: h, kept, outs });
    } else if (code === ACTNORM) {
      const ld = actnormInverse(h, inputs[first], inputs[first + 1], args[1], y);
      for (let i = 0; i < batch; i++) logDet[i] += ld;
      steps.push({ kind: ACTNORM, floor: args[1], first, y });
    } else if (code === ADDITIVE) {
      const a: AdditiveAttrs = { transformDim: args[1], direction: -1, activation: args[2] };
      const layers = putLayers(mem, inputs, shapes, first, depth);
      const { kept, outs } = additiveCouplingIn(mem, h, batch, layers, a, y);
      steps.push({ kind: ADDITIVE, attrs: a, layers, first, kept, outs });
    } else if (code === PLANAR) {
      const parts = planarParts(inputs[first], inputs[first + 1], inputs[first + 2]);
      const t = new Float32Array(batch);
      planarStep(h, parts, y, layerLogDet, t);
      for (let i = 0; i < batch; i++) logDet[i] += layerLogDet[i];
      steps.push({ kind: PLANAR, first, v: h, parts, t });
    } else {
      const layout = args.slice(2);
      const parts = luInverseParts(inputs[first], inputs[first + 1], layout, args[1]);
      const ld = luInverse(h, parts, y);
      for (let i = 0; i < batch; i++) logDet[i] += ld;
      steps.push({ kind: LU, floor: args[1], layout, first, x: h, parts });
    }
    h = y;
  }

  // The loss and its gradient at the latent side. Every operation rounded to
  // float32 as tfjs's ops round it (square, sum, scale, shift, add, mean):
  // data too large for float32 training must give a non-finite loss here too,
  // so the trainer skips the step as it does on the taped path.
  const f = Math.fround;
  let total = 0;
  const dz = new Float32Array(batch * 2);
  for (let i = 0; i < batch; i++) {
    const z0 = h[2 * i], z1 = h[2 * i + 1];
    const logN = f(f(-0.5 * f(f(z0 * z0) + f(z1 * z1))) - LOG_2PI);
    total = f(total + f(logN + logDet[i]));
    dz[2 * i] = z0 / batch;
    dz[2 * i + 1] = z1 / batch;
  }
  const dl = new Float32Array(batch).fill(-1 / batch);
  const dlSum = -1;

  // Latent → data: each layer's backward, in the reverse of the order it ran.
  const offsets: number[] = [0];
  for (let i = 1; i < inputs.length; i++) offsets.push(offsets[i - 1] + inputs[i].length);
  const grad = new Float32Array(offsets[inputs.length - 1]);
  let dy = dz;
  for (let k = steps.length - 1; k >= 0; k--) {
    const s = steps[k];
    const dx = new Float32Array(batch * 2);
    const at = offsets[s.first - 1];
    if (s.kind === COUPLING || s.kind === ADDITIVE) {
      const inputsOf = [s.kept, ...s.outs.slice(0, -1)];
      const grads =
        s.kind === COUPLING
          ? affineCouplingBackIn(mem, dy, dl, s.z, s.outs[s.outs.length - 1], inputsOf, batch, s.layers, s.attrs, dx)
          : additiveCouplingBackIn(mem, dy, inputsOf, batch, s.layers, s.attrs, dx);
      s.layers.forEach((layer, l) => {
        grad.set(mem.view(grads[l].dw, layer.fanIn * layer.fanOut), offsets[s.first + 2 * l - 1]);
        grad.set(mem.view(grads[l].db, layer.fanOut), offsets[s.first + 2 * l]);
      });
    } else if (s.kind === ACTNORM) {
      actnormInverseBack(dy, dlSum, s.y, inputs[s.first], s.floor, dx, grad, at);
    } else if (s.kind === PLANAR) {
      planarStepBack(dy, dl, s.v, s.parts, s.t, dx, grad, at);
    } else {
      luInverseBack(dy, dlSum, s.x, s.parts, inputs[s.first + 1], s.layout, s.floor, dx, grad, at);
    }
    dy = dx;
  }
  return [
    { shape: [], values: new Float32Array([-f(total / batch)]) },
    { shape: [grad.length], values: grad },
  ];
});

/**
 * The flow loss −mean log p(x) and its gradient for every variable of
 * `layers` (flattened in order) through the one kernel, or null where it does
 * not apply: a GPU backend, or a layer without a host form (spline and
 * autoregressive layers, planar layers solved numerically in this direction,
 * keep the taped path).
 */
export function flowLossOnHost(layers: readonly Bijector[], x: tf.Tensor2D): { loss: tf.Scalar; gradient: tf.Tensor1D } | null {
  if (!hostKernelsActive()) return null;
  const specs: HostLayerSpec[] = [];
  for (const layer of layers) {
    const spec = layer.hostLayer?.() ?? null;
    if (!spec) return null;
    specs.push(spec);
  }
  const [loss, gradient] = runHostKernel(FLOW_LOSS, [x, ...layers.flatMap((l) => l.variables)], { program: encode(specs) });
  return { loss: loss as tf.Scalar, gradient: gradient as tf.Tensor1D };
}
