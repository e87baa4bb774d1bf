import * as tf from '@tensorflow/tfjs-core';
import { hostKernelsActive, registerHostKernel, runHostKernel } from './host-kernel';
import { splineGradient, splineMap, type SplineSettings } from './rq-spline-math';

/**
 * The whole rational-quadratic spline map as one registered tfjs kernel on
 * the cpu and wasm backends, with its gradient as one more:
 *   FlowRQSpline     (x, θ) → (y, log|dy/dx|)          (or the inverse, attr `inverse`)
 *   FlowRQSplineGrad (x, θ, ∂L/∂y, ∂L/∂logdet) → (∂L/∂x, ∂L/∂θ)
 * The plain tfjs path records hundreds of ops per layer, each costing far more
 * in bookkeeping (tape, tidy, tensor tracking) than in arithmetic; these are two. The maths is in
 * rq-spline-math.ts. On other backends (webgl, webgpu) data lives on the GPU,
 * so the transform keeps its plain path there: hostKernelsActive() (host-kernel.ts)
 * is the one place that decides, for every host kernel.
 */
export const SPLINE_KERNEL = 'FlowRQSpline';
export const SPLINE_GRAD_KERNEL = 'FlowRQSplineGrad';

type SplineAttrs = SplineSettings & { inverse: boolean };

const settingsOf = (attrs: tf.NamedAttrMap): SplineAttrs => attrs as unknown as SplineAttrs;
const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

// Inputs by position: 0 = x, 1 = θ (then 2 = ∂L/∂y, 3 = ∂L/∂logdet for the gradient).
registerHostKernel(SPLINE_KERNEL, ([x, theta], attrs, [shape]) => {
  const cfg = settingsOf(attrs);
  const [y, logDet] = [new Float32Array(x.length), new Float32Array(x.length)];
  splineMap(cfg, cfg.inverse, x, theta, y, logDet);
  return [
    { shape, values: y },
    { shape, values: logDet },
  ];
});

registerHostKernel(SPLINE_GRAD_KERNEL, ([x, theta, dy, dlogdet], attrs, [xShape, thetaShape]) => {
  const cfg = settingsOf(attrs);
  const [dx, dtheta] = [new Float32Array(x.length), new Float32Array(sizeOf(thetaShape))];
  splineGradient(cfg, cfg.inverse, x, theta, dy, dlogdet, dx, dtheta);
  return [
    { shape: xShape, values: dx },
    { shape: thetaShape, values: dtheta },
  ];
});

if (!tf.getGradient(SPLINE_KERNEL)) {
  tf.registerGradient({
    kernelName: SPLINE_KERNEL,
    inputsToSave: ['0', '1'],
    // One gradient kernel run for both inputs, here rather than in the closures:
    // tfjs runs each closure in its own tidy, which would dispose the other's
    // result. tfjs replaces the ∂ of an output nothing used by zeros.
    gradFunc: (dys, saved, attrs) => {
      const [dy, dlogdet] = dys as tf.Tensor[];
      const [dx, dtheta] = runHostKernel(SPLINE_GRAD_KERNEL, [...saved, dy, dlogdet], attrs);
      return { 0: () => dx, 1: () => dtheta };
    },
  });
}

let splineOn = true;
/** Off: the spline alone takes its plain path, so tests can isolate it from the other host kernels. */
export function setSplineKernelEnabled(on: boolean): void {
  splineOn = on;
}

/** On cpu and wasm (hostKernelsActive), the transform runs this instead of its tfjs ops. */
export const splineKernelActive = (): boolean => splineOn && hostKernelsActive();

/** y = τ(x) (or τ⁻¹), and its log-derivative, for x of any shape S and θ of shape [...S, 3K − 1]. */
export function runSplineKernel(input: tf.Tensor, theta: tf.Tensor, settings: SplineSettings, inverse: boolean): { y: tf.Tensor; logAbsDet: tf.Tensor } {
  const attrs: SplineAttrs = { ...settings, inverse };
  const [y, logAbsDet] = runHostKernel(SPLINE_KERNEL, [input, theta], attrs as unknown as tf.NamedAttrMap);
  return { y, logAbsDet };
}
