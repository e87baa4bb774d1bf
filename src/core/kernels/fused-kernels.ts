import { hostKernelsActive, recordingGradients } from './host-kernel';
import { webgpuKernelsActive } from './webgpu-kernel';

/**
 * The one switch between the fused kernels and the plain tfjs path. The host
 * kernels (cpu, wasm) and the WGSL ones (webgpu) share kernel names and
 * callers; which backend runs them is tfjs's registry's business.
 */
export function fusedKernelsActive(): boolean {
  return hostKernelsActive() || webgpuKernelsActive();
}

/**
 * Whether a whole-network kernel (a fused coupling) should run now. On the
 * host only under a gradient tape: a forward-only pass over many rows runs
 * faster on tfjs's matMul there (see recordingGradients). On webgpu always:
 * what costs there is the number of dispatches, and the fused forward is one
 * per layer where the plain path is a dozen.
 */
export function fusedNetworkKernelsActive(): boolean {
  return webgpuKernelsActive() || (hostKernelsActive() && recordingGradients());
}
