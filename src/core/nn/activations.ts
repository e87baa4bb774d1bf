/** The hidden-layer nonlinearities the networks offer; tensor-free, so model-file checks and the page's settings can name them without loading tfjs. */
export const ACTIVATIONS = ['relu', 'tanh', 'elu', 'leakyrelu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
