import type { Encoding } from '../../../shared/audio-format';
import { bytesPerSample } from '../../../shared/audio-format';

/** G.711 μ-law byte → linear sample in [-1, 1). */
const MULAW_DECODE = (() => {
  const table = new Float32Array(256);
  for (let i = 0; i < 256; i++) {
    const u = ~i & 0xff;
    const exponent = (u >> 4) & 0x07;
    const mantissa = u & 0x0f;
    const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
    table[i] = ((u & 0x80 ? -magnitude : magnitude) as number) / 32768;
  }
  return table;
})();

/** A float sample as a 16-bit integer: the decoders' scale (÷32768) inverted, clamped, so decode-encode is lossless. */
export function toInt16(x: number): number {
  return Math.max(-32768, Math.min(32767, Math.round(x * 32768)));
}

function mulawEncodeSample(x: number): number {
  const BIAS = 0x84;
  const CLIP = 32635;
  let s = toInt16(x);
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** Decodes whole samples of headerless mono PCM to float samples in [-1, 1]. */
export function decodePcm(bytes: Uint8Array, encoding: Encoding): Float32Array {
  const bps = bytesPerSample(encoding);
  const count = Math.floor(bytes.byteLength / bps);
  const out = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * bps);
  switch (encoding) {
    case 'pcm_s16le':
      for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, true) / 32768;
      break;
    case 'pcm_f32le':
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
      break;
    case 'pcm_mulaw':
      for (let i = 0; i < count; i++) out[i] = MULAW_DECODE[bytes[i]!]!;
      break;
  }
  return out;
}

/** Encodes float samples to headerless mono PCM, clipping to the format's range. */
export function encodePcm(pcm: Float32Array, encoding: Encoding): Uint8Array {
  const out = new Uint8Array(pcm.length * bytesPerSample(encoding));
  const view = new DataView(out.buffer);
  switch (encoding) {
    case 'pcm_s16le':
      for (let i = 0; i < pcm.length; i++) view.setInt16(i * 2, toInt16(pcm[i]!), true);
      break;
    case 'pcm_f32le':
      for (let i = 0; i < pcm.length; i++) view.setFloat32(i * 4, pcm[i]!, true);
      break;
    case 'pcm_mulaw':
      for (let i = 0; i < pcm.length; i++) out[i] = mulawEncodeSample(pcm[i]!);
      break;
  }
  return out;
}

/**
 * Decodes a byte stream whose chunks may end in the middle of a sample (HTTP streaming does this):
 * the partial sample is carried into the next push.
 */
export class PcmStreamDecoder {
  private carry = new Uint8Array(0);
  private readonly bps: number;

  constructor(private readonly encoding: Encoding) {
    this.bps = bytesPerSample(encoding);
  }

  push(chunk: Uint8Array): Float32Array {
    let bytes = chunk;
    if (this.carry.byteLength > 0) {
      bytes = new Uint8Array(this.carry.byteLength + chunk.byteLength);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.byteLength);
    }
    const whole = bytes.byteLength - (bytes.byteLength % this.bps);
    this.carry = bytes.slice(whole);
    return decodePcm(bytes.subarray(0, whole), this.encoding);
  }

  /** Bytes of an incomplete final sample; non-zero at the end of a stream means it was cut short. */
  get pendingBytes(): number {
    return this.carry.byteLength;
  }
}
