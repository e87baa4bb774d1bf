/**
 * The typed messages between the main thread and the training worker. Only
 * plain numbers, strings and typed arrays cross (typed arrays transferred, not
 * copied); tensors never leave the worker.
 *
 * Type-only imports from core: the main thread must not load TensorFlow.js.
 */
import type { BackendName, MeasuredSpeed } from '../core/backend';
import type { ToyName } from '../core/data/toy';
import type { FlowType } from '../core/flows/recipes';
import type { RunKey, Settings } from '../state/settings';
import type { Figure, LikelihoodKind, ModelFamily } from '../core/models/density-model';

export type Family = ModelFamily;
export type { Figure, LikelihoodKind };
export type { BackendName };
export type BackendRequest = 'auto' | BackendName;

/** A user's drawn or imported points, [x0, y0, x1, y1, …]. */
export interface CustomPoints {
  label: string;
  points: Float32Array;
}

/** The data a run trains on: a toy density, or the points last sent with 'set-data'. */
export type DatasetChoice = ToyName | 'custom';

/**
 * Everything that defines a training run: the settings whose effect is 'reset'
 * or 'live' in the settings table (state/settings.ts), so a new one is declared
 * there once. A 'reset' setting changing starts a new run; a 'live' one is
 * applied to the run (engine/session.ts). `target` 'data' is maximum likelihood
 * on samples, 'energy' reverse KL against exp(−U).
 */
export type RunConfig = Omit<Pick<Settings, RunKey>, 'dataset'> & { dataset: DatasetChoice };

/** Whether b is a's run, the settings named in `except` aside (e.g. the live ones, which a run takes as it goes). */
export function sameConfig(a: RunConfig, b: RunConfig | undefined, except: readonly string[] = []): boolean {
  return !!b && (Object.keys(a) as (keyof RunConfig)[]).every((k) => except.includes(k) || a[k] === b[k]);
}

