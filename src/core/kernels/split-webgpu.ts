import * as tf from '@tensorflow/tfjs-core';
import { bindingsWgsl, MAX_STORAGE_BINDINGS, runRawProgram } from './webgpu-dispatch';

/**
 * A flat float32 buffer cut into consecutive pieces (and, packOnWebgpu below, pieces packed into one), each its own tensor in
 * its own shape, up to 7 pieces per dispatch (one storage binding is the
 * source): tfjs's Slice is one dispatch per piece. Used where one kernel
 * packs several results into one buffer (Adam's parameters and moments, a
 * coupling's weight gradients).
 *
 * One invocation per element of the group: element i goes to the piece whose
 * range [offset_k, offset_k + size_k) holds it (offsets baked into the shader,
 * so one pipeline per layout).
 */
const WORKGROUP = 64;
const PIECES_PER_DISPATCH = MAX_STORAGE_BINDINGS - 1;

function splitCode(sizes: readonly number[]): string {
  const names = sizes.map((_, k) => `piece${k}`);
  let offset = 0;
  const branches = sizes.map((size, k) => {
    const branch = `if (i < ${offset + size}u) { piece${k}[i - ${offset}u] = src[u.base + i]; return; }`;
    offset += size;
    return branch;
  });
  return `${bindingsWgsl('base : u32, total : u32,', ['src'], names)}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let i = gid.x;
  if (i >= u.total) { return; }
  ${branches.join('\n  ')}
}`;
}

/**
 * `flat[begin + …]` as consecutive pieces of the given shapes (float32 tensor
 * infos owned by the caller), ⌈pieces / 7⌉ dispatches.
 */
export function splitOnWebgpu(backend: unknown, flat: tf.TensorInfo, shapes: readonly number[][], begin = 0): tf.TensorInfo[] {
  const out: tf.TensorInfo[] = [];
  let base = begin;
  for (let first = 0; first < shapes.length; first += PIECES_PER_DISPATCH) {
    const group = shapes.slice(first, first + PIECES_PER_DISPATCH);
    const sizes = group.map((s) => tf.util.sizeFromShape(s));
    const total = sizes.reduce((a, b) => a + b, 0);
    out.push(
      ...runRawProgram(backend, {
        key: `flowPlaygroundSplit/${sizes.join(',')}`,
        code: splitCode(sizes),
        inputs: [flat],
        outputShapes: group,
        // u32 fields are filled as int32 (same bits for these non-negative counts).
        uniforms: [
          { type: 'int32', value: base },
          { type: 'int32', value: total },
        ],
        workgroups: [Math.ceil(total / WORKGROUP), 1, 1],
      }),
    );
    base += total;
  }
  return out;
}

function packCode(sizes: readonly number[]): string {
  const names = sizes.map((_, k) => `piece${k}`);
  let offset = 0;
  const branches = sizes.map((size, k) => {
    const branch = `if (i < ${offset + size}u) { dst[u.base + i] = piece${k}[i - ${offset}u]; return; }`;
    offset += size;
    return branch;
  });
  return `${bindingsWgsl('base : u32, total : u32,', names, [], ['dst'])}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid : vec3<u32>) {
  let i = gid.x;
  if (i >= u.total) { return; }
  ${branches.join('\n  ')}
}`;
}

/**
 * The reverse: float32 tensors laid end to end in one new flat tensor (owned
 * by the caller), 7 per dispatch into the one buffer, written in place; tfjs's
 * Concat of more than 7 needs a further round of dispatches to join its groups.
 */
export function packOnWebgpu(backend: unknown, pieces: readonly tf.TensorInfo[]): tf.TensorInfo {
  const sizes = pieces.map((p) => tf.util.sizeFromShape(p.shape));
  const total = sizes.reduce((a, b) => a + b, 0);
  const dst = (backend as { makeTensorInfo(shape: number[], dtype: tf.DataType): tf.TensorInfo }).makeTensorInfo([total], 'float32');
  let base = 0;
  for (let first = 0; first < pieces.length; first += PIECES_PER_DISPATCH) {
    const group = sizes.slice(first, first + PIECES_PER_DISPATCH);
    const groupTotal = group.reduce((a, b) => a + b, 0);
    runRawProgram(backend, {
      key: `flowPlaygroundPack/${group.join(',')}`,
      code: packCode(group),
      inputs: pieces.slice(first, first + PIECES_PER_DISPATCH),
      outputShapes: [],
      inPlace: [dst],
      uniforms: [
        { type: 'int32', value: base },
        { type: 'int32', value: groupTotal },
      ],
      workgroups: [Math.ceil(groupTotal / WORKGROUP), 1, 1],
    });
    base += groupTotal;
  }
  return dst;
}
