// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { player, waveformView } from '../../../renderer/audio/playback-engine';
import { usePlaybackStore } from '../../../renderer/stores/usePlaybackStore';
import { useStatusStore } from '../../../renderer/stores/useStatusStore';
import { useTakesStore } from '../../../renderer/stores/useTakesStore';
import { stubAudioContexts, FakeAudioContext, type FakeBufferSource } from '../fake-audio-context';
import { makeTake, pcmBytes, type FakeStudio } from '../fake-studio';
import { startStudio } from '../studio-harness';

const RATE = 16000;
const settings = { voiceId: 'v-ava', modelId: 'async_flash_v1.0' };
const ones = (n: number) => new Array<number>(n).fill(0.5);

let contexts: FakeAudioContext[];

beforeEach(() => {
  contexts = stubAudioContexts();
});

afterEach(() => {
  usePlaybackStore.getState().api.stop();
  // The player is a singleton: a closed context makes the next test's stream open a fresh one.
  contexts.forEach((c) => (c.state = 'closed'));
  waveformView.set(null);
  vi.unstubAllGlobals();
});

const api = () => usePlaybackStore.getState().api;
const sources = (): FakeBufferSource[] => contexts.flatMap((c) => c.sources);

/** Starts speech and plays the engine's opening: format, then two sentences of audio. */
async function startSpeech(fake: FakeStudio) {
  api().play('One. Two. Three.');
  const stream = fake.lastStream();
  stream.send({ type: 'format', playId: 'play-1', sampleRate: RATE });
  stream.send({ type: 'sentence-start', index: 0, text: 'One.', settings });
  stream.send({ type: 'chunk', index: 0, pcm: pcmBytes(ones(RATE)) });
  stream.send({
    type: 'sentence-end',
    index: 0,
    metrics: { timeToFirstAudioMs: 90, charactersSent: 4, audioSeconds: 1 },
  });
  stream.send({ type: 'sentence-start', index: 1, text: 'Two.', settings });
  stream.send({ type: 'chunk', index: 1, pcm: pcmBytes(ones(RATE)) });
  return stream;
}

