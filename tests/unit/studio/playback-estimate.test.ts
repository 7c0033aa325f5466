import { describe, expect, it } from 'vitest';
import { PlaybackEstimate } from '../../../electron/engine/studio/playback-estimate';

describe('playback estimate', () => {
  it('plays chunks back to back from the first one, and resumes on arrival after running dry', () => {
    let now = 1000;
    const estimate = new PlaybackEstimate(() => now);
    estimate.chunk(0, 0.1);
    estimate.chunk(0, 0.1);
    expect(estimate.remainingMs()).toBeCloseTo(200);
    now = 1150;
    expect(estimate.remainingMs()).toBeCloseTo(50);
    now = 1500; // ran dry for 300 ms
    estimate.chunk(1, 0.2);
    expect(estimate.remainingMs()).toBeCloseTo(200);
  });

  it('a rewind drops what was queued from that sentence on, keeping its place in time', () => {
    let now = 0;
    const estimate = new PlaybackEstimate(() => now);
    estimate.chunk(0, 1); // plays 0–1000
    estimate.chunk(1, 1); // 1000–2000
    estimate.chunk(2, 1); // 2000–3000
    now = 500;
    estimate.rewind(1);
    expect(estimate.remainingMs()).toBeCloseTo(500);
    estimate.chunk(1, 2);
    expect(estimate.remainingMs()).toBeCloseTo(2500);
    now = 1200; // sentence 1 is playing: its replacement starts now
    estimate.rewind(1);
    expect(estimate.remainingMs()).toBe(0);
    estimate.rewind(5); // never started: nothing changes
    estimate.chunk(1, 0.5);
    expect(estimate.remainingMs()).toBeCloseTo(500);
  });
});
