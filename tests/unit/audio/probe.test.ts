import { describe, expect, it } from 'vitest';
import { encodeWav } from '../../../electron/engine/audio/wav';
import { probeAudio } from '../../../electron/engine/audio/probe';
import { encodeId3Chapters } from '../../../electron/engine/audio/id3-chapters';

describe('probeAudio', () => {
  it('reads WAV rate, channels and duration from the header', () => {
    const bytes = encodeWav(new Float32Array(12000), 24000, { format: 's24' });
    expect(probeAudio(bytes)).toEqual({ format: 'wav', sampleRate: 24000, channels: 1, durationSeconds: 0.5 });
  });

  it('refuses files it does not know, and an ID3 tag with no MP3 frames after it', () => {
    expect(() => probeAudio(new TextEncoder().encode('%PDF-1.7 not audio at all'))).toThrow(/Not a WAV, MP3 or Ogg/);
    const tagOnly = encodeId3Chapters([{ startMs: 0, endMs: 1, title: 'x' }]);
    expect(() => probeAudio(tagOnly)).toThrow(/No MP3 frames/);
  });

  it('refuses an Ogg stream that is not Vorbis', () => {
    const page = new Uint8Array(64);
    page.set(new TextEncoder().encode('OggS'));
    page[26] = 1;
    page[27] = 19;
    page.set(new TextEncoder().encode('OpusHead'), 28);
    expect(() => probeAudio(page)).toThrow(/not Vorbis/);
  });
});
