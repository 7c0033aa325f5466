import { describe, expect, it } from 'vitest';
import { QUOTA_MARKER, QuotaMarkerScanner } from '../../../electron/engine/async/quota-marker';

const ascii = (text: string) => new TextEncoder().encode(text);

const concat = (parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));

/** Feeds the chunks as a network would and collects what the scanner lets through. */
function scan(chunks: Uint8Array[]): { audio: Uint8Array; quotaExceeded: boolean; maxHeld: number } {
  const scanner = new QuotaMarkerScanner();
  const audio: Uint8Array[] = [];
  let fed = 0;
  let passed = 0;
  let maxHeld = 0;
  for (const chunk of chunks) {
    const result = scanner.push(chunk);
    fed += chunk.byteLength;
    passed += result.audio.byteLength;
    audio.push(result.audio.slice());
    if (result.quotaExceeded) return { audio: concat(audio), quotaExceeded: true, maxHeld };
    maxHeld = Math.max(maxHeld, fed - passed);
  }
  audio.push(scanner.end());
  return { audio: concat(audio), quotaExceeded: false, maxHeld };
}

function splitAt(bytes: Uint8Array, ...cuts: number[]): Uint8Array[] {
  const bounds = [0, ...cuts, bytes.byteLength];
  return bounds.slice(1).map((end, i) => bytes.slice(bounds[i], end));
}

/** Pseudo-audio with every byte value, including '-' (0x2d) next to other values. */
const audio = Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff);

describe('QuotaMarkerScanner', () => {
  it('passes a stream without the marker through unchanged, whatever the chunking', () => {
    for (let cut = 0; cut <= audio.byteLength; cut += 7) {
      const result = scan(splitAt(audio, cut));
      expect(result.quotaExceeded).toBe(false);
      expect(result.audio).toEqual(audio);
    }
  });

  it('finds the marker split across two chunks at every position, and none of its bytes reach the audio', () => {
    const stream = concat([audio, QUOTA_MARKER, ascii('trailing junk')]);
    for (let cut = audio.byteLength - 3; cut <= audio.byteLength + QUOTA_MARKER.byteLength + 3; cut++) {
      const result = scan(splitAt(stream, cut));
      expect(result.quotaExceeded, `cut at ${cut}`).toBe(true);
      expect(result.audio, `cut at ${cut}`).toEqual(audio);
    }
  });

  it('finds the marker when it arrives one byte at a time', () => {
    const stream = concat([audio.subarray(0, 40), QUOTA_MARKER]);
    const result = scan([...stream].map((b) => Uint8Array.of(b)));
    expect(result.quotaExceeded).toBe(true);
    expect(result.audio).toEqual(audio.subarray(0, 40));
  });

  it('finds the marker split across three chunks', () => {
    const stream = concat([audio.subarray(0, 10), QUOTA_MARKER]);
    const result = scan(splitAt(stream, 12, 20));
    expect(result).toMatchObject({ quotaExceeded: true, audio: audio.subarray(0, 10) });
  });

  it('finds the marker right after a dash that began a false start', () => {
    const stream = concat([audio.subarray(0, 5), ascii('-'), QUOTA_MARKER]);
    for (let cut = 4; cut <= stream.byteLength; cut++) {
      const result = scan(splitAt(stream, cut));
      expect(result.quotaExceeded).toBe(true);
      expect(result.audio).toEqual(concat([audio.subarray(0, 5), ascii('-')]));
    }
  });

  it('passes marker-like prefixes that turn out to be audio through intact, at every split', () => {
    for (let n = 1; n < QUOTA_MARKER.byteLength; n++) {
      const lookalike = QUOTA_MARKER.subarray(0, n);
      const stream = concat([audio.subarray(0, 20), lookalike, Uint8Array.of(0x00, 0x7f), audio.subarray(20, 40)]);
      for (let cut = 18; cut <= 20 + n + 2; cut++) {
        const result = scan(splitAt(stream, cut));
        expect(result.quotaExceeded, `prefix ${n}, cut ${cut}`).toBe(false);
        expect(result.audio, `prefix ${n}, cut ${cut}`).toEqual(stream);
      }
    }
  });

  it('releases a marker-like tail at the end of the stream as audio', () => {
    const stream = concat([audio.subarray(0, 30), QUOTA_MARKER.subarray(0, QUOTA_MARKER.byteLength - 1)]);
    const result = scan([stream]);
    expect(result.quotaExceeded).toBe(false);
    expect(result.audio).toEqual(stream);
  });

  it('holds back at most marker length − 1 bytes', () => {
    const stream = concat([audio, QUOTA_MARKER.subarray(0, 23), audio, QUOTA_MARKER.subarray(0, 5)]);
    const chunks = [...stream].map((b) => Uint8Array.of(b));
    const result = scan(chunks);
    expect(result.audio).toEqual(stream);
    expect(result.maxHeld).toBe(QUOTA_MARKER.byteLength - 1);
  });

  it('lets nothing through once the marker has been seen', () => {
    const scanner = new QuotaMarkerScanner();
    expect(scanner.push(QUOTA_MARKER).quotaExceeded).toBe(true);
    expect(scanner.push(audio)).toEqual({ audio: new Uint8Array(0), quotaExceeded: true });
  });
});
