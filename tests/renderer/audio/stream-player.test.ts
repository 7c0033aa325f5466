import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StreamPlayer } from '../../../renderer/audio/stream-player';
import { fakeContexts, type FakeAudioContext } from '../fake-audio-context';

const RATE = 16000;
const chunk = (frames: number, value = 0.25) => new Float32Array(frames).fill(value);

describe('StreamPlayer', () => {
  let contexts: ReturnType<typeof fakeContexts>;
  let player: StreamPlayer;
  let ctx: FakeAudioContext;

  beforeEach(() => {
    vi.useFakeTimers();
    contexts = fakeContexts();
    player = new StreamPlayer(contexts.create);
    player.begin(RATE);
    ctx = contexts.made[0]!;
  });
  afterEach(() => vi.useRealTimers());

  it('runs its clock at the stream rate and schedules chunks back to back from a 50 ms lead', () => {
    ctx.currentTime = 1;
    player.enqueue(0, chunk(800), 0, performance.now());
    player.enqueue(0, chunk(1600), 800, performance.now());
    player.enqueue(1, chunk(400), 2400, performance.now());
    expect(ctx.sampleRate).toBe(RATE);
    const starts = ctx.sources.map((s) => s.startedAt!);
    expect(starts[0]).toBeCloseTo(1.05, 9);
    // Contiguous to the frame: each start is the previous start plus the previous length.
    expect(starts[1]! * RATE - starts[0]! * RATE).toBeCloseTo(800, 9);
    expect(starts[2]! * RATE - starts[1]! * RATE).toBeCloseTo(1600, 9);
    expect(ctx.sources[1]!.buffer!.getChannelData()[0]).toBe(0.25);
  });

  it('reuses the context for a stream at the same rate and makes a new one for another rate', () => {
    player.begin(RATE);
    expect(contexts.made).toHaveLength(1);
    player.begin(24000);
    expect(contexts.made).toHaveLength(2);
    expect(contexts.made[0]!.state).toBe('closed');
  });

  it('follows the sentence and the take position on the audio clock', () => {
    player.enqueue(0, chunk(RATE), 0, 0);
    player.enqueue(1, chunk(RATE), RATE, 0);
    ctx.currentTime = 0.05 + 0.5;
    expect(player.currentSentence).toBe(0);
    expect(player.takeSeconds).toBeCloseTo(0.5, 6);
    ctx.currentTime = 0.05 + 1.25;
    expect(player.currentSentence).toBe(1);
    expect(player.takeSeconds).toBeCloseTo(1.25, 6);
  });

  it('rewind fades out the sounding buffer, never starts the later ones, and routes new audio to a fresh bus', () => {
    player.enqueue(0, chunk(RATE), 0, 0); // 0.05..1.05
    player.enqueue(1, chunk(RATE), RATE, 0); // 1.05..2.05
    player.enqueue(2, chunk(RATE), 2 * RATE, 0); // 2.05..3.05
    const [s0, s1, s2] = ctx.sources;
    const oldBus = s1!.bus!;
    ctx.currentTime = 1.5;
    player.rewind(1);
    expect(s0!.stoppedAt).toBeNull();
    expect(s1!.stoppedAt).toBeCloseTo(1.508, 6);
    expect(s2!.stoppedAt).toBe(0);
    expect(oldBus.gain.events.at(-1)).toEqual({ type: 'ramp', value: 0, time: 1.508 });
    player.enqueue(1, chunk(800), RATE, 0);
    const replacement = ctx.sources[3]!;
    expect(replacement.bus).not.toBe(oldBus);
    expect(replacement.startedAt).toBeCloseTo(1.55, 6);
  });

  it('sentence-reset cancels only that sentence’s buffers that have not started', () => {
    player.enqueue(0, chunk(RATE), 0, 0);
    player.enqueue(1, chunk(RATE), RATE, 0);
    player.enqueue(1, chunk(RATE), 2 * RATE, 0);
    ctx.currentTime = 1.5;
    player.resetSentence(1);
    expect(ctx.sources.map((s) => s.stoppedAt)).toEqual([null, null, 0]);
  });

  it('stop silences everything at once', () => {
    player.enqueue(0, chunk(RATE), 0, 0);
    player.enqueue(0, chunk(RATE), RATE, 0);
    ctx.currentTime = 0.5;
    player.stop();
    expect(ctx.sources[0]!.stoppedAt).toBeCloseTo(0.508, 6);
    expect(ctx.sources[1]!.stoppedAt).toBe(0);
    expect(player.remainingSeconds).toBe(0);
  });

  it('reports ended once a finished stream has played out', () => {
    const ended = vi.fn();
    player.onEnded(ended);
    player.enqueue(0, chunk(RATE / 2), 0, 0);
    player.finish();
    vi.advanceTimersByTime(600);
    expect(ended).not.toHaveBeenCalled(); // the clock has not moved: still queued
    ctx.currentTime = 1;
    vi.advanceTimersByTime(1000);
    expect(ended).toHaveBeenCalledOnce();
  });

  it('measures chunk arrival to scheduled playback', () => {
    ctx.currentTime = 2;
    const arrived = performance.now();
    player.enqueue(0, chunk(RATE), 0, arrived);
    player.enqueue(0, chunk(RATE), RATE, arrived);
    const { firstChunk, allChunks } = player.latency.summary();
    expect(firstChunk.count).toBe(1);
    expect(firstChunk.medianMs).toBeGreaterThan(49.9);
    expect(firstChunk.medianMs).toBeLessThan(60);
    expect(allChunks.count).toBe(2);
    expect(allChunks.maxMs).toBeGreaterThan(1049.9); // queued behind one second of audio
  });
});
