import { describe, expect, it } from 'vitest';
import { encodeWav, parseWav, readWavLayout, WavWriter } from '../../../electron/engine/audio/wav';
import { tone } from './signals';

describe('wav', () => {
  const signal = tone(22050, 0.1, 440, 0.9);

  it.each([
    ['s16', 0.5 / 32768],
    ['s24', 0.5 / 8388608],
    ['f32', 0],
  ] as const)('%s: write then parse returns the samples, rate and channel count', (format, tolerance) => {
    const bytes = encodeWav(signal, 22050, { format });
    const wav = parseWav(bytes);
    expect(wav.sampleRate).toBe(22050);
    expect(wav.channels).toBe(1);
    expect(wav.pcm.length).toBe(signal.length);
    for (let i = 0; i < signal.length; i++) expect(Math.abs(wav.pcm[i]! - signal[i]!)).toBeLessThanOrEqual(tolerance);
    expect(readWavLayout(bytes).bits).toBe(format === 's16' ? 16 : format === 's24' ? 24 : 32);
  });

  it.each(['s16', 's24'] as const)('%s: parse then write gives back the same bytes', (format) => {
    const bytes = encodeWav(signal, 22050, { format });
    expect(encodeWav(parseWav(bytes).pcm, 22050, { format })).toEqual(bytes);
  });

  it('keeps cue points and their labels (odd-length labels padded), after the data chunk', () => {
    const cues = [
      { sample: 0, label: 'Opening' },
      { sample: 1000, label: 'Chapitre deux — été' },
      { sample: 2049, label: 'x' },
    ];
    const wav = parseWav(encodeWav(signal, 22050, { cues }));
    expect(wav.cues).toEqual(cues);
    expect(wav.pcm.length).toBe(signal.length);
  });

  it('mixes multi-channel files down and reads a streaming data size of 0', () => {
    const bytes = encodeWav(Float32Array.of(0.5, -0.5, 0.25, 0.25), 8000);
    // Rewrite the header as stereo 16-bit (2 frames) with an unknown data size.
    const view = new DataView(bytes.buffer);
    view.setUint16(22, 2, true);
    view.setUint16(32, 4, true);
    view.setUint32(40, 0, true);
    const wav = parseWav(bytes);
    expect(wav.channels).toBe(2);
    expect([...wav.pcm]).toEqual([0, 0.25]);
  });

  it('refuses what is not WAV, and a writer given the wrong number of samples', () => {
    expect(() => parseWav(new TextEncoder().encode('RIFF....AVI LIST'))).toThrow(/Not a WAV/);
    const writer = new WavWriter(4, 8000);
    writer.push(new Float32Array(3));
    expect(() => writer.finish()).toThrow(/3 of 4/);
    expect(() => writer.push(new Float32Array(2))).toThrow(/more than/);
  });
});
