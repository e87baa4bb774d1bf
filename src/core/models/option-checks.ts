/**
 * The size checks the VAE, GAN and autoregressive baseline run on their
 * options, written once so each refuses a bad size with the same words.
 */

/** Throws unless `value` is an integer in [min, max]. */
export function requireIntegerIn(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got ${value}`);
}

/** The bounds every baseline's small MLPs share. */
export function requireNetworkSize(hidden: number, depth: number): void {
  requireIntegerIn('hidden', hidden, 1, 1024);
  requireIntegerIn('depth', depth, 1, 8);
}
