import * as tf from '@tensorflow/tfjs-core';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** The browser tries the fastest first; Node has no GPU backend without tfjs-node. */
export const BROWSER_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
export const NODE_ORDER: readonly BackendName[] = ['wasm', 'cpu'];

/**
 * Every backend lives in its own package: load one only when asked for, so a
 * page on wasm never downloads WebGL's shaders. The core is tfjs-core alone
 * (not the @tensorflow/tfjs bundle, whose layers, converter and data APIs
 * nothing here uses, and the worker would parse for nothing).
 */
async function register(name: BackendName): Promise<void> {
  if (name === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  if (name === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
}

export interface BackendChoice {
  name: BackendName;
  /** Why each earlier candidate was passed over, for the status line. */
  skipped: { name: BackendName; reason: string }[];
  /** Auto's timed training steps on each candidate it tried (empty for a named backend). */
  measured?: MeasuredSpeed[];
}

export interface MeasuredSpeed {
  name: BackendName;
  stepsPerSecond: number;
}

/**
 * Activate the first backend in `order` that initialises. Each failure is
 * recorded rather than thrown, so the app can say why it is not on WebGPU.
 */
export async function chooseBackend(order: readonly BackendName[]): Promise<BackendChoice> {
  const skipped: BackendChoice['skipped'] = [];
  for (const name of order) {
    const reason = await activate(name);
    if (reason === null) return { name, skipped };
    skipped.push({ name, reason });
  }
  throw new Error(`no TensorFlow.js backend could start: ${skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}`);
}

/** Make `name` the active backend; null when it started, else why not. */
export async function activate(name: BackendName): Promise<string | null> {
  try {
    await register(name);
    if (!(await tf.setBackend(name))) return 'failed to initialise';
    await tf.ready();
    requireGradients();
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * tfjs-core registers no gradients by itself; each entry point does, once:
 * the browser worker from tfjs-core's ES modules (engine/backend-setup.ts),
 * Node from the @tensorflow/tfjs bundle (core/node-gradients.ts), the only
 * CommonJS build that carries them. Without them training would fail at the
 * first step with a less helpful message.
 */
function requireGradients(): void {
  if (!tf.getGradient('Multiply')) throw new Error('TensorFlow.js gradients are not registered: import core/node-gradients (Node) or tfjs-core/dist/register_all_gradients (browser) first');
}
