import { storedPoints } from './series';
import type { AppState } from './store';
import type { Series, WalkthroughFrame } from './types';

/** The panels by accessible name (the Panel component's `name`). */
export type PanelName = 'Data' | 'Density' | 'Morph' | 'Layers' | 'NLL chart' | 'Metrics';

export interface Phase {
  title: string;
  /** One plain sentence for a student. */
  sentence: string;
  /** The panels this phase touches, highlighted while it is shown. */
  panels: PanelName[];
}

/**
 * One training step of maximum likelihood, slowed down to its phases. The
 * last phase is where the step is actually taken (see StepWalkthrough).
 */
const DENSITY_PHASES: Phase[] = [
  {
    title: 'Sample a batch',
    sentence: 'Draw a minibatch of training points from the data.',
    panels: ['Data'],
  },
  {
    title: 'Inverse pass',
    sentence: 'Push each point backwards through every layer, from the data side to the Gaussian.',
    panels: ['Layers', 'Morph'],
  },
  {
    title: 'Sum of log-determinants',
    sentence: 'Add up how much each layer stretched or squeezed the space around each point: its log|det J|.',
    panels: ['Layers'],
  },
  {
    title: 'Loss',
    sentence: 'The loss is the average negative log-likelihood: −log N(z; 0, I) minus the summed log-determinants.',
    panels: ['NLL chart', 'Metrics'],
  },
  {
    title: 'Gradient step',
    sentence: 'Adam moves every weight a little downhill on the loss, and the learned density changes with it.',
    panels: ['Density', 'Morph'],
  },
];

/** The same step when fitting an energy: samples come from the flow, not from data. */
const ENERGY_PHASES: Phase[] = [
  {
    title: 'Sample a batch',
    sentence: 'Draw a batch of points from the base Gaussian (there is no data, only the energy U).',
    panels: ['Morph'],
  },
  {
    title: 'Forward pass',
    sentence: 'Push each point forwards through every layer, from the Gaussian to the plane of the target.',
    panels: ['Layers', 'Morph'],
  },
  {
    title: 'Sum of log-determinants',
    sentence: 'Subtract each layer’s log|det J| from log N(z) to get log q(x), the flow’s exact density at each point.',
    panels: ['Layers'],
  },
  {
    title: 'Loss',
    sentence: 'The loss is the average of log q(x) + U(x): the reverse KL to the target, minus ln Z, so it can never go below −ln Z.',
    panels: ['NLL chart', 'Metrics'],
  },
  {
    title: 'Gradient step',
    sentence: 'Adam moves every weight a little downhill on the loss, and the flow’s density moves towards the target.',
    panels: ['Density', 'Data'],
  },
];

export function phasesFor(target: 'data' | 'energy'): Phase[] {
  return target === 'energy' ? ENERGY_PHASES : DENSITY_PHASES;
}

/** Whether the walkthrough's current phase touches the panel (for its highlight). */
export function isPanelHighlighted(state: AppState, panel: PanelName): boolean {
  if (state.walkthrough === null) return false;
  return phasesFor(state.settings.target)[state.walkthrough]?.panels.includes(panel) ?? false;
}

/** One number the walkthrough shows, with its accessible name. */
export interface StepFigure {
  name: string;
  value: string;
}

const fixed = (v: number) => (Number.isFinite(v) ? v.toFixed(4).replace('-', '−') : '—');

/**
 * The figures of a described step, as far as the walkthrough has got: each
 * phase adds its own (the batch, log N(z), the summed log-determinants, the
 * loss). Cumulative, so the loss is seen next to the terms it is made of.
 */
export function stepFigures(frame: WalkthroughFrame, phase: number): StepFigure[] {
  const energy = frame.target === 'energy';
  const out: StepFigure[] = [{ name: energy ? 'Base draws z' : 'Batch size', value: frame.batchSize.toLocaleString('en-US') }];
  if (phase >= 1) out.push({ name: 'Mean log N(z; 0, I)', value: fixed(frame.meanLogBase) });
  if (phase >= 2) out.push({ name: energy ? 'Mean Σ log|det ∂x/∂z|' : 'Mean Σ log|det ∂z/∂x|', value: fixed(frame.meanLogDet) });
  if (phase >= 3 && energy && frame.meanEnergy !== null) out.push({ name: 'Mean U(x)', value: fixed(frame.meanEnergy) });
  if (phase >= 3) out.push({ name: 'Loss', value: fixed(frame.loss) });
  return out;
}

/** How the loss is made of the terms, with the numbers in (shown from the Loss phase on). */
export function lossFormula(frame: WalkthroughFrame): string {
  if (frame.target === 'energy') {
    return `loss = mean log N(z) − mean Σ log|det| + mean U = ${fixed(frame.meanLogBase)} − ${fixed(frame.meanLogDet)} + ${fixed(frame.meanEnergy ?? Number.NaN)} = ${fixed(frame.loss)}`;
  }
  return `loss = −(mean log N(z) + mean Σ log|det|) = −(${fixed(frame.meanLogBase)} + ${fixed(frame.meanLogDet)}) = ${fixed(frame.loss)}`;
}

/**
 * The loss the trainer reported for exactly step `step`: the flow's train
 * curve point at that step, when the point before it is the step before (the
 * worker reads the losses before describing a step, so a one-step read is one
 * step's loss). Null when the read covered more than that step. `runStart`:
 * the step count the run began at (a loaded model's).
 */
export function reportedStepLoss(curves: readonly Series[], step: number, runStart = 0): number | null {
  const train = curves.find((c) => c.id === 'flow:train');
  if (!train) return null;
  const { steps, values } = storedPoints(train.points);
  const i = steps.lastIndexOf(step);
  if (i < 0) return null;
  const previous = i > 0 ? steps[i - 1] : null;
  return previous === step - 1 || (previous === null && step === runStart + 1) ? values[i] : null;
}
