/**
 * White to deep purple for the energy's target density exp(−U): a hue no model
 * family uses, so the target beside the flow's blue density is never mistaken
 * for it. (Belongs with the ramps in viz/palette.ts; kept here while that file
 * is someone else's.)
 */
export const TARGET_RAMP: readonly string[] = ['#ffffff', '#b8a9d9', '#3f1d78'];
