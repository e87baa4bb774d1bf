/**
 * A restrained palette that survives a washed-out projector: dark ink on
 * white, one hue per model family (Okabe–Ito, distinguishable with the common
 * colour-vision deficiencies; each family's hue and heat-map ramp are in its
 * entry in state/families.ts), and grey for the data.
 */
export const INK = '#1f2328';
export const MUTED = '#656d76';
export const RULE = '#d0d7de';
export const DATA_POINT = '#8c959f';

/**
 * White to deep purple for an energy's target density exp(−U): a hue no model
 * family uses, so the target beside the flow's blue density is never mistaken
 * for it.
 */
export const TARGET_RAMP: readonly string[] = ['#ffffff', '#b8a9d9', '#3f1d78'];

/** Quadrants of the base Gaussian, so a student can follow where each part of it goes. */
export const QUADRANT_COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7'];

export const FONT = '13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
export const SMALL_FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
