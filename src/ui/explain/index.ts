// What the layout mounts from this folder (see each file for where).
export { ExplainButton } from './ExplainButton';
export { ExplainDialog } from './ExplainDialog';
export { StepWalkthrough } from './StepWalkthrough';
export { WalkthroughButton } from './WalkthroughButton';
