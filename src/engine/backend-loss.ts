import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../core/backend';

/*
 * A GPU can go away under a running page: a driver reset, another tab taking
 * the GPU, a laptop switching graphics cards. WebGPU reports it through
 * `device.lost`, WebGL through 'webglcontextlost' on the backend's canvas.
 * Either way every tensor on that backend is gone, so the worker must hear of
 * it and move to the next backend (see Scheduler.fallBack).
 */

/** How often a WebGL context is asked whether it is lost: isContextLost() is a flag read, no GPU work. */
const LOST_POLL_MS = 500;

interface WebGpuBackendLike {
  device?: { lost?: Promise<{ reason?: string; message?: string }>; destroy?(): void };
}
interface WebGlBackendLike {
  gpgpu?: { gl?: WebGL2RenderingContext };
}

/** Call `onLost` once, with a one-line reason, if the active GPU backend loses its device. */
export function watchBackendLoss(name: BackendName, onLost: (reason: string) => void): void {
  let fired = false;
  const once = (reason: string) => {
    if (fired) return;
    fired = true;
    onLost(reason);
  };
  if (name === 'webgpu') {
    const device = (tf.backend() as unknown as WebGpuBackendLike).device;
    void device?.lost?.then((info) => once(`the WebGPU device was lost (${info.message || info.reason || 'no reason given'})`));
  }
  if (name === 'webgl') {
    const gl = (tf.backend() as unknown as WebGlBackendLike).gpgpu?.gl;
    if (!gl) return;
    const lost = () => {
      clearInterval(poll);
      once('the WebGL context was lost');
    };
    gl.canvas.addEventListener('webglcontextlost', lost);
    // Chromium does not always deliver the event to a worker's OffscreenCanvas; the flag is set at once.
    const poll = setInterval(() => {
      if (gl.isContextLost()) lost();
    }, LOST_POLL_MS);
  }
}

/**
 * Test-only (fault-hook.ts): lose the active GPU device as a driver reset would.
 * Returns false on a backend without a device to lose.
 */
export function loseDevice(): boolean {
  const name = tf.getBackend();
  if (name === 'webgpu') {
    const device = (tf.backend() as unknown as WebGpuBackendLike).device;
    if (!device?.destroy) return false;
    device.destroy();
    return true;
  }
  if (name === 'webgl') {
    const lose = (tf.backend() as unknown as WebGlBackendLike).gpgpu?.gl?.getExtension('WEBGL_lose_context');
    if (!lose) return false;
    lose.loseContext();
    return true;
  }
  return false;
}
