import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../nn/activations';
import { registerHostKernel, runHostKernel } from './host-kernel';
import { ACTIVATION_CODES, SimdArena } from './mlp-simd';

/**
 * A whole MLP (dense layers h_l = act(h_{l−1}·W_l + b_l), the last one linear)
 * as two host kernels on cpu and wasm, with the arithmetic in WebAssembly SIMD
 * (mlp-simd.ts): one kernel for the forward pass, one for the backward pass,
 * instead of ~6 tfjs ops per layer forward and ~8 back.
 *
 * Forward: inputs [x, W1, b1, …, WL, bL] → [y, h1, …, h_{L−1}] (the hidden
 * outputs are kept for the backward pass).
 * Backward, with dz_L = dy and prev_l = h_{l−1} (prev_1 = x):
 *   db_l = Σ_batch dz_l,  dW_l = prev_lᵀ·dz_l (matmulTN: prev_l is not transposed),  dprev_l = dz_l·W_lᵀ,
 *   dz_{l−1} = dprev_l ⊙ act′(h_{l−1})  (act′ from the output, see mlp-simd),
 * inputs [dy, x, W1, …, WL, h1, …, h_{L−1}] → [dx, dW1, db1, …, dWL, dbL].
 */
export const MLP_FORWARD = 'FlowPlaygroundMlpForward';
export const MLP_BACKWARD = 'FlowPlaygroundMlpBackward';

let arena: SimdArena | null = null;
/** The shared SIMD memory, emptied for a new kernel call. */
export const simdArena = () => (arena ??= new SimdArena()).reset();

/** One dense layer's weight [fanIn, fanOut] and bias [fanOut], already in SIMD memory. */
export interface ArenaLayer {
  w: number;
  b: number;
  fanIn: number;
  fanOut: number;
}

/** Copy weights and biases (inputs [W1, b1, …, WL, bL] from `first`) into SIMD memory. */
export function putLayers(mem: SimdArena, inputs: Float32Array[], shapes: number[][], first: number, layers: number): ArenaLayer[] {
  return Array.from({ length: layers }, (_, l) => ({
    w: mem.put(inputs[first + 2 * l]),
    b: mem.put(inputs[first + 2 * l + 1]),
    fanIn: shapes[first + 2 * l][0],
    fanOut: shapes[first + 2 * l][1],
  }));
}

/**
 * Products with at least this many columns run as `matmul`'s 4×8 blocks;
 * narrower ones (the 2-wide output layer, the 1-wide input gradient) as
 * `matmulNT`'s dot products, which `matmul` would do one scalar at a time.
 * Only small matrices (weights) are ever transposed: never a batch.
 */
const WIDE = 8;

/** The forward pass from x (at `x`, [batch, fanIn₁]); returns every layer's output address, the last being y. */
export function mlpForwardIn(mem: SimdArena, x: number, batch: number, layers: readonly ArenaLayer[], act: number): number[] {
  const outs: number[] = [];
  let prev = x;
  layers.forEach((layer, l) => {
    const out = mem.alloc(batch * layer.fanOut);
    if (layer.fanOut >= WIDE) mem.fns.matmul(prev, layer.w, out, batch, layer.fanIn, layer.fanOut, layer.b, 1);
    else {
      const wT = mem.alloc(layer.fanOut * layer.fanIn);
      mem.fns.transpose(layer.w, wT, layer.fanIn, layer.fanOut);
      mem.fns.matmulNT(prev, wT, out, batch, layer.fanIn, layer.fanOut, layer.b, 1);
    }
    mem.fns.activate(out, batch * layer.fanOut, l === layers.length - 1 ? ACTIVATION_CODES.linear : act);
    outs.push(out);
    prev = out;
  });
  return outs;
}

/**
 * The backward pass: `inputsOf[l]` is layer l's input (x, then the hidden
 * outputs), dy at `dy`. Returns dx's address and each layer's dW, db addresses.
 */
