import type { BackendName, CustomPoints, Family, Figure, LikelihoodKind, LoadSummary, MorphLayout, RunInfo, ViewBox, WalkthroughFrame } from '../engine/protocol';
import type { BoundedSeries } from './series';

/*
 * What the main thread keeps about the worker's run: plain numbers, strings
 * and typed arrays, never tensors. The shapes are the protocol's (type-only
 * imports: the store never talks to the worker itself).
 */
export type { Family, Figure, LikelihoodKind, LoadSummary, MorphLayout, RunInfo, ViewBox, WalkthroughFrame };

/** Points the user drew or imported, [x0, y0, x1, y1, …]. */
export type CustomData = CustomPoints;

export interface DensityFrame {
  step: number;
  /** How it was computed ('exact', 'IWAE, k = 16', …). */
  method: string;
  /** Cells per side; log-densities row-major from the bottom row of the view box. */
  size: number;
  logDensity: Float32Array;
}

export interface TraceFrame {
  step: number;
  /** Number of layers K; snapshots holds K + 1 copies of the morph's points. */
  layers: number;
  snapshots: Float32Array;
}

export interface Evaluation {
  step: number;
  figures: Figure[];
}

/** One line of the NLL chart. */
export interface Series {
  id: string;
  family: Family;
  label: string;
  kind: LikelihoodKind;
  split: 'train' | 'test';
  /** Bounded: recent points exact, older ones as min/max envelopes (state/series.ts). */
  points: BoundedSeries;
}

export interface BackendInfo {
  name: BackendName | null;
  skipped: { name: string; reason: string }[];
  /** Steps per second Auto measured on each backend it tried (empty when a backend was named). */
  measured: { name: string; stepsPerSecond: number }[];
}
