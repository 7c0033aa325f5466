/**
 * Float32 samples from a stream chunk's bytes (32-bit float little-endian, as the contract says).
 * A view when the bytes are aligned, a copy when the transport handed an unaligned slice.
 */
export function pcmFromBytes(bytes: Uint8Array): Float32Array {
  const count = Math.floor(bytes.byteLength / 4);
  if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, count);
  return new Float32Array(bytes.slice(0, count * 4).buffer);
}
