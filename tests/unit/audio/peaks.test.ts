import { describe, expect, it } from 'vitest';
import { computePeaks, PeaksBuilder } from '../../../electron/engine/audio/peaks';
import { random, randomChunks } from './signals';

describe('peaks', () => {
  it('gives the min and max of each bucket, the last one partial', () => {
    const ramp = Float32Array.from({ length: 10 }, (_, i) => (i % 2 ? i : -i) / 10);
    const peaks = computePeaks(ramp, 4);
    expect([...peaks.min]).toEqual([-0.2, -0.6, -0.8].map(Math.fround));
    expect([...peaks.max]).toEqual([0.3, 0.7, 0.9].map(Math.fround));
  });

  it('builds the same peaks from random chunks as in one go, and as a direct computation', () => {
    const rnd = random(11);
    const signal = Float32Array.from({ length: 100_003 }, () => rnd() * 2 - 1);
    const builder = new PeaksBuilder(441);
    for (const chunk of randomChunks(signal, 1500, 2)) builder.push(chunk);
    const built = builder.read();
    expect(built).toEqual(computePeaks(signal, 441));
    expect(builder.length).toBe(Math.ceil(signal.length / 441));
    for (const bucket of [0, 57, builder.length - 1]) {
      const slice = signal.subarray(bucket * 441, bucket * 441 + 441);
      expect(built.min[bucket]).toBe(Math.min(...slice));
      expect(built.max[bucket]).toBe(Math.max(...slice));
    }
  });

  it('reads peaks so far, including the bucket being filled, and from an index on', () => {
    const builder = new PeaksBuilder(3);
    builder.push(Float32Array.of(0.1, -0.2, 0.3, 0.5));
    expect(builder.length).toBe(2);
    expect([...builder.read().max]).toEqual([0.3, 0.5].map(Math.fround));
    builder.push(Float32Array.of(-0.9));
    const tail = builder.read(1);
    expect([...tail.min]).toEqual([Math.fround(-0.9)]);
    expect(builder.read(5).min.length).toBe(0);
  });

  it('refuses a bucket size that is not a positive integer', () => {
    expect(() => new PeaksBuilder(0)).toThrow();
    expect(() => new PeaksBuilder(2.5)).toThrow();
  });
});
