import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BYTES_MODULE, bytesModule, compileKernels } from '../../../scripts/build-kernels';

describe('the committed WebAssembly kernels', () => {
  it('are exactly what the AssemblyScript source compiles to (run `npm run build:kernels` after editing it)', async () => {
    const fresh = await compileKernels();
    expect(fresh.length).toBeGreaterThan(1000);
    // Starts with the wasm magic number, and the committed module is this compile, byte for byte.
    expect(Array.from(fresh.slice(0, 4))).toEqual([0x00, 0x61, 0x73, 0x6d]);
    expect(readFileSync(BYTES_MODULE, 'utf8')).toBe(bytesModule(fresh));
  }, 60_000);
});
