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
 *   db_l = Σ_batch dz_l,  dW_l = prev_lᵀ·dz_l,  dprev_l = dz_l·W_lᵀ,
 *   dz_{l−1} = dprev_l ⊙ act′(h_{l−1})  (act′ from the output, see mlp-simd),
 * inputs [dy, x, W1, …, WL, h1, …, h_{L−1}] → [dx, dW1, db1, …, dWL, dbL].
 */
export const MLP_FORWARD = 'FlowPlaygroundMlpForward';
export const MLP_BACKWARD = 'FlowPlaygroundMlpBackward';

let arena: SimdArena | null = null;
const simd = () => (arena ??= new SimdArena()).reset();

registerHostKernel(MLP_FORWARD, (inputs, attrs, shapes) => {
  const act = attrs.activation as number;
  const layers = (inputs.length - 1) / 2;
  const batch = shapes[0][0];
  const mem = simd();
  let prev = mem.put(inputs[0]);
  const outs: { at: number; width: number }[] = [];
  for (let l = 0; l < layers; l++) {
    const [fanIn, fanOut] = shapes[1 + 2 * l];
    const w = mem.put(inputs[1 + 2 * l]);
    const b = mem.put(inputs[2 + 2 * l]);
    const out = mem.alloc(batch * fanOut);
    mem.fns.matmul(prev, w, out, batch, fanIn, fanOut, b, 1);
    mem.fns.activate(out, batch * fanOut, l === layers - 1 ? ACTIVATION_CODES.linear : act);
    outs.push({ at: out, width: fanOut });
    prev = out;
  }
  const last = outs.pop()!;
  return [last, ...outs].map((o) => ({ shape: [batch, o.width], values: mem.take(o.at, batch * o.width) }));
});

registerHostKernel(MLP_BACKWARD, (inputs, attrs, shapes) => {
  const act = attrs.activation as number;
  const layers = (inputs.length - 1) / 2;
  const batch = shapes[0][0];
  const mem = simd();
  const weights = Array.from({ length: layers }, (_, l) => ({ at: mem.put(inputs[2 + l]), fanIn: shapes[2 + l][0], fanOut: shapes[2 + l][1] }));
  // prev[l]: the input of layer l (x, then the hidden outputs).
  const prev = [mem.put(inputs[1]), ...Array.from({ length: layers - 1 }, (_, l) => mem.put(inputs[2 + layers + l]))];
  let dz = mem.put(inputs[0]);
  const grads: { shape: number[]; at: number; n: number }[] = [];
  let dx = 0;
  for (let l = layers - 1; l >= 0; l--) {
    const { at: w, fanIn, fanOut } = weights[l];
    const db = mem.alloc(fanOut);
    mem.fns.columnSums(dz, db, batch, fanOut);
    const prevT = mem.alloc(fanIn * batch);
    mem.fns.transpose(prev[l], prevT, batch, fanIn);
    const dw = mem.alloc(fanIn * fanOut);
    mem.fns.matmul(prevT, dz, dw, fanIn, batch, fanOut, 0, 0);
    const wT = mem.alloc(fanOut * fanIn);
    mem.fns.transpose(w, wT, fanIn, fanOut);
    const dprev = mem.alloc(batch * fanIn);
    mem.fns.matmul(dz, wT, dprev, batch, fanOut, fanIn, 0, 0);
    if (l > 0) mem.fns.activationGrad(dprev, prev[l], batch * fanIn, act);
    grads.unshift({ shape: [fanIn, fanOut], at: dw, n: fanIn * fanOut }, { shape: [fanOut], at: db, n: fanOut });
    dz = dprev;
    dx = dprev;
  }
  const inputWidth = shapes[1][1];
  return [{ shape: [batch, inputWidth], at: dx, n: batch * inputWidth }, ...grads].map((g) => ({ shape: g.shape, values: mem.take(g.at, g.n) }));
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
