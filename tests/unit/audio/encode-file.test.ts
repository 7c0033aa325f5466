import { describe, expect, it } from 'vitest';
import { encodeAudioFile, exportFormatFromPath } from '../../../electron/engine/audio/encode-file';
import { readId3Chapters } from '../../../electron/engine/audio/id3-chapters';
import { measureLoudness } from '../../../electron/engine/audio/loudness';
import { probeAudio } from '../../../electron/engine/audio/probe';
import { parseWav } from '../../../electron/engine/audio/wav';
import { isStudioError } from '../../../shared/errors';
import { speechLike } from './signals';

const chapters = [
  { startMs: 0, endMs: 1500, title: 'Opening' },
  { startMs: 1500, endMs: 4000, title: 'Second part' },
];

describe('exportFormatFromPath', () => {
  it('reads the extension, case-insensitively, of the file name only', () => {
    expect(exportFormatFromPath('/out/book.MP3')).toBe('mp3');
    expect(exportFormatFromPath('C:\\out\\take.wav')).toBe('wav');
    expect(exportFormatFromPath('take.ogg')).toBe('ogg');
    expect(exportFormatFromPath('take.mp3.txt')).toBeNull();
    expect(exportFormatFromPath('/dir.mp3/take')).toBeNull();
    expect(exportFormatFromPath('mp3')).toBeNull();
  });
});

describe('encodeAudioFile', () => {
  const speech = speechLike(16000, 4);

  it('WAV: resamples, writes chapters as cue points, and measures what it wrote', async () => {
    const file = await encodeAudioFile(speech, 16000, { format: 'wav', sampleRate: 44100, chapters });
    const wav = parseWav(file.bytes);
    expect(file.sampleRate).toBe(44100);
    expect(wav.pcm.length).toBe(Math.round((speech.length * 44100) / 16000));
    expect(file.durationSeconds).toBeCloseTo(4, 4);
    expect(wav.cues).toEqual([
      { sample: 0, label: 'Opening' },
      { sample: 66150, label: 'Second part' },
    ]);
    const written = measureLoudness(wav.pcm, 44100);
    expect(Math.abs(file.loudness.integratedLufs - written.integratedLufs)).toBeLessThan(0.01);
  });

  it('MP3: nearest MPEG rate, ID3 chapters, normalised under the ceiling, with progress to 1', async () => {
    const progress: number[] = [];
    const file = await encodeAudioFile(speech, 16000, {
      format: 'mp3',
      sampleRate: 20000,
      bitRate: 96000,
      chapters,
      normalize: { targetLufs: -16, truePeakCeilingDbtp: -1 },
      onProgress: (f) => progress.push(f),
    });
    expect(file.sampleRate).toBe(22050);
    expect(probeAudio(file.bytes)).toMatchObject({ format: 'mp3', sampleRate: 22050 });
    expect(probeAudio(file.bytes).durationSeconds).toBeCloseTo(file.durationSeconds, 6);
    expect(readId3Chapters(file.bytes)).toEqual(chapters);
    expect(Math.abs(file.loudness.integratedLufs + 16)).toBeLessThan(0.5);
    expect(file.loudness.truePeakDbtp).toBeLessThanOrEqual(-1);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
  });

  it('Ogg: keeps the input rate by default', async () => {
    const file = await encodeAudioFile(speech, 16000, { format: 'ogg' });
    expect(probeAudio(file.bytes)).toEqual({ format: 'ogg', sampleRate: 16000, channels: 1, durationSeconds: 4 });
  });

  it('refuses chapters for Ogg, an out-of-range rate and a bad bit rate, as BAD_INPUT', async () => {
    for (const options of [
      { format: 'ogg' as const, chapters },
      { format: 'wav' as const, sampleRate: 96000 },
      { format: 'mp3' as const, bitRate: 150000 },
    ]) {
      const error = await encodeAudioFile(speech, 16000, options).catch((e: unknown) => e);
      expect(isStudioError(error) && error.code).toBe('BAD_INPUT');
    }
  });

  it('stops with CANCELLED when aborted mid-way', async () => {
    const controller = new AbortController();
    const long = speechLike(16000, 30);
    const error = await encodeAudioFile(long, 16000, {
      format: 'mp3',
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }).catch((e: unknown) => e);
    expect(isStudioError(error) && error.code).toBe('CANCELLED');
  });
});
