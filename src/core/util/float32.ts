/**
 * The gap between adjacent float32 values near `v`: how finely a coordinate of
 * that size can be stored at all. Points are float32 from the moment they are
 * loaded, and training runs in float32, so two values closer than this are
 * the same value.
 */
export function float32Spacing(v: number): number {
  const a = Math.abs(v);
  if (!(a >= 2 ** -126)) return 2 ** -149; // zero and subnormals: the smallest step
  let e = Math.floor(Math.log2(a));
  // log2 can land one off at exact powers of two; settle it exactly.
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return 2 ** (e - 23);
}
