import { describe, expect, it } from 'vitest';
import { ENCODINGS } from '../../../shared/audio-format';
import { decodePcm, encodePcm, PcmStreamDecoder } from '../../../electron/engine/audio/pcm-codec';
import { tone } from './signals';

describe('pcm codecs', () => {
  const signal = tone(16000, 0.05, 440, 0.8);

  it('round-trips s16 to within half a step, re-encodes every 16-bit value losslessly, clips the rest', () => {
    const back = decodePcm(encodePcm(signal, 'pcm_s16le'), 'pcm_s16le');
    expect(back.length).toBe(signal.length);
    for (let i = 0; i < signal.length; i++) expect(Math.abs(back[i]! - signal[i]!)).toBeLessThanOrEqual(0.5 / 32768);
    const every = new Uint8Array(new Int16Array(65536).map((_, i) => i - 32768).buffer);
    expect(encodePcm(decodePcm(every, 'pcm_s16le'), 'pcm_s16le')).toEqual(every);
    expect([...decodePcm(encodePcm(Float32Array.of(1.5, -1.5), 'pcm_s16le'), 'pcm_s16le')]).toEqual([
      32767 / 32768,
      -1,
    ]);
  });

  it('round-trips f32 exactly', () => {
    expect(decodePcm(encodePcm(signal, 'pcm_f32le'), 'pcm_f32le')).toEqual(signal);
  });

  it('round-trips every mu-law code, and mu-law error stays within its step', () => {
    const codes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const again = encodePcm(decodePcm(codes, 'pcm_mulaw'), 'pcm_mulaw');
    for (let i = 0; i < 256; i++) {
      // 0x7f and 0xff are +0 and -0: either is a correct code for silence.
      if (i === 0x7f || i === 0xff) expect([0x7f, 0xff]).toContain(again[i]);
      else expect(again[i]).toBe(i);
    }
    const back = decodePcm(encodePcm(signal, 'pcm_mulaw'), 'pcm_mulaw');
    // The largest mu-law step is 1024/32768 at the top of the range.
    for (let i = 0; i < signal.length; i++) expect(Math.abs(back[i]! - signal[i]!)).toBeLessThan(1024 / 32768);
  });

  it.each(ENCODINGS)('%s: the stream decoder carries a sample split across chunks', (encoding) => {
    const bytes = encodePcm(signal, encoding);
    const decoder = new PcmStreamDecoder(encoding);
    const parts: Float32Array[] = [];
    // Cut at odd places so that samples straddle chunk boundaries.
    const cuts = [0, 1, 4, 7, 100, bytes.length];
    for (let k = 1; k < cuts.length; k++) parts.push(decoder.push(bytes.subarray(cuts[k - 1], cuts[k])));
    const joined = Float32Array.from(parts.flatMap((p) => [...p]));
    expect(joined).toEqual(decodePcm(bytes, encoding));
    expect(decoder.pendingBytes).toBe(0);
    decoder.push(bytes.subarray(0, 1));
    expect(decoder.pendingBytes).toBe(encoding === 'pcm_mulaw' ? 0 : 1);
  });
});
