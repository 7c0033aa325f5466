import { describe, expect, it } from 'vitest';
import { TruePeakLimiter } from '../../../electron/engine/audio/limiter';
import { measureLoudness } from '../../../electron/engine/audio/loudness';
import { normalizeLoudness } from '../../../electron/engine/audio/normalize';
import { LOUDNESS_PRESETS } from '../../../shared/loudness';
import { concat, random, randomChunks, speechLike, tone } from './signals';

const integratedPresets = LOUDNESS_PRESETS.flatMap((p) => (p.target.kind === 'integrated' ? [p.target] : []));

/** Speech-like audio with sharp clicks, so that reaching a loud target needs the limiter. */
function peaky(rate: number, seconds: number): Float32Array {
  const x = speechLike(rate, seconds, 5);
  const rnd = random(9);
  for (let k = 0; k < seconds * 3; k++) x[Math.floor(rnd() * x.length)] = rnd() < 0.5 ? 0.95 : -0.95;
  return x;
}

describe('normalizeLoudness', () => {
  it.each(integratedPresets)(
    'hits $targetLufs LUFS within 0.5 LU and keeps under $truePeakCeilingDbtp dBTP',
    (target) => {
      for (const signal of [speechLike(16000, 20), peaky(16000, 20)]) {
        const result = normalizeLoudness(signal, 16000, { ...target });
        expect(Math.abs(result.after.integratedLufs - target.targetLufs)).toBeLessThan(0.5);
        expect(result.after.truePeakDbtp).toBeLessThanOrEqual(target.truePeakCeilingDbtp);
        expect(result.pcm.length).toBe(signal.length);
        expect(result.before).toEqual(measureLoudness(signal, 16000));
      }
    },
  );

  it('limits hard cases under the ceiling: clipped square bursts pushed 20 dB up, ceiling -3 dBTP', () => {
    const rate = 44100;
    const square = tone(rate, 3, 997, 1).map((v) => (v > 0 ? 0.3 : -0.3));
    const result = normalizeLoudness(concat(square, tone(rate, 3, 150, 0.05)), rate, {
      targetLufs: -8,
      truePeakCeilingDbtp: -3,
    });
    expect(result.after.truePeakDbtp).toBeLessThanOrEqual(-3);
    expect(result.after.samplePeakDbfs).toBeLessThanOrEqual(-3);
  });

  it('leaves silence alone', () => {
    const result = normalizeLoudness(new Float32Array(16000), 16000, { targetLufs: -16, truePeakCeilingDbtp: -1 });
    expect(result.gainDb).toBe(0);
    expect(result.pcm.every((v) => v === 0)).toBe(true);
    expect(result.after.integratedLufs).toBe(-Infinity);
  });
});

describe('TruePeakLimiter', () => {
  it('is transparent below the ceiling: only the gain, sample-aligned, same length', () => {
    const x = speechLike(16000, 2);
    const limiter = new TruePeakLimiter(16000, { gainDb: -6, ceilingDbtp: -1 });
    const y = concat(limiter.push(x), limiter.flush());
    expect(y.length).toBe(x.length);
    const g = 10 ** (-6 / 20);
    for (let i = 0; i < x.length; i++) expect(y[i]).toBeCloseTo(x[i]! * g, 6);
  });

  it('moves its gain in smooth ramps (no clicks) around a sudden loud burst', () => {
    const rate = 16000;
    const x = concat(tone(rate, 0.5, 200, 0.2), tone(rate, 0.5, 200, 1), tone(rate, 0.5, 200, 0.2));
    const limiter = new TruePeakLimiter(rate, { gainDb: 0, ceilingDbtp: -6, lookaheadMs: 5 });
    const y = concat(limiter.push(x), limiter.flush());
    const lookahead = Math.round(0.005 * rate);
    let worstStep = 0;
    let previous = 1;
    for (let i = 0; i < x.length; i++) {
      if (Math.abs(x[i]!) < 0.05) continue;
      const gain = y[i]! / x[i]!;
      if (i > 0 && Math.abs(x[i - 1]!) >= 0.05) worstStep = Math.max(worstStep, Math.abs(gain - previous));
      previous = gain;
    }
    // The gain falls by about 0.5 (1.0 -> -6 dB) as a ramp one look-ahead long, never in a step.
    expect(worstStep).toBeLessThan(0.5 / lookahead + 0.01);
    expect(measureLoudness(y, rate).truePeakDbtp).toBeLessThanOrEqual(-6);
  });

  it('gives the same output pushed in random chunks as in one piece', () => {
    const x = peaky(22050, 3);
    const run = (chunks: Float32Array[]) => {
      const limiter = new TruePeakLimiter(22050, { gainDb: 12, ceilingDbtp: -1 });
      return concat(...chunks.map((c) => limiter.push(c)), limiter.flush());
    };
    expect(run(randomChunks(x, 2000, 4))).toEqual(run([x]));
  });
});
