import * as tf from '@tensorflow/tfjs-core';
// The worker bundles tfjs-core's ES modules, which register no gradients until asked (see core/backend.ts).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import { BROWSER_ORDER, chooseBackend, type BackendChoice, type BackendName } from '../core/backend';
import { chooseByTiming, type TrialModel } from './backend-trial';
import type { BackendRequest } from './protocol';
import { patchWebGpuAddN } from './webgpu-addn';

/**
 * Start TensorFlow.js in the worker on the requested backend.
 *
 * The wasm binaries are bundled (Vite `?url`), never fetched from a CDN. Only
 * the single-threaded build is offered: threads need SharedArrayBuffer, which
 * needs cross-origin isolation headers a static file server will not send.
 */
export async function startBackend(request: BackendRequest, model: TrialModel): Promise<BackendChoice> {
  // The wasm glue loads while Auto probes the GPUs; an explicit WebGPU or CPU run never loads it.
  const wasmReady = request === 'auto' || request === 'wasm' ? prepareWasm() : Promise.resolve();
  let choice: BackendChoice;
  if (request === 'auto') {
    const unfit = await unfitGpuBackends();
    await wasmReady;
    choice = await chooseAutomatically(unfit, model);
  } else {
    await wasmReady;
    choice = await chooseBackend([request]).catch(async (err) => {
      // A dead page teaches nothing: fall back to the automatic choice and say why.
      const reason = err instanceof Error ? err.message : String(err);
      await prepareWasm();
      const fallback = await chooseAutomatically(await unfitGpuBackends(), model);
      return { ...fallback, skipped: [{ name: request, reason }, ...fallback.skipped] };
    });
  }
  readyForTraining(choice.name);
  return choice;
}

const readyForTraining = (name: BackendName) => {
  if (name === 'webgpu') patchWebGpuAddN();
};

/**
 * The backend after `lost` in the browser's order (webgpu → webgl → wasm →
 * cpu) that starts. No fitness check here: after a lost GPU, a slow backend
 * that keeps the run beats none.
 */
export async function fallBackFrom(lost: BackendName): Promise<BackendChoice> {
  const rest = BROWSER_ORDER.slice(BROWSER_ORDER.indexOf(lost) + 1);
  if (rest.includes('wasm')) await prepareWasm();
  return chooseBackend(rest);
}

async function prepareWasm(): Promise<void> {
  try {
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
    // setWasmPaths insists on an entry for the threaded build too; it is never
    // fetched because multithreading is switched off just below.
    setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmUrl, 'tfjs-backend-wasm-simd.wasm': wasmSimdUrl, 'tfjs-backend-wasm-threaded-simd.wasm': wasmSimdUrl });
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  } catch {
    // chooseBackend will try the import again and record why wasm was skipped.
  }
}

/** The backends Auto times; cpu is the last resort only, never faster than wasm. */
const TIMED: readonly BackendName[] = ['webgpu', 'webgl', 'wasm'];

async function chooseAutomatically(unfit: Map<BackendName, string>, model: TrialModel): Promise<BackendChoice> {
  const passedOver = [...unfit].map(([name, reason]) => ({ name, reason }));
  const timed = await chooseByTiming(TIMED.filter((name) => !unfit.has(name)), model, readyForTraining);
  if (timed) return { ...timed, skipped: [...passedOver, ...timed.skipped] };
  const last = await chooseBackend(['cpu']);
  return { name: last.name, skipped: [...passedOver, ...last.skipped], measured: [] };
}

/**
 * GPU backends Auto should not try, with the reason: absent ones (tfjs would
 * log a warning trying them) and ones whose only device is a software
 * rasteriser (SwiftShader, llvmpipe), which initialise fine but run tens of
 * times slower than WASM.
 */
async function unfitGpuBackends(): Promise<Map<BackendName, string>> {
  const unfit = new Map<BackendName, string>();
  const software = /swiftshader|llvmpipe|lavapipe|software|basic render/i;
  const slow = 'software renderer only (slower than WASM); pick it under Backend override to use it anyway';
  try {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
    const adapter = gpu ? await gpu.requestAdapter() : null;
    if (!adapter) unfit.set('webgpu', 'no WebGPU adapter');
    else {
      const info = adapter.info ?? {};
      const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''} ${info.device ?? ''}`;
      if (adapter.isFallbackAdapter || info.isFallbackAdapter || software.test(text)) unfit.set('webgpu', slow);
    }
  } catch {
    unfit.set('webgpu', 'no WebGPU adapter');
  }
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) unfit.set('webgl', 'no WebGL 2 context');
    else {
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
      if (software.test(renderer)) unfit.set('webgl', slow);
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    unfit.set('webgl', 'no WebGL 2 context');
  }
  return unfit;
}

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string; device?: string; isFallbackAdapter?: boolean };
}
