import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { runOnHost, type HostBackendName } from './rq-spline-io';
import { splineGradient, splineMap, type SplineSettings } from './rq-spline-math';

/**
 * The whole rational-quadratic spline map as one registered tfjs kernel on
 * the cpu and wasm backends, with its gradient as one more:
 *   FlowRQSpline     (x, θ) → (y, log|dy/dx|)          (or the inverse, attr `inverse`)
 *   FlowRQSplineGrad (x, θ, ∂L/∂y, ∂L/∂logdet) → (∂L/∂x, ∂L/∂θ)
 * The plain tfjs path records ~700 ops per layer, each costing ~26 µs of
 * bookkeeping for under 1 µs of arithmetic; these are two. The maths is in
 * rq-spline-math.ts. On other backends (webgl, webgpu) data lives on the GPU,
 * so the transform keeps its plain path there: splineKernelActive() decides.
 */
export const SPLINE_KERNEL = 'FlowRQSpline';
export const SPLINE_GRAD_KERNEL = 'FlowRQSplineGrad';
const HOSTS: readonly HostBackendName[] = ['cpu', 'wasm'];

type SplineAttrs = SplineSettings & { inverse: boolean };

const settingsOf = (attrs: NamedAttrMap | undefined): SplineAttrs => attrs as unknown as SplineAttrs;

function register(backendName: HostBackendName): void {
  if (!tf.getKernel(SPLINE_KERNEL, backendName)) {
    tf.registerKernel({
      kernelName: SPLINE_KERNEL,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => {
        const { x, theta } = inputs as { x: TensorInfo; theta: TensorInfo };
        const cfg = settingsOf(attrs);
        return runOnHost(backendName, backend, [x, theta], [x.shape, x.shape], ([xs, th], [y, ld]) => splineMap(cfg, cfg.inverse, xs, th, y, ld));
      },
    });
  }
  if (!tf.getKernel(SPLINE_GRAD_KERNEL, backendName)) {
    tf.registerKernel({
      kernelName: SPLINE_GRAD_KERNEL,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => {
        const { x, theta, dy, dlogdet } = inputs as Record<'x' | 'theta' | 'dy' | 'dlogdet', TensorInfo>;
        const cfg = settingsOf(attrs);
        return runOnHost(backendName, backend, [x, theta, dy, dlogdet], [x.shape, theta.shape], ([xs, th, gy, gl], [gx, gth]) =>
          splineGradient(cfg, cfg.inverse, xs, th, gy, gl, gx, gth),
        );
      },
    });
  }
}

HOSTS.forEach(register);
if (!tf.getGradient(SPLINE_KERNEL)) {
  tf.registerGradient({
    kernelName: SPLINE_KERNEL,
    inputsToSave: ['x', 'theta'],
    // One gradient kernel run for both inputs, here rather than in the closures:
    // tfjs runs each closure in its own tidy, which would dispose the other's
    // result. tfjs replaces the ∂ of an output nothing used by zeros.
    gradFunc: (dys, saved, attrs) => {
      const [dy, dlogdet] = dys as tf.Tensor[];
      const [x, theta] = saved;
      const [dx, dtheta] = tf.engine().runKernel(SPLINE_GRAD_KERNEL, { x, theta, dy, dlogdet }, attrs) as tf.Tensor[];
      return { x: () => dx, theta: () => dtheta };
    },
  });
}

let enabled = true;
/** Tests and benchmarks compare against the plain tfjs path by switching the kernel off. */
export function setSplineKernelEnabled(on: boolean): void {
  enabled = on;
}

/** The one place that chooses: the kernel on cpu and wasm, the plain tfjs path elsewhere. */
export function splineKernelActive(): boolean {
  return enabled && (HOSTS as readonly string[]).includes(tf.getBackend());
}

/** y = τ(x) (or τ⁻¹), and its log-derivative, for x of any shape S and θ of shape [...S, 3K − 1]. */
export function runSplineKernel(input: tf.Tensor, theta: tf.Tensor, settings: SplineSettings, inverse: boolean): { y: tf.Tensor; logAbsDet: tf.Tensor } {
  const attrs: SplineAttrs = { ...settings, inverse };
  const [y, logAbsDet] = tf.engine().runKernel(SPLINE_KERNEL, { x: input, theta }, attrs as unknown as NamedAttrMap) as tf.Tensor[];
  return { y, logAbsDet };
}
