import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OfflineProvider } from '../../../electron/engine/offline/offline-provider';
import { createEnginePool, NO_KEY_NOTICE } from '../../../electron/engine/studio/engine-pool';
import { openKeyManager } from '../../../electron/engine/studio/key-manager';
import {
  createPlayer,
  SYNTHESIS_LEAD_MS,
  SYNTHESIS_RESUME_MS,
  takeNameFor,
  type SetTimer,
} from '../../../electron/engine/studio/play-session';
import { openSettingsStore } from '../../../electron/engine/studio/settings-store';
import { openTakeStore } from '../../../electron/engine/studio/take-store';
import type { TtsProvider } from '../../../electron/engine/tts-provider';
import type { SettingsPatch } from '../../../shared/settings';
import {
  FakeProvider,
  TestSink,
  fakeOpenEngine,
  immediateTimer,
  levelOf,
  memoryKeyStore,
  streamedAudio,
  tempDataDir,
  totalSamples,
} from './fakes';

let dir: string;
let cleanup: () => Promise<void>;
/** Writes still in flight (recently used voices) finish before the folder goes. */
let pending: Array<() => Promise<void>> = [];
beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
afterEach(async () => {
  for (const flush of pending) await flush();
  pending = [];
  await cleanup();
});

const SCRIPT = 'First sentence here. Second one follows. Third and last.';
const RATE = 16000;

/** A timer the test fires by hand, standing in for "the listener has heard the end". */
function manualTimer() {
  const armed: Array<{ ms: number; fire: () => void }> = [];
  let onArm: (() => void) | null = null;
  const setTimer: SetTimer = (callback, ms) => {
    const entry = { ms, fire: callback };
    armed.push(entry);
    onArm?.();
    return () => armed.splice(armed.indexOf(entry), 1);
  };
  /** Resolves once a wait is armed (synthesis is complete and the take stored). */
  const nextArmed = () =>
    armed.length ? Promise.resolve(armed[0]!) : new Promise<(typeof armed)[0]>((r) => (onArm = () => r(armed[0]!)));
  return { setTimer, armed, nextArmed };
}

async function setUp(
  provider: TtsProvider,
  patch: SettingsPatch = {},
  timing: { setTimer?: SetTimer; now?: () => number } = {},
) {
  const settings = await openSettingsStore({ dataDir: dir, emit: () => undefined });
  await settings.update({ sampleRate: RATE, ...patch });
  const keys = await openKeyManager({
    keyStore: memoryKeyStore().keyStore,
    env: {},
    validateKey: async () => undefined,
    settings,
  });
  const takes = await openTakeStore({ dataDir: dir, emit: () => undefined });
  const { openEngine, opened } = fakeOpenEngine(provider);
  const pool = createEnginePool({ openEngine, keys });
  const player = createPlayer({
    pool,
    settings,
    takes,
    setTimer: timing.setTimer ?? immediateTimer,
    now: timing.now,
  });
  pending.push(
    () => settings.flush(),
    () => takes.flush(),
  );
  return { settings, takes, player, pool, opened };
}

