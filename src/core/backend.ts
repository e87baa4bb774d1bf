import * as tf from '@tensorflow/tfjs';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** The browser tries the fastest first; Node has no GPU backend without tfjs-node. */
export const BROWSER_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
export const NODE_ORDER: readonly BackendName[] = ['wasm', 'cpu'];

/** The optional backends live in their own packages: load them only when asked for. */
async function register(name: BackendName): Promise<void> {
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
}

export interface BackendChoice {
  name: BackendName;
  /** Why each earlier candidate was passed over, for the status line. */
  skipped: { name: BackendName; reason: string }[];
}

/**
 * Activate the first backend in `order` that initialises. Each failure is
 * recorded rather than thrown, so the app can say why it is not on WebGPU.
 */
export async function chooseBackend(order: readonly BackendName[]): Promise<BackendChoice> {
  const skipped: BackendChoice['skipped'] = [];
  for (const name of order) {
    try {
      await register(name);
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { name, skipped };
      }
      skipped.push({ name, reason: 'failed to initialise' });
    } catch (err) {
      skipped.push({ name, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  throw new Error(`no TensorFlow.js backend could start: ${skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}`);
}

export function activeBackend(): BackendName {
  return tf.getBackend() as BackendName;
}
