/**
 * Float32 weights as base64 of their little-endian bytes: exact (no decimal
 * round-off), ~4× smaller than JSON number arrays, and identical in Node and the
 * browser because it uses neither Buffer nor btoa.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

function littleEndianBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(4 * i, v, true));
  return bytes;
}

export function encodeFloat32(values: Float32Array): string {
  const bytes = littleEndianBytes(values);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}

/** Decodes what encodeFloat32 wrote; throws on anything else. */
export function decodeFloat32(text: string): Float32Array {
  if (text.length % 4 !== 0) throw new Error('weights are not valid base64 (length is not a multiple of 4)');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const byteLength = (text.length / 4) * 3 - padding;
  if (byteLength % 4 !== 0) throw new Error('weights do not hold a whole number of float32 values');
  const bytes = new Uint8Array(byteLength);
  let b = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = text.charCodeAt(i + j);
      const isPad = text[i + j] === '=' && i + j >= text.length - padding;
      const v = isPad ? 0 : c < 128 ? LOOKUP[c] : -1;
      if (v < 0) throw new Error(`weights are not valid base64 (bad character at ${i + j})`);
      n = (n << 6) | v;
    }
    if (b < byteLength) bytes[b++] = (n >> 16) & 255;
    if (b < byteLength) bytes[b++] = (n >> 8) & 255;
    if (b < byteLength) bytes[b++] = n & 255;
  }
  const view = new DataView(bytes.buffer);
  const values = new Float32Array(byteLength / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(4 * i, true);
  return values;
}
