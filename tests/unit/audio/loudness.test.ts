import { describe, expect, it } from 'vitest';
import { kWeightingFilters, LoudnessMeter, measureLoudness } from '../../../electron/engine/audio/loudness';
import { concat, randomChunks, speechLike, tone } from './signals';

const silence = (rate: number, seconds: number) => new Float32Array(Math.round(rate * seconds));

describe('loudness (BS.1770-4 / EBU R128)', () => {
  it('derives the 48 kHz K-weighting coefficients printed in BS.1770', () => {
    const [shelf, highPass] = kWeightingFilters(48000);
    expect(shelf.b0).toBeCloseTo(1.53512485958697, 9);
    expect(shelf.b1).toBeCloseTo(-2.69169618940638, 9);
    expect(shelf.b2).toBeCloseTo(1.19839281085285, 9);
    expect(shelf.a1).toBeCloseTo(-1.69065929318241, 9);
    expect(shelf.a2).toBeCloseTo(0.73248077421585, 9);
    expect(highPass.a1).toBeCloseTo(-1.99004745483398, 9);
    expect(highPass.a2).toBeCloseTo(0.99007225036621, 9);
  });

  it.each([8000, 16000, 22050, 44100, 48000])(
    '%i Hz: a full-scale 1 kHz sine is -3.01 LUFS, at -20 dBFS -23.01',
    (rate) => {
      const full = measureLoudness(tone(rate, 5, 1000, 1), rate);
      expect(Math.abs(full.integratedLufs + 3.01)).toBeLessThan(0.05);
      expect(full.rmsDbfs).toBeCloseTo(-3.01, 2);
      expect(full.samplePeakDbfs).toBeCloseTo(0, 3);
      const quiet = measureLoudness(tone(rate, 5, 1000, 0.1), rate);
      expect(Math.abs(quiet.integratedLufs + 23.01)).toBeLessThan(0.05);
      expect(quiet.loudnessRangeLu).toBeCloseTo(0, 3);
    },
  );

  it('gates: a tone followed by long silence, or by a much quieter tone, still measures the tone', () => {
    const rate = 16000;
    const loud = tone(rate, 5, 1000, 0.1);
    expect(measureLoudness(concat(loud, silence(rate, 30)), rate).integratedLufs).toBeCloseTo(-23.0, 0);
    // -40 dBFS is -43 LUFS, under the relative gate (-33); ungated it would drag the mean to about -30.
    const withQuiet = measureLoudness(concat(loud, tone(rate, 20, 1000, 0.01)), rate);
    expect(Math.abs(withQuiet.integratedLufs + 23.01)).toBeLessThan(0.2);
  });

  it.each([
    [[-20, -30], 10],
    [[-20, -15], 5],
    [[-40, -20], 20],
    [[-50, -35, -20, -35, -50], 15],
  ])('loudness range of tones at %j dBFS, 20 s each, is %i LU (EBU Tech 3342 cases 1-4)', (levels, lra) => {
    const rate = 8000;
    const signal = concat(...levels.map((db) => tone(rate, 20, 1000, 10 ** (db / 20))));
    expect(Math.abs(measureLoudness(signal, rate).loudnessRangeLu - lra)).toBeLessThan(1);
  });

  it('true peak catches an inter-sample peak: an fs/4 sine at 45 degrees reads about +3 dBTP at 0 dBFS sample peak', () => {
    const rate = 48000;
    const signal = tone(rate, 1, rate / 4, Math.SQRT2, Math.PI / 4);
    const report = measureLoudness(signal, rate);
    expect(report.samplePeakDbfs).toBeCloseTo(0, 3);
    expect(report.truePeakDbtp).toBeGreaterThan(2.5);
    expect(report.truePeakDbtp).toBeLessThan(3.5);
    // A slow sine has no inter-sample peaks to speak of.
    const slow = measureLoudness(tone(rate, 1, 100, 0.5), rate);
    expect(slow.truePeakDbtp - slow.samplePeakDbfs).toBeLessThan(0.05);
    expect(slow.truePeakDbtp).toBeGreaterThanOrEqual(slow.samplePeakDbfs);
  });

  it('reports silence as -Infinity and a range of 0', () => {
    expect(measureLoudness(silence(16000, 3), 16000)).toEqual({
      integratedLufs: -Infinity,
      loudnessRangeLu: 0,
      truePeakDbtp: -Infinity,
      samplePeakDbfs: -Infinity,
      rmsDbfs: -Infinity,
    });
  });

  it('gives the same report fed in random chunks as in one piece', () => {
    const rate = 22050;
    const signal = speechLike(rate, 12);
    const meter = new LoudnessMeter(rate);
    for (const chunk of randomChunks(signal, 3000, 7)) meter.push(chunk);
    expect(meter.result()).toEqual(measureLoudness(signal, rate));
  });
});
