import type { FromWorker, RunConfig } from '../../../src/engine/protocol';

/** The page's default run: RealNVP 8 × 64 on two moons. */
export const CONFIG: RunConfig = { target: 'data', energy: 'u1', dataset: 'moons', flow: 'realnvp', layers: 8, hidden: 64, lr: 3e-3, batch: 256, seed: 0, vae: false, gan: false, autoregressive: false };

/** A worker's 'run' message for `gen`, as small as the store accepts (a flow on moons). */
export function runMessage(gen: number, config: RunConfig = CONFIG, loadedFrom: string | null = null): FromWorker {
  return {
    type: 'run',
    gen,
    config,
    datasetLabel: 'Two moons',
    floor: 2.39,
    floorLabel: 'entropy floor',
    dataWarning: null,
    loadedFrom,
    box: { x0: -3, x1: 3, y0: -3, y1: 3 },
    points: new Float32Array(4),
    families: ['flow'],
    layerKinds: ['affine-coupling'],
    morph: { samples: 1, lines: 0, pointsPerLine: 0 },
  };
}
