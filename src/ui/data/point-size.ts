/** A projected image washes out thin dots; this makes them readable from the back of the room. */
export const PROJECTOR_SCALE = 1.6;

export function dotRadius(base: number, projector: boolean): number {
  return projector ? base * PROJECTOR_SCALE : base;
}
