import type { RunConfig } from '../engine/protocol';

/**
 * One wording for a flow's depth wherever the page counts layers. The Layers
 * setting counts Glow steps (actnorm, LU 1×1 conv and an affine coupling
 * each) and NICE couplings (plus one closing actnorm); the Morph and the
 * Layers strip count bijector layers. Null when the two counts agree.
 */
export function depthWording(flow: RunConfig['flow'], setting: number, layers: number): string | null {
  if (layers === setting) return null;
  const unit = flow === 'glow' ? (setting === 1 ? 'Glow step' : 'Glow steps') : flow === 'nice' ? (setting === 1 ? 'coupling + actnorm' : 'couplings + actnorm') : 'blocks';
  return `${setting} ${unit} = ${layers} layers`;
}
