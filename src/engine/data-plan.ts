import { describeDegeneracy } from '../core/data/degenerate';
import { ENERGY_BOX, ENERGY_INFO } from '../core/data/energy-catalog';
import { heldOutBaseNoise } from '../core/data/base-noise';
import { pointsSource, toySource, type DataSource } from '../core/data/source';
import { TOY_DATASETS } from '../core/data/toy';
import type { CustomPoints, RunConfig, RunData } from './protocol';
import { boxAroundPoints, viewBoxFor } from './view-box';

/**
 * Points of the fixed held-out subsets the live figures use (the full 50k would
 * stall the tab). 5 × 1024, in chunks of the density grid's shape: WebGPU
 * compiles a shader per tensor shape, and on a software adapter each compile
 * costs seconds.
 */
export const TEST_POINTS = 5120;
export const VALIDATION_POINTS = 2000;
/** Training points drawn in the Data panel. */
const SHOWN_POINTS = 2000;

/** What a run trains on, and (`data`) how the page frames it: the same shape for toy, user and energy runs. */
export interface DataPlan {
  /** Batches for the flow; null in energy mode, where the flow draws its own base noise. */
  source: DataSource | null;
  /** Another stream of the same data for the baselines (index 1, 2, …), so they do not change the flow's batches. */
  sourceFor(index: number): DataSource;
  /** The part the page sees, carried unchanged into the session's RunInfo. */
  data: RunData;
  /**
   * Held-out points of the live figures. In energy mode: fixed base-noise
   * draws z, pushed through the flow for the Monte-Carlo loss estimate.
   */
  test: Float32Array;
  validation: Float32Array;
}

export function planData(config: RunConfig, custom: CustomPoints | null): DataPlan {
  if (config.target === 'energy') return energyPlan(config);
  if (config.dataset === 'custom') {
    if (!custom) throw new Error('no drawn or imported points to train on');
    return customPlan(config, custom);
  }
  return toyPlan(config, config.dataset);
}

function toyPlan(config: RunConfig, name: keyof typeof TOY_DATASETS): DataPlan {
  // Only as many held-out points as the live figures use: the same leading points of the
  // seed's test and validation streams as the CLI's 50k, without generating the rest.
  const source = toySource(name, config.seed, { testSize: TEST_POINTS, validationSize: VALIDATION_POINTS + SHOWN_POINTS });
  return {
    source,
    sourceFor: (i) => toySource(name, config.seed + 101 * i),
    data: { datasetLabel: TOY_DATASETS[name].label, floor: TOY_DATASETS[name].entropy, floorLabel: 'entropy floor', dataWarning: null, box: viewBoxFor(name), points: source.validation.subarray(2 * VALIDATION_POINTS) },
    test: source.test,
    validation: source.validation.subarray(0, 2 * VALIDATION_POINTS),
  };
}

/**
 * The user's points: the core's 80/20 split (the same as the CLI's for this
 * seed), the live figures on the first TEST_POINTS of the held-out part. No
 * entropy floor: nobody knows the density these points came from.
 */
function customPlan(config: RunConfig, custom: CustomPoints): DataPlan {
  const source = pointsSource(custom.points, config.seed, custom.label);
  const n = custom.points.length / 2;
  const stride = Math.max(1, Math.floor(n / SHOWN_POINTS));
  const shown = new Float32Array(2 * Math.ceil(n / stride));
  for (let i = 0, j = 0; i < n; i += stride, j++) shown.set(custom.points.subarray(2 * i, 2 * i + 2), 2 * j);
  return {
    source,
    sourceFor: (i) => pointsSource(custom.points, config.seed + 101 * i, custom.label),
    data: { datasetLabel: custom.label, floor: null, floorLabel: 'entropy floor', dataWarning: describeDegeneracy(custom.points)?.message ?? null, box: boxAroundPoints(custom.points), points: shown },
    test: source.test.subarray(0, 2 * TEST_POINTS),
    validation: source.validation.subarray(0, 2 * VALIDATION_POINTS),
  };
}

/**
 * Reverse KL against exp(−U): no data at all. The "test set" is a fixed draw
 * of base noise for the held-out Monte-Carlo figure; the floor is −ln Z.
 */
function energyPlan(config: RunConfig): DataPlan {
  const info = ENERGY_INFO[config.energy];
  return {
    source: null,
    sourceFor: () => {
      throw new Error('the VAE, GAN and autoregressive model need samples; an energy has none');
    },
    data: { datasetLabel: info.label, floor: -info.logZ, floorLabel: '−ln Z', dataWarning: null, box: { x0: -ENERGY_BOX, x1: ENERGY_BOX, y0: -ENERGY_BOX, y1: ENERGY_BOX }, points: new Float32Array(0) },
    test: heldOutBaseNoise(TEST_POINTS, config.seed),
    validation: new Float32Array(0),
  };
}

