import { expect } from 'vitest';

/**
 * Each tensor a kernel path produced (as plain arrays) within `rel` of the
 * plain tfjs path's, relative to that tensor's largest entry: the shared
 * yardstick of the kernel tests. Returns each tensor's scale, for tests that
 * also want it away from zero.
 */
export function expectSameAsPlain(host: number[][], plain: number[][], rel = 1e-5): number[] {
  expect(host.length).toBe(plain.length);
  return host.map((values, t) => {
    expect(values.length, `tensor ${t}'s size`).toBe(plain[t].length);
    const scale = Math.max(1e-30, ...plain[t].map(Math.abs));
    const worst = Math.max(...values.map((v, i) => Math.abs(v - plain[t][i])));
    expect(worst / scale, `tensor ${t}`).toBeLessThanOrEqual(rel);
    return scale;
  });
}
