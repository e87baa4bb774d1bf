import { mlpBackwardIn, mlpForwardIn, type ArenaLayer } from './mlp-kernels';
import type { SimdArena } from './mlp-simd';

/**
 * NICE's additive coupling on host arrays, for the whole-flow loss kernel
 * (flow-loss-kernel.ts): the same wiring as the affine one
 * (affine-coupling-kernels.ts) with a shift only. With k the kept column, u the
 * moved one (column t), c = net(k) (one output) and direction d = ±1:
 *   y_t = u + d·c,  y_kept = k,  logDet = 0.
 * Backward from dy: dc = d·dy_t, dz_t = dy_t, then the network's backward from
 * dc gives dk and the weight gradients; dz_kept = dy_kept + dk.
 */
export interface AdditiveAttrs {
  transformDim: number;
  direction: number;
  activation: number;
}

/** Writes y; returns the kept column's and the network's layer outputs' addresses. */
export function additiveCouplingIn(
  mem: SimdArena, z: Float32Array, batch: number, layers: readonly ArenaLayer[], a: AdditiveAttrs, y: Float32Array,
): { kept: number; outs: number[] } {
  const t = a.transformDim;
  const kept = mem.alloc(batch);
  const keptView = mem.view(kept, batch);
  for (let i = 0; i < batch; i++) keptView[i] = z[2 * i + 1 - t];
  const outs = mlpForwardIn(mem, kept, batch, layers, a.activation);
  const shift = mem.view(outs[layers.length - 1], batch);
  for (let i = 0; i < batch; i++) {
    y[2 * i + 1 - t] = z[2 * i + 1 - t];
    y[2 * i + t] = z[2 * i + t] + a.direction * shift[i];
  }
  return { kept, outs };
}

/** Writes dz from dy; returns each network layer's dW, db addresses. */
export function additiveCouplingBackIn(
  mem: SimdArena, dy: Float32Array, inputsOf: readonly number[], batch: number, layers: readonly ArenaLayer[], a: AdditiveAttrs, dz: Float32Array,
): { dw: number; db: number }[] {
  const t = a.transformDim;
  const dShift = mem.alloc(batch);
  const dShiftView = mem.view(dShift, batch);
  for (let i = 0; i < batch; i++) {
    dShiftView[i] = a.direction * dy[2 * i + t];
    dz[2 * i + t] = dy[2 * i + t];
  }
  const { dx: dk, grads } = mlpBackwardIn(mem, dShift, inputsOf, batch, layers, a.activation);
  const dkView = mem.view(dk, batch);
  for (let i = 0; i < batch; i++) dz[2 * i + 1 - t] = dy[2 * i + 1 - t] + dkView[i];
  return grads;
}
