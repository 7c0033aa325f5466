import { describe, expect, it } from 'vitest';
import { encodeOgg, OggWriter } from '../../../electron/engine/audio/ogg';
import { probeAudio } from '../../../electron/engine/audio/probe';
import { randomChunks, speechLike, tone } from './signals';

describe('ogg vorbis', () => {
  it.each([8000, 16000, 44100, 48000])('%i Hz: a 2 s tone probes back at the exact length and rate', async (rate) => {
    const bytes = await encodeOgg(tone(rate, 2, 440, 0.5), rate);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('OggS');
    expect(probeAudio(bytes)).toEqual({ format: 'ogg', sampleRate: rate, channels: 1, durationSeconds: 2 });
  });

  it('streams chunks, and a higher quality spends more bytes', async () => {
    const signal = speechLike(22050, 2);
    const sizes: number[] = [];
    for (const quality of [0, 8]) {
      const writer = await OggWriter.create(22050, { quality });
      for (const chunk of randomChunks(signal, 9000, quality)) writer.push(chunk);
      const bytes = writer.finish();
      expect(probeAudio(bytes).durationSeconds).toBe(2);
      sizes.push(bytes.length);
    }
    expect(sizes[1]).toBeGreaterThan(sizes[0]! * 1.5);
  });

  it('refuses a quality outside -1..10', async () => {
    await expect(OggWriter.create(16000, { quality: 11 })).rejects.toThrow(/quality/);
  });
});
