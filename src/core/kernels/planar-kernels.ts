import * as tf from '@tensorflow/tfjs-core';
import { registerHostKernel, runHostKernel } from './host-kernel';

/**
 * A planar layer's closed-form direction over the batch as one host kernel
 * each way (cpu, wasm), in plain JS (two columns, a handful of flops a row):
 * on the plain path it is ~10 tfjs ops forward and ~20 back per layer. The
 * parameter-only values (û, m, 1 + m: a few scalars) stay tfjs ops, so their
 * gradient to w and u is still tfjs's.
 *
 * For each row v: a = v·wᵀ + b, t = tanh a, y = v + t·û,
 *   logDet = log q with q = (1 + m) − m·t².
 * Backward from dy (rows) and dl:
 *   dt = dy·ûᵀ − dl·2mt/q,  da = dt·(1 − t²),
 *   dv = dy + da·w,  dw = Σ da·v,  db = Σ da,  dû = Σ dy·t,
 *   dm = −Σ dl·t²/q,  d(1 + m) = Σ dl/q.
 * Forward inputs [v, w, b, û, m, 1+m] → [y, logDet, t];
 * backward inputs [dy, dl, v, w, û, m, 1+m, t] → [dv, dw, db, dû, dm, d(1+m)].
 */
export const PLANAR_FORWARD = 'FlowPlaygroundPlanarClosedForm';
export const PLANAR_BACKWARD = 'FlowPlaygroundPlanarClosedFormBackward';

/** The forward rows (maths above) on host arrays: writes y, logDet and t. */
export function planarRows(
  v: Float32Array, w: ArrayLike<number>, b: number, uHat: ArrayLike<number>, m: number, onePlusM: number,
  y: Float32Array, logDet: Float32Array, tOut: Float32Array,
): void {
  const batch = tOut.length;
  for (let i = 0; i < batch; i++) {
    const v0 = v[2 * i];
    const v1 = v[2 * i + 1];
    const t = Math.fround(Math.tanh(Math.fround(v0 * w[0] + v1 * w[1]) + b));
    y[2 * i] = v0 + t * uHat[0];
    y[2 * i + 1] = v1 + t * uHat[1];
    logDet[i] = Math.log(onePlusM - m * t * t);
    tOut[i] = t;
  }
}

/** The backward rows (maths above): writes dv, returns the parameter-side sums. */
export function planarRowsBack(
  dy: Float32Array, dl: Float32Array, v: Float32Array, w: ArrayLike<number>, uHat: ArrayLike<number>, m: number, onePlusM: number,
  tIn: Float32Array, dv: Float32Array,
) {
  let dw0 = 0, dw1 = 0, db = 0, du0 = 0, du1 = 0, dm = 0, dOnePlusM = 0;
  for (let i = 0; i < tIn.length; i++) {
    const t = tIn[i];
    const q = onePlusM - m * t * t;
    const g0 = dy[2 * i];
    const g1 = dy[2 * i + 1];
    const l = dl[i];
    const dt = g0 * uHat[0] + g1 * uHat[1] - (l * 2 * m * t) / q;
    const da = dt * (1 - t * t);
    dv[2 * i] = g0 + da * w[0];
    dv[2 * i + 1] = g1 + da * w[1];
    dw0 += da * v[2 * i];
    dw1 += da * v[2 * i + 1];
    db += da;
    du0 += g0 * t;
    du1 += g1 * t;
    dm -= (l * t * t) / q;
    dOnePlusM += l / q;
  }
  return { dw: [dw0, dw1], db, du: [du0, du1], dm, dOnePlusM };
}

registerHostKernel(PLANAR_FORWARD, (inputs, _attrs, shapes) => {
  const [v, w, b, uHat, m, onePlusM] = inputs;
  const batch = shapes[0][0];
  const y = new Float32Array(batch * 2);
  const logDet = new Float32Array(batch);
  const tOut = new Float32Array(batch);
  planarRows(v, w, b[0], uHat, m[0], onePlusM[0], y, logDet, tOut);
  return [
    { shape: [batch, 2], values: y },
    { shape: [batch], values: logDet },
    { shape: [batch], values: tOut },
  ];
});

registerHostKernel(PLANAR_BACKWARD, (inputs, _attrs, shapes) => {
  const [dy, dl, v, w, uHat, mIn, onePlusMIn, tIn] = inputs;
  const batch = shapes[0][0];
  const dv = new Float32Array(batch * 2);
  const g = planarRowsBack(dy, dl, v, w, uHat, mIn[0], onePlusMIn[0], tIn, dv);
  return [
    { shape: [batch, 2], values: dv },
    { shape: [1, 2], values: new Float32Array(g.dw) },
    { shape: [1], values: new Float32Array([g.db]) },
    { shape: [1, 2], values: new Float32Array(g.du) },
    { shape: [1, 1], values: new Float32Array([g.dm]) },
    { shape: [1, 1], values: new Float32Array([g.dOnePlusM]) },
  ];
});

tf.registerGradient({
  kernelName: PLANAR_FORWARD,
  inputsToSave: ['0', '1', '3', '4', '5'],
  outputsToSave: [false, false, true],
  gradFunc: (dys, saved) => {
    const [dy, dl] = dys as (tf.Tensor | null)[];
    const batch = saved[0].shape[0];
    const grads = runHostKernel(PLANAR_BACKWARD, [dy ?? tf.zeros([batch, 2]), dl ?? tf.zeros([batch]), ...saved]);
    return Object.fromEntries(grads.map((g, i) => [String(i), () => g]));
  },
});

/** y = v + û·tanh(v·wᵀ + b) and log|det| through the two kernels (cpu and wasm only). */
export function planarOnHost(
  v: tf.Tensor2D,
  params: { w: tf.Tensor2D; b: tf.Tensor1D; uHat: tf.Tensor2D; m: tf.Tensor2D; onePlusM: tf.Tensor2D },
): { y: tf.Tensor2D; logDet: tf.Tensor1D } {
  const [y, logDet] = runHostKernel(PLANAR_FORWARD, [v, params.w, params.b, params.uHat, params.m, params.onePlusM]);
  return { y: y as tf.Tensor2D, logDet: logDet as tf.Tensor1D };
}