describe('play session with a scripted provider', () => {
  it('streams format, sentences and coalesced chunks in order, then stores the take and says done', async () => {
    const provider = new FakeProvider({ chunkMs: 20, sentenceSeconds: 0.33 });
    const { player, takes } = await setUp(provider);
    const sink = new TestSink();
    const playing = player.play(SCRIPT, sink);
    const done = await sink.waitFor((m) => m.type === 'done');

    const [format] = sink.messages;
    expect(format).toMatchObject({ type: 'format', sampleRate: RATE, engine: 'offline' });
    expect(format).not.toHaveProperty('notice');
    expect(sink.messages.map((m) => m.seq)).toEqual(sink.messages.map((_, i) => i));
    const order = sink.messages.filter((m) => m.type !== 'chunk').map((m) => `${m.type}${'index' in m ? m.index : ''}`);
    expect(order).toEqual([
      'format',
      'sentence-start0',
      'sentence-end0',
      'sentence-start1',
      'sentence-end1',
      'sentence-start2',
      'sentence-end2',
      'done',
    ]);
    // 20 ms upstream frames go out as 60 ms messages (the first that reaches 50 ms), the sentence's rest last.
    const sizes = sink.ofType('chunk').map((c) => c.pcm.byteLength / 4);
    expect(sizes.slice(0, 5)).toEqual([960, 960, 960, 960, 960]);
    expect(sizes.every((n) => n <= 0.1 * RATE)).toBe(true);

    const takeId = done.type === 'done' ? done.takeId : null;
    expect(takeId).toEqual(expect.any(String));
    const take = takes.get(takeId!)!;
    const audio = await takes.audio(takeId!);
    expect(audio.pcm.length).toBe(totalSamples(streamedAudio(sink.messages)));
    expect(take).toMatchObject({ name: takeNameFor(SCRIPT), text: SCRIPT, sampleRate: RATE, engine: 'offline' });
    expect(take.sentences.map((s) => s.text)).toEqual([
      'First sentence here.',
      'Second one follows.',
      'Third and last.',
    ]);
    expect(take.durationSeconds).toBeCloseTo(3 * 0.33, 3);
    expect(take.timeToFirstAudioMs).toEqual(expect.any(Number));

    sink.close();
    await playing;
  });

  it('stop mid-stream aborts the provider at once and keeps the finished sentences as a "(stopped)" take', async () => {
    const provider = new FakeProvider();
    const { player, takes } = await setUp(provider);
    const sink = new TestSink();
    const gate = provider.hold(1);
    const playing = player.play(SCRIPT, sink);
    await gate.reached;
    sink.close();
    expect(provider.calls[0]!.signal?.aborted).toBe(true);
    await playing;
    gate.release();
    const [take] = takes.list();
    expect(take?.name).toBe(`${takeNameFor(SCRIPT)} (stopped)`);
    expect(take?.sentences.map((s) => s.index)).toEqual([0]);
    expect(sink.ofType('done')).toEqual([]);
  });

  it('a stop before any sentence finished keeps no take', async () => {
    const provider = new FakeProvider();
    const { player, takes } = await setUp(provider);
    const sink = new TestSink();
    const gate = provider.hold(0);
    const playing = player.play(SCRIPT, sink);
    await gate.reached;
    sink.close();
    gate.release();
    await playing;
    expect(takes.list()).toEqual([]);
  });

  it('retune mid-stream rewinds, re-synthesises from that sentence with the new voice and carries on', async () => {
    const provider = new FakeProvider();
    const { player, takes, settings } = await setUp(provider, { offlineVoiceId: 'offline:slt' });
    const sink = new TestSink();
    const gate = provider.hold(2);
    const playing = player.play(SCRIPT, sink);
    const format = await sink.waitFor((m) => m.type === 'format');
    await gate.reached;
    const playId = format.type === 'format' ? format.playId : '';
    const answer = await player.retune({ playId, fromSentence: 1, settings: { offlineVoiceId: 'offline:rms' } });
    expect(answer).toEqual({ fromSentence: 1 });
    expect(provider.calls[0]!.signal?.aborted).toBe(true);
    gate.release();
    const done = await sink.waitFor((m) => m.type === 'done');

    expect(settings.get().offlineVoiceId).toBe('offline:rms');
    expect(settings.get().recentVoiceIds.slice(0, 2)).toEqual(['offline:rms', 'offline:slt']);
    const rewindAt = sink.messages.findIndex((m) => m.type === 'rewind');
    expect(sink.messages[rewindAt]).toMatchObject({ fromSentence: 1 });
    expect(provider.calls[1]!.pieces.map((p) => p.text).join(' ')).toBe('Second one follows. Third and last.');
    const restarted = sink.messages.slice(rewindAt).filter((m) => m.type === 'sentence-start');
    expect(restarted.map((m) => m.type === 'sentence-start' && [m.index, m.settings.voiceId])).toEqual([
      [1, 'offline:rms'],
      [2, 'offline:rms'],
    ]);

    const take = takes.get(done.type === 'done' ? done.takeId! : '')!;
    expect(take.sentences.map((s) => [s.index, s.settings.voiceId])).toEqual([
      [0, 'offline:slt'],
      [1, 'offline:rms'],
      [2, 'offline:rms'],
    ]);
    const { pcm } = await takes.audio(take.id);
    expect(pcm.length).toBe(Math.round(3 * 0.3 * RATE));
    const levelAt = (seconds: number) => pcm[Math.round(seconds * RATE)]!;
    expect(levelAt(0.15)).toBeCloseTo(levelOf('offline:slt'), 5);
    expect(levelAt(0.45)).toBeCloseTo(levelOf('offline:rms'), 5);
    expect(levelAt(0.75)).toBeCloseTo(levelOf('offline:rms'), 5);
    expect(pcm.length).toBe(totalSamples(streamedAudio(sink.messages)));

    sink.close();
    await playing;
  });

  it('done waits for the end of playback as estimated from the audio sent, plus a grace period', async () => {
    const timer = manualTimer();
    const provider = new FakeProvider({ sentenceSeconds: 0.3 });
    // A clock that stands still: the whole take is still to be heard when synthesis completes.
    const { player, takes } = await setUp(provider, {}, { setTimer: timer.setTimer, now: () => 0 });
    const sink = new TestSink();
    const playing = player.play(SCRIPT, sink);
    const wait = await timer.nextArmed();
    expect(wait.ms).toBeCloseTo(3 * 300 + 1000, 6);
    expect(takes.list()).toHaveLength(1);
    expect(sink.ofType('done')).toEqual([]);
    wait.fire();
    await playing;
    expect(sink.messages.at(-1)).toMatchObject({ type: 'done', takeId: takes.list()[0]!.id });
  });

  it('retune after synthesis completed, while the listener is still hearing it, updates the same take', async () => {
    const timer = manualTimer();
    const provider = new FakeProvider();
    const { player, takes } = await setUp(provider, {}, { setTimer: timer.setTimer });
    const sink = new TestSink();
    const playing = player.play(SCRIPT, sink);
    await timer.nextArmed();
    const firstVersion = takes.list()[0]!;
    const format = sink.messages[0]!;
    const playId = format.type === 'format' ? format.playId : '';
    timer.armed.length = 0;
    await player.retune({ playId, fromSentence: 2, settings: { offlineVoiceId: 'offline:awb' } });
    (await timer.nextArmed()).fire();
    await playing;

    expect(sink.ofType('done')).toHaveLength(1);
    expect(sink.ofType('done')[0]!.takeId).toBe(firstVersion.id);
    expect(takes.list()).toHaveLength(1);
    const take = takes.list()[0]!;
    expect(take.sentences.map((s) => s.settings.voiceId)).toEqual(['offline:slt', 'offline:slt', 'offline:awb']);
    expect(provider.calls[1]!.pieces.map((p) => p.text)).toEqual(['Third and last.']);
    await expect(player.retune({ playId, fromSentence: 0, settings: {} })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stop after synthesis completed keeps the take as it was and sends nothing more', async () => {
    const timer = manualTimer();
    const { player, takes } = await setUp(new FakeProvider(), {}, { setTimer: timer.setTimer });
    const sink = new TestSink();
    const playing = player.play(SCRIPT, sink);
    await timer.nextArmed();
    const stored = takes.list()[0]!;
    sink.close();
    await playing;
    expect(takes.list()).toEqual([stored]);
    expect(sink.ofType('done')).toEqual([]);
  });

  it('a newer play ends at once a session that was only waiting for its listener', async () => {
    const timer = manualTimer();
    const { player } = await setUp(new FakeProvider({ sentenceSeconds: 0.05 }), {}, { setTimer: timer.setTimer });
    const first = new TestSink();
    const firstPlaying = player.play('One. Two.', first);
    await timer.nextArmed();
    const second = new TestSink();
    const secondPlaying = player.play('Three.', second);
    await firstPlaying;
    expect(first.messages.at(-1)?.type).toBe('done');
    second.close();
    await secondPlaying;
  });

  it('a provider failure ends the stream with its error and keeps what finished as "(incomplete)"', async () => {
    const provider = new FakeProvider({ failAt: 1 });
    const { player, takes } = await setUp(provider);
    const sink = new TestSink();
    await expect(player.play(SCRIPT, sink)).rejects.toMatchObject({ code: 'NETWORK' });
    expect(takes.list().map((t) => [t.name, t.sentences.length])).toEqual([[`${takeNameFor(SCRIPT)} (incomplete)`, 1]]);
  });

  it('speaks with the offline engine when Async is chosen without a key, and says so', async () => {
    const provider = new FakeProvider({ sentenceSeconds: 0.05 });
    const { player, opened } = await setUp(provider, { engine: 'async' });
    const sink = new TestSink();
    const playing = player.play('Hello.', sink);
    await sink.waitFor((m) => m.type === 'done');
    expect(sink.messages[0]).toMatchObject({ type: 'format', engine: 'offline', notice: NO_KEY_NOTICE });
    expect(opened.map((o) => o.requested)).toEqual(['offline']);
    sink.close();
    await playing;
  });

  it('refuses a script with nothing to speak', async () => {
    const { player } = await setUp(new FakeProvider());
    await expect(player.play('   \n  ', new TestSink())).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});

describe('play session with the offline engine', () => {
  it('plays, retunes to another voice mid-stream, and keeps a take matching the streamed audio', async () => {
    const provider = new OfflineProvider();
    try {
      const timer = manualTimer();
      const { player, takes } = await setUp(
        provider,
        { offlineVoiceId: 'offline:slt', sampleRate: 22050 },
        { setTimer: timer.setTimer },
      );
      const sink = new TestSink();
      const playing = player.play('The quick brown fox. Jumps over the dog. And runs away.', sink);
      const format = await sink.waitFor((m) => m.type === 'format');
      await sink.waitFor((m) => m.type === 'sentence-end' && m.index === 0);
      const playId = format.type === 'format' ? format.playId : '';
      const { fromSentence } = await player.retune({
        playId,
        fromSentence: 1,
        settings: { offlineVoiceId: 'offline:kal16' },
      });
      expect(fromSentence).toBe(1);
      (await timer.nextArmed()).fire();
      const done = await sink.waitFor((m) => m.type === 'done');
      const take = takes.get(done.type === 'done' ? done.takeId! : '')!;
      expect(take.sentences.map((s) => [s.index, s.settings.voiceId])).toEqual([
        [0, 'offline:slt'],
        [1, 'offline:kal16'],
        [2, 'offline:kal16'],
      ]);
      const { pcm, sampleRate } = await takes.audio(take.id);
      expect(sampleRate).toBe(22050);
      expect(pcm.length).toBe(totalSamples(streamedAudio(sink.messages)));
      expect(take.durationSeconds).toBeCloseTo(pcm.length / 22050, 6);
      expect(take.durationSeconds).toBeGreaterThan(2);
      sink.close();
      await playing;
    } finally {
      await provider.close();
    }
  });
});

/** A clock that moves only when the test fires a timer, which moves it to that timer's time. */
function steppedClock() {
  let now = 0;
  const armed: Array<{ at: number; callback: () => void }> = [];
  let onArm: (() => void) | null = null;
  const setTimer: SetTimer = (callback, ms) => {
    const entry = { at: now + ms, callback };
    armed.push(entry);
    onArm?.();
    return () => {
      if (armed.includes(entry)) armed.splice(armed.indexOf(entry), 1);
    };
  };
  /** Resolves once a timer is armed. */
  const nextArmed = (): Promise<void> =>
    armed.length ? Promise.resolve() : new Promise((resolve) => (onArm = () => ((onArm = null), resolve())));
  /** Moves the clock to the first armed timer and fires it. */
  const fire = () => {
    const entry = armed.shift()!;
    now = Math.max(now, entry.at);
    entry.callback();
  };
  return { now: () => now, setTimer, armed, nextArmed, fire };
}

describe('play session flow control', () => {
  const SENTENCES = 100;
  const LONG_SCRIPT = Array.from({ length: SENTENCES }, (_, i) => `Sentence number ${i + 1}.`).join(' ');
  /** One second per sentence, in 100 ms events. */
  const longProvider = () => new FakeProvider({ sentenceSeconds: 1, chunkMs: 100 });
  const sentMs = (sink: TestSink) => (1000 * totalSamples(streamedAudio(sink.messages))) / RATE;

  it('keeps synthesis a bounded lead ahead of playback, and the take still gets every sentence', async () => {
    const clock = steppedClock();
    const provider = longProvider();
    const { player, takes } = await setUp(provider, {}, { setTimer: clock.setTimer, now: clock.now });
    const sink = new TestSink();
    const playing = player.play(LONG_SCRIPT, sink);
    const done = sink.waitFor((m) => m.type === 'done');
    let pauses = 0;
    let maxLeadMs = 0;
    let maxProviderLeadMs = 0;
    while ((await Promise.race([done.then(() => 'done'), clock.nextArmed()])) !== 'done') {
      // Playback started at 0 and never ran dry (the clock only moves to a timer), so this is the lead.
      maxLeadMs = Math.max(maxLeadMs, sentMs(sink) - clock.now());
      maxProviderLeadMs = Math.max(maxProviderLeadMs, provider.calls[0]!.voices.length * 1000 - clock.now());
      if (sink.ofType('sentence-end').length < SENTENCES) pauses++;
      clock.fire();
    }

    expect(pauses).toBeGreaterThan(5);
    // One event (100 ms) may go out after the lead is reached; the provider is at most in that sentence.
    expect(maxLeadMs).toBeLessThanOrEqual(SYNTHESIS_LEAD_MS + 100);
    expect(maxLeadMs).toBeGreaterThan(SYNTHESIS_RESUME_MS);
    expect(maxProviderLeadMs).toBeLessThanOrEqual(SYNTHESIS_LEAD_MS + 1000);
    const take = takes.list()[0]!;
    expect(take.sentences.map((s) => s.index)).toEqual([...Array(SENTENCES).keys()]);
    expect((await takes.audio(take.id)).pcm.length).toBe(SENTENCES * RATE);
    expect(sentMs(sink)).toBe(SENTENCES * 1000);
    sink.close();
    await playing;
  });

  it('a stop while paused aborts the provider at once and keeps what was finished', async () => {
    const clock = steppedClock();
    const provider = longProvider();
    const { player, takes } = await setUp(provider, {}, { setTimer: clock.setTimer, now: clock.now });
    const sink = new TestSink();
    const playing = player.play(LONG_SCRIPT, sink);
    await clock.nextArmed();
    const finished = sink.ofType('sentence-end').length;
    expect(finished).toBeLessThan(SENTENCES);
    sink.close();
    expect(provider.calls[0]!.signal?.aborted).toBe(true);
    await playing;
    expect(clock.armed).toEqual([]);
    const [take] = takes.list();
    expect(take?.name).toBe(`${takeNameFor(LONG_SCRIPT)} (stopped)`);
    expect(take?.sentences).toHaveLength(finished);
  });

  it('a retune while paused re-synthesises at once from its sentence and carries on to the end', async () => {
    const clock = steppedClock();
    const provider = longProvider();
    const { player, takes } = await setUp(
      provider,
      { offlineVoiceId: 'offline:slt' },
      { setTimer: clock.setTimer, now: clock.now },
    );
    const sink = new TestSink();
    const playing = player.play(LONG_SCRIPT, sink);
    const format = await sink.waitFor((m) => m.type === 'format');
    await clock.nextArmed();
    const playId = format.type === 'format' ? format.playId : '';
    const answer = await player.retune({ playId, fromSentence: 5, settings: { offlineVoiceId: 'offline:rms' } });
    expect(answer).toEqual({ fromSentence: 5 });
    expect(provider.calls[0]!.signal?.aborted).toBe(true);
    await sink.waitFor((m) => m.type === 'sentence-start' && m.index === 5 && m.settings.voiceId === 'offline:rms');

    const done = sink.waitFor((m) => m.type === 'done');
    while ((await Promise.race([done.then(() => 'done'), clock.nextArmed()])) !== 'done') clock.fire();
    const take = takes.list()[0]!;
    expect(take.sentences.map((s) => s.settings.voiceId)).toEqual([
      ...Array<string>(5).fill('offline:slt'),
      ...Array<string>(SENTENCES - 5).fill('offline:rms'),
    ]);
    expect(sentMs(sink)).toBe(SENTENCES * 1000);
    sink.close();
    await playing;
  });
});