describe('playback store', () => {
  it('plays speech as it streams in: audio scheduled, status, first-audio time and a growing waveform', async () => {
    const fake = await startStudio();
    const stream = await startSpeech(fake);
    expect(stream.channel).toBe('speech:play');
    expect(stream.request).toEqual({ text: 'One. Two. Three.' });
    expect(usePlaybackStore.getState()).toMatchObject({
      status: 'playing',
      source: 'speech',
      playId: 'play-1',
      streaming: true,
    });
    expect(useStatusStore.getState().lastTtfaMs).not.toBeNull();
    expect(contexts[0]!.sampleRate).toBe(RATE);
    expect(sources().map((s) => s.startedAt! * RATE)).toEqual([800, 800 + RATE].map((f) => expect.closeTo(f, 6)));
    await vi.waitFor(() => expect(waveformView.get()?.peaks.durationSeconds).toBe(2));
    expect(waveformView.get()?.live).toBe(true);
  });

  it('a change of voice while streaming retunes from the sentence being heard instead of stopping', async () => {
    const fake = await startStudio({ settings: { engine: 'async', voiceId: 'v-ava' } });
    await startSpeech(fake);
    contexts[0]!.currentTime = 0.05 + 1.3; // inside sentence 1
    await api().changeSound({ voiceId: 'v-bruno' });
    expect(fake.callsTo('settings:update')).toEqual([{ voiceId: 'v-bruno' }]);
    expect(fake.callsTo('speech:retune')).toEqual([
      { playId: 'play-1', fromSentence: 1, settings: { voiceId: 'v-bruno' } },
    ]);
    expect(fake.lastStream().cancelled).toBe(false);

    // The engine answers with a rewind: sentence 1's old audio goes, the new audio follows at once.
    fake.lastStream().send({ type: 'rewind', fromSentence: 1 });
    expect(sources()[0]!.stoppedAt).toBeNull();
    expect(sources()[1]!.stoppedAt).toBeCloseTo(1.358, 6);
    fake.lastStream().send({ type: 'chunk', index: 1, pcm: pcmBytes(ones(800)) });
    expect(sources()[2]!.startedAt).toBeCloseTo(1.4, 6);
    await vi.waitFor(() => expect(waveformView.get()?.peaks.durationSeconds).toBeCloseTo(1.05, 6));
  });

  it('a change after the stream has finished only updates the settings', async () => {
    const fake = await startStudio();
    const stream = await startSpeech(fake);
    stream.send({ type: 'done', takeId: 'take-9' });
    await api().changeSound({ speed: 1.2 });
    expect(fake.callsTo('speech:retune')).toEqual([]);
    expect(fake.settings.speed).toBe(1.2);
  });

  it('done: the new take is selected and the waveform keeps the streamed peaks under its id', async () => {
    const fake = await startStudio();
    const stream = await startSpeech(fake);
    stream.send({ type: 'done', takeId: 'take-9' });
    expect(usePlaybackStore.getState()).toMatchObject({ streaming: false, takeId: 'take-9' });
    expect(useTakesStore.getState().selectedId).toBe('take-9');
    expect(waveformView.get()).toMatchObject({ takeId: 'take-9', live: false });
  });

  it('Stop cancels the stream and silences the audio at once; late messages are ignored', async () => {
    const fake = await startStudio();
    const stream = await startSpeech(fake);
    contexts[0]!.currentTime = 0.5;
    api().stop();
    expect(stream.cancelled).toBe(true);
    expect(usePlaybackStore.getState().status).toBe('idle');
    expect(sources()[0]!.stoppedAt).toBeCloseTo(0.508, 6);
    expect(sources()[1]!.stoppedAt).toBe(0);
    expect(player.remainingSeconds).toBe(0);
    stream.send({ type: 'chunk', index: 2, pcm: pcmBytes(ones(800)) });
    expect(sources()).toHaveLength(2);
    expect(usePlaybackStore.getState().status).toBe('idle');
  });

  it('Stop leaves the streamed waveform in view, no longer live; a refresh still pending cannot revive it', async () => {
    vi.useFakeTimers();
    try {
      const fake = await startStudio();
      await startSpeech(fake);
      api().stop();
      expect(waveformView.get()).toMatchObject({ takeId: null, live: false, peaks: { durationSeconds: 2 } });
      await vi.advanceTimersByTimeAsync(1000);
      expect(waveformView.get()).toMatchObject({ takeId: null, live: false, peaks: { durationSeconds: 2 } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('replaying a take while speech streams leaves the speech waveform no longer live', async () => {
    const fake = await startStudio({ takes: [makeTake('t1', { durationSeconds: 4 })] });
    await startSpeech(fake);
    api().playTake('t1');
    expect(waveformView.get()).toMatchObject({ takeId: null, live: false, peaks: { durationSeconds: 2 } });
  });

  it('replaying the take still selected while speech held the waveform shows that take again', async () => {
    const fake = await startStudio({ takes: [makeTake('t1', { durationSeconds: 4 })] });
    useTakesStore.getState().api.select('t1');
    await startSpeech(fake);
    api().stop();
    api().playTake('t1');
    await vi.waitFor(() => expect(waveformView.get()).toMatchObject({ takeId: 't1', live: false }));
  });

  it('Stop after done keeps the take shown under its id', async () => {
    const fake = await startStudio();
    const stream = await startSpeech(fake);
    stream.send({ type: 'done', takeId: 'take-9' });
    api().stop();
    expect(waveformView.get()).toMatchObject({ takeId: 'take-9', live: false });
  });

  it('an error mid-stream is reported and what was received still plays out', async () => {
    const fake = await startStudio();
    const stream = await startSpeech(fake);
    stream.send({ type: 'error', error: { code: 'NETWORK', message: 'socket hang up' } });
    expect(useStatusStore.getState().error?.info.code).toBe('NETWORK');
    expect(sources().every((s) => s.stoppedAt === null)).toBe(true);
  });

  it('a play that fails before any audio leaves the waveform showing what it showed', async () => {
    const fake = await startStudio();
    const shown = {
      takeId: 'old',
      peaks: { max: new Float32Array(4), min: new Float32Array(4), durationSeconds: 1 },
      live: false,
    };
    waveformView.set(shown);
    api().play('Hello.');
    fake.lastStream().send({ type: 'format', playId: 'p2', sampleRate: RATE });
    fake.lastStream().send({ type: 'error', error: { code: 'NETWORK', message: 'Cannot reach ws://127.0.0.1:9' } });
    expect(waveformView.get()).toEqual(shown);
    expect(useStatusStore.getState().error?.info.message).toBe('Cannot reach ws://127.0.0.1:9');
  });

  it('seeking replays the shown take from the clicked time', async () => {
    const fake = await startStudio({ takes: [makeTake('t1', { durationSeconds: 4 })] });
    useTakesStore.getState().api.select('t1');
    api().seek(1.5);
    const stream = fake.lastStream();
    expect(stream.channel).toBe('takes:audio');
    expect(stream.request).toEqual({ takeId: 't1', region: { startSeconds: 1.5, endSeconds: 4 } });
    stream.send({ type: 'format', playId: 'r1', sampleRate: RATE });
    stream.send({ type: 'chunk', index: 0, pcm: pcmBytes(ones(800)) });
    contexts[0]!.currentTime = 0.05 + 0.025;
    expect(player.takeSeconds).toBeCloseTo(1.525, 6);
  });

  it('a long take is fetched window by window, each one joining the last on the same clock', async () => {
    const fake = await startStudio({ takes: [makeTake('long', { durationSeconds: 70 })] });
    api().playTake('long');
    const first = fake.lastStream();
    expect(first.request).toEqual({ takeId: 'long', region: { startSeconds: 0, endSeconds: 30 } });
    first.send({ type: 'format', playId: 'r', sampleRate: RATE });
    first.send({ type: 'chunk', index: 0, pcm: pcmBytes(ones(800)) });
    first.send({ type: 'done', takeId: 'long' });
    await vi.waitFor(() => expect(fake.streams).toHaveLength(2));
    const second = fake.lastStream();
    expect(second.request).toEqual({ takeId: 'long', region: { startSeconds: 30, endSeconds: 60 } });
    second.send({ type: 'format', playId: 'r', sampleRate: RATE });
    second.send({ type: 'chunk', index: 3, pcm: pcmBytes(ones(800)) });
    expect(contexts).toHaveLength(1);
    const [a, b] = sources();
    expect(b!.startedAt! * RATE - a!.startedAt! * RATE).toBeCloseTo(800, 6);
    contexts[0]!.currentTime = b!.startedAt! + 0.01;
    expect(player.takeSeconds).toBeCloseTo(30.01, 6);
    second.send({ type: 'done', takeId: 'long' });
    await vi.waitFor(() => expect(fake.streams).toHaveLength(3));
    expect(fake.lastStream().request).toEqual({ takeId: 'long', region: { startSeconds: 60, endSeconds: 70 } });
    fake.lastStream().send({ type: 'done', takeId: 'long' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.streams).toHaveLength(3);
    expect(usePlaybackStore.getState().streaming).toBe(false);
  });

  it('a region loops while Loop is on, and stops looping when it is turned off', async () => {
    const fake = await startStudio({ takes: [makeTake('t1', { durationSeconds: 4 })] });
    const region = { startSeconds: 1, endSeconds: 2 };
    api().setRegion(region);
    api().setLoop(true);
    api().playTake('t1', region);
    fake.lastStream().send({ type: 'format', playId: 'r', sampleRate: RATE });
    fake.lastStream().send({ type: 'done', takeId: 't1' });
    await vi.waitFor(() => expect(fake.streams).toHaveLength(2));
    expect(fake.lastStream().request).toEqual({ takeId: 't1', region });
    api().setLoop(false);
    fake.lastStream().send({ type: 'format', playId: 'r', sampleRate: RATE });
    fake.lastStream().send({ type: 'done', takeId: 't1' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.streams).toHaveLength(2);
  });

  it('A/B switches to the other take at the same position', async () => {
    const fake = await startStudio({
      takes: [makeTake('a', { durationSeconds: 5 }), makeTake('b', { durationSeconds: 6 })],
    });
    useTakesStore.getState().api.setCompare('a', 'a');
    useTakesStore.getState().api.setCompare('b', 'b');
    api().compareSwitch();
    const first = fake.lastStream();
    expect(first.request).toEqual({ takeId: 'a', region: null });
    first.send({ type: 'format', playId: 'r1', sampleRate: RATE });
    first.send({ type: 'chunk', index: 0, pcm: pcmBytes(ones(RATE * 3)) });
    contexts[0]!.currentTime = 0.05 + 2;
    api().compareSwitch();
    expect(first.cancelled).toBe(true);
    expect(fake.lastStream().request).toEqual({
      takeId: 'b',
      region: { startSeconds: expect.closeTo(2, 6), endSeconds: 6 },
    });
    expect(useTakesStore.getState().selectedId).toBe('b');
  });
});
