import { describe, expect, it } from 'vitest';
import { resample, StreamResampler } from '../../../electron/engine/audio/resample';
import { concat, randomChunks, sineAmplitude, tone, zeroCrossingFrequency } from './signals';

/** The middle of a signal, away from the edges where the kernel reads silence. */
const middle = (pcm: Float32Array) => pcm.subarray(Math.floor(pcm.length * 0.1), Math.floor(pcm.length * 0.9));

describe('resample', () => {
  it('returns the input untouched when the rates match', () => {
    const x = tone(16000, 0.01, 100);
    expect(resample(x, 16000, 16000)).toBe(x);
  });

  it.each([
    [16000, 44100],
    [48000, 16000],
    [22050, 8000],
  ])('%i -> %i Hz: length scales and a 1 kHz sine keeps its frequency and amplitude', (from, to) => {
    const x = tone(from, 1, 1000, 0.5);
    const y = resample(x, from, to);
    expect(y.length).toBe(Math.round((x.length * to) / from));
    const m = middle(y);
    expect(zeroCrossingFrequency(m, to)).toBeCloseTo(1000, 0);
    expect(20 * Math.log10(sineAmplitude(m, to, 1000) / 0.5)).toBeCloseTo(0, 1);
  });

  it('attenuates content above the new Nyquist frequency (no aliasing)', () => {
    // 12 kHz at 48 kHz would alias to 4 kHz at 16 kHz.
    const y = middle(resample(tone(48000, 1, 12000, 0.5), 48000, 16000));
    expect(20 * Math.log10(sineAmplitude(y, 16000, 4000) / 0.5)).toBeLessThan(-60);
    let peak = 0;
    for (const v of y) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeLessThan(0.001);
  });

  it.each([
    [16000, 44100],
    [44100, 16000],
    [24000, 24001],
  ])('streamed in random chunks %i -> %i equals the one-shot result', (from, to) => {
    const x = concat(tone(from, 0.3, 700, 0.4), tone(from, 0.2, 3100, 0.3));
    const streamer = new StreamResampler(from, to);
    const parts = randomChunks(x, 5000, from).map((c) => streamer.push(c));
    parts.push(streamer.flush());
    const streamed = concat(...parts);
    const whole = resample(x, from, to);
    expect(streamed.length).toBe(whole.length);
    let worst = 0;
    for (let i = 0; i < whole.length; i++) worst = Math.max(worst, Math.abs(streamed[i]! - whole[i]!));
    expect(worst).toBe(0);
  });
});
