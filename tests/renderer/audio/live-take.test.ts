import { describe, expect, it } from 'vitest';
import { LiveTake } from '../../../renderer/audio/live-take';

const ramp = (n: number, scale = 1) => Float32Array.from({ length: n }, (_, i) => ((i % 10) - 5) * 0.1 * scale);

describe('LiveTake', () => {
  it('places chunks back to back on the take timeline', () => {
    const take = new LiveTake(1000, 10);
    expect(take.append(0, ramp(25))).toBe(0);
    expect(take.append(0, ramp(15))).toBe(25);
    expect(take.append(1, ramp(30))).toBe(40);
    expect(take.durationSeconds).toBeCloseTo(0.07);
  });

  it('folds samples into min/max bins that continue across chunks of one sentence', () => {
    const take = new LiveTake(1000, 4);
    take.append(0, Float32Array.from([0.1, -0.2, 0.3]));
    take.append(0, Float32Array.from([0.05, 0.9, -0.7]));
    const { max, min } = take.peaks();
    expect(Array.from(max)).toEqual([0.3, 0.9].map(Math.fround));
    expect(Array.from(min)).toEqual([-0.2, -0.7].map(Math.fround));
  });

  it('starts a new bin for each sentence', () => {
    const take = new LiveTake(1000, 4);
    take.append(0, Float32Array.from([0.5, 0.5]));
    take.append(1, Float32Array.from([0.1, 0.1]));
    expect(take.peaks().max).toHaveLength(2);
  });

  it('a sentence reset removes that sentence from the timeline and the peaks', () => {
    const take = new LiveTake(1000, 10);
    take.append(0, ramp(20));
    take.append(1, ramp(20, 2));
    take.resetSentence(1);
    expect(take.durationSeconds).toBeCloseTo(0.02);
    expect(take.peaks().max).toHaveLength(2);
    expect(take.append(1, ramp(5))).toBe(20);
  });

  it('a rewind removes every sentence from fromSentence on', () => {
    const take = new LiveTake(1000, 10);
    take.append(0, ramp(10));
    take.append(1, ramp(10));
    take.append(2, ramp(10));
    take.rewind(1);
    expect(take.durationSeconds).toBeCloseTo(0.01);
    expect(take.peaks().max).toHaveLength(1);
    expect(take.append(1, ramp(10))).toBe(10);
  });

  it('grows past its initial capacity and hands out copies', () => {
    const take = new LiveTake(48000, 16);
    for (let i = 0; i < 100; i++) take.append(0, ramp(480));
    const peaks = take.peaks();
    expect(peaks.max).toHaveLength(3000);
    peaks.max[0] = 42;
    expect(take.peaks().max[0]).not.toBe(42);
  });
});