export function mlpBackwardIn(mem: SimdArena, dy: number, inputsOf: readonly number[], batch: number, layers: readonly ArenaLayer[], act: number) {
  const grads: { dw: number; db: number }[] = [];
  let dz = dy;
  for (let l = layers.length - 1; l >= 0; l--) {
    const { w, fanIn, fanOut } = layers[l];
    const db = mem.alloc(fanOut);
    mem.fns.columnSums(dz, db, batch, fanOut);
    const dw = mem.alloc(fanIn * fanOut);
    mem.fns.matmulTN(inputsOf[l], dz, dw, fanIn, batch, fanOut);
    const dprev = mem.alloc(batch * fanIn);
    if (fanIn >= WIDE) {
      const wT = mem.alloc(fanOut * fanIn);
      mem.fns.transpose(w, wT, fanIn, fanOut);
      mem.fns.matmul(dz, wT, dprev, batch, fanOut, fanIn, 0, 0);
    } else mem.fns.matmulNT(dz, w, dprev, batch, fanOut, fanIn, 0, 0);
    if (l > 0) mem.fns.activationGrad(dprev, inputsOf[l], batch * fanIn, act);
    grads.unshift({ dw, db });
    dz = dprev;
  }
  return { dx: dz, grads };
}

/** dW, db of every layer as kernel outputs. */
export function layerGradOutputs(mem: SimdArena, layers: readonly ArenaLayer[], grads: readonly { dw: number; db: number }[]) {
  return layers.flatMap((layer, l) => [
    mem.output([layer.fanIn, layer.fanOut], grads[l].dw),
    mem.output([layer.fanOut], grads[l].db),
  ]);
}

registerHostKernel(MLP_FORWARD, (inputs, attrs, shapes) => {
  const layers = (inputs.length - 1) / 2;
  const batch = shapes[0][0];
  const mem = simdArena();
  const x = mem.put(inputs[0]);
  const arenaLayers = putLayers(mem, inputs, shapes, 1, layers);
  const outs = mlpForwardIn(mem, x, batch, arenaLayers, attrs.activation as number);
  const order = [outs.length - 1, ...outs.keys()].slice(0, outs.length);
  return order.map((l) => mem.output([batch, arenaLayers[l].fanOut], outs[l]));
});

registerHostKernel(MLP_BACKWARD, (inputs, attrs, shapes) => {
  // inputs: [dy, x, W1, …, WL, h1, …, h_{L−1}] (no biases: the backward pass does not need them).
  const layers = (inputs.length - 1) / 2;
  const batch = shapes[0][0];
  const mem = simdArena();
  const arenaLayers = Array.from({ length: layers }, (_, l) => ({ w: mem.put(inputs[2 + l]), b: 0, fanIn: shapes[2 + l][0], fanOut: shapes[2 + l][1] }));
  const inputsOf = [mem.put(inputs[1]), ...Array.from({ length: layers - 1 }, (_, l) => mem.put(inputs[2 + layers + l]))];
  const { dx, grads } = mlpBackwardIn(mem, mem.put(inputs[0]), inputsOf, batch, arenaLayers, attrs.activation as number);
  const inputWidth = shapes[1][1];
  return [mem.output([batch, inputWidth], dx), ...layerGradOutputs(mem, arenaLayers, grads)];
});

type MlpOp = (...args: tf.Tensor[]) => tf.Tensor;
const ops = new Map<string, MlpOp>();

/** act(…act(x·W1 + b1)…)·WL + bL as one kernel forward and one backward (cpu and wasm only). */
export function mlpOnHost(x: tf.Tensor2D, weights: readonly tf.Tensor2D[], biases: readonly tf.Tensor1D[], activation: Activation): tf.Tensor2D {
  const layers = weights.length;
  const key = `${activation}/${layers}`;
  let op = ops.get(key);
  if (!op) {
    const code = ACTIVATION_CODES[activation];
    op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const save = args.pop() as tf.GradSaveFunc;
      const inputs = args as tf.Tensor[];
      const [y, ...hidden] = runHostKernel(MLP_FORWARD, inputs, { activation: code });
      const ws = inputs.filter((_, i) => i % 2 === 1);
      save([inputs[0], ...ws, ...hidden]);
      return {
        value: y,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => runHostKernel(MLP_BACKWARD, [dy, ...saved], { activation: code }),
      };
    }) as MlpOp;
    ops.set(key, op);
  }
  const args = [x, ...weights.flatMap((w, i) => [w, biases[i]])];
  return op(...args) as tf.Tensor2D;
}
