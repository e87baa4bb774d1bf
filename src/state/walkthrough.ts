import type { AppState } from './store';

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