/** The region of the plane every panel shows; the density grid covers it cell-centred. */
export interface ViewBox {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * How the morph's base points are laid out in each snapshot: `samples` Gaussian
 * draws first, then `lines` polylines of `pointsPerLine` points each.
 */
export interface MorphLayout {
  samples: number;
  lines: number;
  pointsPerLine: number;
}

/**
 * What a run trains on and how the page frames it. The data plan makes it, the
 * session keeps it in its RunInfo, the 'run' message carries that, the store holds it.
 */
export interface RunData {
  datasetLabel: string;
  /** The lowest expected loss any model can reach (entropy, or −ln Z for an energy); null if unknown. */
  floor: number | null;
  /** How the chart names the floor ('entropy floor', '−ln Z'). */
  floorLabel: string;
  /** Why this data has no density floor at all (points with no area), or null. */
  dataWarning: string | null;
  box: ViewBox;
  /** Training points to draw, [x0, y0, x1, y1, …]. */
  points: Float32Array;
}

/** One run as the page knows it: its settings and data, and what the session built. */
export interface RunInfo extends RunData {
  gen: number;
  config: RunConfig;
  /** The file name of a loaded model, or null for a model trained from scratch. */
  loadedFrom: string | null;
  /** What the loaded model file said about itself; null or absent for a run trained from scratch. */
  loaded?: LoadSummary | null;
  /** Every model of the run (runFamilies), each trained in its own worker. */
  families: Family[];
  /** Kind of each flow layer, latent side first (the layer strip's labels). */
  layerKinds: string[];
  morph: MorphLayout;
}

/** What a model file said about itself, for the page's "loaded model" card. */
export interface LoadSummary {
  fileName: string;
  flow: FlowType;
  layers: number;
  /** Steps the file says it was trained for (the run's step count continues from it); null if it does not say. */
  steps: number;
  /** The dataset or energy name in the file, clipped ('' if none). */
  trainedOn: string;
  /** Its menu label when this page has that dataset or energy, else null (a CSV file, a drawing). */
  trainedOnLabel: string | null;
  /** The file's settings that were out of range or malformed and how they were read (as a link's notes). */
  adjusted: string[];
}

/**
 * One training step of the flow, described before it is taken ('walkthrough'):
 * the batch the next step will use, carried through the flow layer by layer,
 * and the terms of its loss. The loss is the trainer's own objective on that
 * batch with these weights, so it is the loss the step then reports.
 */
export interface WalkthroughFrame {
  /** The step count when described: the frame is about step `step + 1`. */
  step: number;
  target: 'data' | 'energy';
  batchSize: number;
  layers: number;
  /**
   * The batch after every layer, latent side first: snapshot 0 is z, snapshot
   * K is x (data mode: the batch itself; energy mode: the flow's samples).
   * Packed [K + 1][batch][2], like a trace.
   */
  path: Float32Array;
  /** Mean over the batch of log N(z; 0, I). */
  meanLogBase: number;
  /** Mean over the batch of Σ log|det| (data: of ∂z/∂x, the inverse pass; energy: of ∂x/∂z, the forward pass). */
  meanLogDet: number;
  /** Energy mode: mean U(x) over the batch (with the box wall); null for data. */
  meanEnergy: number | null;
  /** The step's loss on this batch: −mean log p(x) (data) or mean [log q(x) + U(x)] (energy). */
  loss: number;
  /** The previous frame's batch scored again now, when exactly its step has been taken since: the step's effect. */
  after: { step: number; before: number; after: number } | null;
}

/**
 * A look inside one flow layer ('cross-section'): for a coupling, its
 * element-wise map y_d = τ(x_d; θ(x_kept)) in the sampling direction, along
 * the transformed coordinate with the kept one fixed at `kept`. For a layer
 * that is not element-wise, `points` is null and `note` says what it does.
 */
export interface CrossSection {
  /** The layer, 1-based and latent side first, as in the layer strip. */
  layer: number;
  kind: string;
  kept: number;
  /** The coordinate the layer transforms (0 = x, 1 = y); null for a non-coupling layer. */
  transformDim: 0 | 1 | null;
  /** [x0, τ(x0), x1, τ(x1), …] along the cross-section; null for a non-coupling layer. */
  points: Float32Array | null;
  /** The spline's knots [x0, y0, …] where the transform has them, else null. */
  knots: Float32Array | null;
  /** What the layer does, in a sentence, when there is no curve to draw. */
  note: string | null;
}

export type ToWorker =
  /**
   * `family` is the model this worker trains: one worker per model, so each has
   * a core of its own. The flow's worker makes the runs and does everything
   * flow-specific; a baseline's worker builds nothing until told to 'follow'.
   */
  | { type: 'start'; backend: BackendRequest; config: RunConfig; running: boolean; family: Family }
  /**
   * A baseline's worker: train run `gen` (the flow worker's run of that number,
   * with this config), or bring it back if kept aside; train in at most `share`
   * of the wall time (engine/cpu-share.ts), so the flow keeps a core.
   */
  | { type: 'follow'; gen: number; config: RunConfig; share: number }
  /**
   * A baseline's worker: the flow's worker was just told to replace the run
   * (Reset, a model file, Undo). A Step from now on is for the run the next
   * 'follow' names, as it is in the flow's worker, not for the run in hand.
   */
  | { type: 'run-coming' }
  | { type: 'configure'; config: RunConfig }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'reset' }
  /** The user's own points; a run with dataset 'custom' trains on the latest. */
  | { type: 'set-data'; label: string; points: Float32Array }
  /** Post the flow as a model file ('model-file'). */
  | { type: 'save-model' }
  /** Replace the run with a model file's flow; a bad file leaves the run untouched ('load-failed'). */
  | { type: 'load-model'; fileName: string; text: string }
  /** Describe the flow's next step without taking it ('walkthrough'). */
  | { type: 'walkthrough' }
  /** Read one layer's element-wise map along a cross-section ('cross-section'). */
  | { type: 'cross-section'; layer: number; kept: number }
  /** Undo a settings change: bring back run `gen`, which the worker keeps aside until the next run replaces it. */
  | { type: 'restore-run'; gen: number }
  /** Test-only: make something fail on purpose (see engine/fault-hook.ts; only the browser tests send it). */
  | { type: 'fault'; fault: FaultKind };

