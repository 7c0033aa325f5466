import { describe, expect, it } from 'vitest';
import { readId3Chapters } from '../../../electron/engine/audio/id3-chapters';
import { encodeMp3, Mp3Writer, mp3SampleRate } from '../../../electron/engine/audio/mp3';
import { parseFrameHeader, readInfoFrame } from '../../../electron/engine/audio/mp3-frame';
import { probeAudio } from '../../../electron/engine/audio/probe';
import { isStudioError } from '../../../shared/errors';
import { randomChunks, tone } from './signals';

/** Every frame of an MP3 stream from `at`, as parsed headers. */
function frames(bytes: Uint8Array, at: number) {
  const out = [];
  for (let h = parseFrameHeader(bytes, at); h; h = parseFrameHeader(bytes, at)) {
    out.push(h);
    at += h.frameBytes;
  }
  return { headers: out, end: at };
}

describe('mp3', () => {
  it('picks the nearest MPEG rate', () => {
    expect(mp3SampleRate(44100)).toBe(44100);
    expect(mp3SampleRate(16000)).toBe(16000);
    expect(mp3SampleRate(20000)).toBe(22050);
    expect(mp3SampleRate(46000)).toBe(44100);
    expect(mp3SampleRate(9000)).toBe(8000);
  });

  it.each([
    [44100, {}],
    [16000, { bitRate: 64000 }],
    [22050, { vbrQuality: 2 }],
    [8000, { bitRate: 8000 }],
  ])('%i Hz %j: a 2 s tone probes back at the exact length and rate, every frame intact', async (rate, options) => {
    const bytes = await encodeMp3(tone(rate, 2, 440, 0.5), rate, options);
    const probe = probeAudio(bytes);
    expect(probe).toEqual({ format: 'mp3', sampleRate: rate, channels: 1, durationSeconds: 2 });
    const info = frames(bytes, 0);
    expect(info.end).toBe(bytes.length);
    // The Info frame takes a larger bit rate when the stream's frames are too small to hold it.
    const audioFrames = info.headers.slice(1);
    if ('bitRate' in options) expect(new Set(audioFrames.map((h) => h.bitRate))).toEqual(new Set([options.bitRate]));
  });

  it('writes CBR as 192 kbit/s by default, the Info frame included, with a LAME tag', async () => {
    const bytes = await encodeMp3(tone(44100, 1, 440, 0.5), 44100);
    const { headers } = frames(bytes, 0);
    expect(new Set(headers.map((h) => h.bitRate))).toEqual(new Set([192000]));
    const info = readInfoFrame(bytes, 0, headers[0]!)!;
    expect(String.fromCharCode(...bytes.subarray(21, 25))).toBe('Info');
    expect(info.frames).toBe(headers.length - 1);
    expect(info.bytes).toBe(bytes.length);
    expect(info.encoderDelay).toBe(576);
    expect(info.frames * 1152 - 576 - info.padding!).toBe(44100);
  });

  it('without the Info frame, walking the frames gives the length within two frames', async () => {
    const bytes = await encodeMp3(tone(44100, 2, 440, 0.5), 44100);
    const bare = bytes.subarray(parseFrameHeader(bytes, 0)!.frameBytes);
    const { durationSeconds } = probeAudio(bare);
    expect(durationSeconds).toBeGreaterThan(2);
    expect(durationSeconds).toBeLessThan(2 + (2 * 1152) / 44100);
  });

  it('resamples input at a non-MPEG rate to the nearest MPEG rate', async () => {
    const writer = await Mp3Writer.create(20000);
    expect(writer.sampleRate).toBe(22050);
    for (const chunk of randomChunks(tone(20000, 1.5, 440, 0.5), 7000, 3)) writer.push(chunk);
    expect(probeAudio(writer.finish())).toMatchObject({ sampleRate: 22050, durationSeconds: 1.5 });
    expect(() => writer.push(new Float32Array(1))).toThrow(/after finish/);
  });

  it('writes ID3v2.4 chapters (CHAP with titles, CTOC) that read back and do not disturb the audio', async () => {
    const chapters = [
      { startMs: 0, endMs: 1200, title: 'Prologue' },
      { startMs: 1200, endMs: 2500, title: 'Глава 1 — «Начало»' },
      { startMs: 2500, endMs: 3000, title: '終わり' },
    ];
    const bytes = await encodeMp3(tone(24000, 3, 300, 0.4), 24000, { chapters });
    expect(String.fromCharCode(...bytes.subarray(0, 3))).toBe('ID3');
    expect(bytes[3]).toBe(4);
    expect(readId3Chapters(bytes)).toEqual(chapters);
    const text = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
    expect(text).toContain('CTOC');
    expect(text.indexOf('chp0')).toBeLessThan(text.indexOf('CHAP'));
    expect(probeAudio(bytes)).toMatchObject({ durationSeconds: 3, sampleRate: 24000 });
  });

  it('refuses an unsupported bit rate, a bad VBR quality and a backwards chapter as BAD_INPUT', async () => {
    for (const options of [
      { bitRate: 100000 },
      { vbrQuality: 10 },
      { chapters: [{ startMs: 500, endMs: 100, title: 'x' }] },
    ]) {
      const error = await Mp3Writer.create(44100, options).catch((e: unknown) => e);
      expect(isStudioError(error) && error.code).toBe('BAD_INPUT');
    }
  });
});
