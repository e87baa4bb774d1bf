import { flowInfo } from '../core/flows/registry';
import type { RunConfig } from '../engine/protocol';

/**
 * One wording for a flow's depth wherever the page counts layers. The Layers
 * setting counts the registry's unit (a Glow step is actnorm, LU 1×1 conv and
 * an affine coupling; NICE adds one closing actnorm); the Morph and the
 * Layers strip count bijector layers. Null when the two counts agree.
 */
export function depthWording(flow: RunConfig['flow'], setting: number, layers: number): string | null {
  if (layers === setting) return null;
  const named = flowInfo(flow).unit;
  const unit = named ? (setting === 1 ? named.one : named.many) : 'blocks';
  return `${setting} ${unit} = ${layers} layers`;
}