/** The failures the browser tests inject: a kernel that throws mid-step, a rejected read-back, a dying worker, a lost GPU. */
export type FaultKind = 'kernel' | 'readback' | 'crash' | 'device-lost';
export const FAULT_KINDS: readonly FaultKind[] = ['kernel', 'readback', 'crash', 'device-lost'];

/** The worker's health, for the Backend details: live tensors and their memory, so a leak shows. */
export interface WorkerDiagnostics {
  tensors: number;
  tensorBytes: number;
}

/**
 * Every message about a run carries its generation; the main thread drops
 * stale ones. A baseline's worker takes its run's number from the flow's
 * worker ('follow'), so one number names the run in every worker. `step` is
 * the posting worker's own step count: models in separate workers do not
 * share one.
 */
interface RunMessage {
  gen: number;
  step: number;
}

export type FromWorker =
  | { type: 'backend'; name: BackendName; skipped: { name: string; reason: string }[]; measured?: MeasuredSpeed[] }
  /** Training cannot go on (no backend, a model that cannot be built or a step that threw) until settings change or Reset. */
  /** `gen`: the run that failed, when it is one run's failure (a step that threw, a build); none for the worker's own (no backend). */
  | { type: 'fatal'; message: string; gen?: number }
  /** Something the student should know that did not stop training (a rollback, a failed read-back). */
  | { type: 'notice'; gen: number; message: string }
  | ({ type: 'run' } & RunInfo)
  /** `warmupFrom`: the step the flow's lr warm-up counts from (0, or its last rollback; Trainer.warmupStart). */
  | (RunMessage & { type: 'progress'; running: boolean; stepsPerSec: number; msPerStep: Partial<Record<Family, number>>; warmupFrom?: number })
  | (RunMessage & { type: 'losses'; losses: Partial<Record<Family, Record<string, number>>> })
  /** `method` says how the log-densities were computed, for the panel's label. */
  | (RunMessage & { type: 'density'; family: Family; method: string; size: number; logDensity: Float32Array })
  | (RunMessage & { type: 'trace'; layers: number; snapshots: Float32Array })
  | (RunMessage & { type: 'samples'; family: Family; points: Float32Array })
  | (RunMessage & { type: 'evaluation'; family: Family; figures: Figure[] })
  /** Energy mode: the target's log-density −U − ln Z on the density grid, once per run. */
  | { type: 'target'; gen: number; size: number; logDensity: Float32Array }
  | { type: 'model-file'; gen: number; fileName: string; text: string }
  | (WalkthroughFrame & { type: 'walkthrough'; gen: number })
  | (RunMessage & { type: 'cross-section'; section: CrossSection })
  | { type: 'load-failed'; fileName: string; message: string }
  | ({ type: 'diagnostics' } & WorkerDiagnostics);

/** The buffers of a message, for postMessage's transfer list. */
export function transferablesOf(msg: FromWorker): ArrayBuffer[] {
  const arrays: Float32Array[] = [];
  if (msg.type === 'run') arrays.push(msg.points);
  if (msg.type === 'density' || msg.type === 'target') arrays.push(msg.logDensity);
  if (msg.type === 'trace') arrays.push(msg.snapshots);
  if (msg.type === 'samples') arrays.push(msg.points);
  if (msg.type === 'walkthrough') arrays.push(msg.path);
  if (msg.type === 'cross-section') for (const a of [msg.section.points, msg.section.knots]) if (a) arrays.push(a);
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
