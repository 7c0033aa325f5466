import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { probeAudio } from '../../../electron/engine/audio/probe';
import { parseWav } from '../../../electron/engine/audio/wav';
import { openEngine } from '../../../electron/engine/create-provider';
import { dispatchInvoke, dispatchStream } from '../../../electron/engine/studio/dispatch';
import type { SetTimer } from '../../../electron/engine/studio/play-session';
import { createStudioService, type StudioService } from '../../../electron/engine/studio/studio-service';
import type { InvokeChannel, InvokeResponses } from '../../../shared/ipc-contract';
import { DEFAULT_VOICE_ID } from '../../../shared/models';
import { startSimulator, type Simulator } from '../../simulator/index';
import {
  memoryKeyStore,
  recordEvents,
  streamedAudio,
  tempDataDir,
  TestSink,
  totalSamples,
} from '../../unit/studio/fakes';

/** The real engines against the simulator: the Async clients, the WebSocket provider, the offline engine. */
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ faults: { realtimeFactor: 20, firstAudioMs: 20 } });
});
afterAll(() => sim.close());

let dir: string;
let cleanup: () => Promise<void>;
let service: StudioService | null = null;
beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
afterEach(async () => {
  await service?.close();
  service = null;
  await cleanup();
});

/** `done` waits until the test says the listener has heard everything (from then on, at once). */
function heardTimer() {
  const armed: Array<() => void> = [];
  let heard = false;
  const setTimer: SetTimer = (callback) => {
    if (heard) {
      const handle = setImmediate(callback);
      return () => clearImmediate(handle);
    }
    armed.push(callback);
    return () => armed.splice(armed.indexOf(callback), 1);
  };
  const heardAll = () => {
    heard = true;
    armed.splice(0).forEach((fire) => fire());
  };
  return { setTimer, heardAll };
}

async function start(env: Record<string, string> = {}) {
  const { emit, events } = recordEvents();
  const timer = heardTimer();
  service = await createStudioService({
    dataDir: dir,
    emit,
    keyStore: memoryKeyStore().keyStore,
    env: { ASYNCAI_API_URL: sim.httpUrl, ASYNCAI_WS_URL: sim.wsUrl, ...env },
    openEngine,
    exportTarget: { deliver: async (fileName) => ({ path: join(dir, fileName), downloadUrl: null }) },
    reveal: async () => false,
    openExternal: async () => false,
    appInfo: { name: 'Async Voice Studio', version: '0.0.0', shell: 'web', platform: 'linux' },
    setTimer: timer.setTimer,
  });
  const current = service;
  const invoke = async <C extends InvokeChannel>(channel: C, payload: unknown): Promise<InvokeResponses[C]> => {
    const result = await dispatchInvoke(current.handlers, channel, payload);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { info: result.error });
    return result.value as InvokeResponses[C];
  };
  const play = (text: string) => {
    const sink = new TestSink();
    const finished = dispatchStream(current.streams, 'speech:play', { text }, sink);
    return { sink, finished };
  };
  return {
    invoke,
    play,
    events,
    heardAll: timer.heardAll,
    raw: (c: string, p: unknown) => dispatchInvoke(current.handlers, c, p),
  };
}

const SCRIPT = 'The studio speaks through the simulator. Each sentence is its own context. The last one ends here.';

describe('studio service against the simulator', () => {
  it('checks a key with the API before keeping it, then browses and previews the Async catalogue', async () => {
    const studio = await start();
    await expect(studio.invoke('key:set', { key: 'sk_not_a_valid_key', persist: true })).rejects.toMatchObject({
      info: { code: 'AUTH' },
    });
    expect(await studio.invoke('key:status', {})).toMatchObject({ hasKey: false });
    expect(await studio.invoke('key:set', { key: sim.apiKey, persist: true })).toMatchObject({
      hasKey: true,
      storage: 'keychain',
      hint: `…${sim.apiKey.slice(-4)}`,
    });
    const voices = await studio.invoke('voices:list', { engine: 'async' });
    expect(voices.length).toBe(sim.voices.length);
    expect(voices.map((v) => v.id)).toContain(DEFAULT_VOICE_ID);
    const british = await studio.invoke('voices:list', { engine: 'async', filter: { accent: 'british' } });
    expect(british.length).toBeGreaterThan(0);
    expect(british.every((v) => v.accent.toLowerCase().includes('british'))).toBe(true);

    const preview = await studio.invoke('voices:preview', { voiceId: DEFAULT_VOICE_ID });
    expect(preview.mimeType).toMatch(/audio/);
    expect(probeAudio(preview.bytes).durationSeconds).toBeGreaterThan(0.5);
  });

  it('plays over the WebSocket with the environment key, retunes to another voice mid-play, exports MP3', async () => {
    const studio = await start({ ASYNCAI_API_KEY: sim.apiKey });
    expect(await studio.invoke('key:status', {})).toMatchObject({ storage: 'environment' });
    await studio.invoke('settings:update', { sampleRate: 24000 });
    const other = sim.voices.find((v) => v.voice_id !== DEFAULT_VOICE_ID && v.language.split(',').includes('en'))!;

    const { sink, finished } = studio.play(SCRIPT);
    const format = await sink.waitFor((m) => m.type === 'format');
    expect(format).toMatchObject({ engine: 'async', sampleRate: 24000 });
    await sink.waitFor((m) => m.type === 'sentence-end' && m.index === 0);
    const playId = format.type === 'format' ? format.playId : '';
    expect(
      await studio.invoke('speech:retune', { playId, fromSentence: 1, settings: { voiceId: other.voice_id } }),
    ).toEqual({ fromSentence: 1 });
    await sink.waitFor((m) => m.type === 'rewind');
    // The take is stored once synthesis completes; `done` then waits for the listener.
    await sink.waitFor((m) => m.type === 'sentence-end' && m.index === 2 && m.seq > sink.ofType('rewind')[0]!.seq);
    studio.heardAll();
    await finished;

    const done = sink.messages.at(-1)!;
    expect(done.type).toBe('done');
    const takeId = done.type === 'done' ? done.takeId! : '';
    const [take] = await studio.invoke('takes:list', {});
    expect(take!.id).toBe(takeId);
    expect(take!.engine).toBe('async');
    expect(take!.sentences.map((s) => [s.index, s.settings.voiceId])).toEqual([
      [0, DEFAULT_VOICE_ID],
      [1, other.voice_id],
      [2, other.voice_id],
    ]);
    const wav = parseWav(await readFile(join(dir, 'takes', `${takeId}.wav`)));
    expect(wav.pcm.length).toBe(totalSamples(streamedAudio(sink.messages)));
    expect(
      studio.events.some((e) => e.event === 'connection:event' && (e.payload as { type: string }).type === 'connected'),
    ).toBe(true);
    expect(JSON.stringify(studio.events)).not.toContain(sim.apiKey);

    const exported = await studio.invoke('export:take', {
      takeId,
      format: 'mp3',
      sampleRate: 44100,
      targetLufs: -19,
      region: null,
    });
    expect(exported.integratedLufs).toBeCloseTo(-19, 0);
    expect(exported.durationSeconds).toBeCloseTo(take!.durationSeconds, 1);
  });

  it('plays over HTTP streaming too', async () => {
    const studio = await start({ ASYNCAI_API_KEY: sim.apiKey });
    await studio.invoke('settings:update', { transport: 'http', sampleRate: 16000 });
    const { sink, finished } = studio.play('Over plain HTTP. Sentence by sentence.');
    await sink.waitFor((m) => m.type === 'sentence-end' && m.index === 1);
    studio.heardAll();
    await finished;
    const [take] = await studio.invoke('takes:list', {});
    expect(take).toMatchObject({ engine: 'async', transport: 'http', sampleRate: 16000 });
    expect(take!.sentences).toHaveLength(2);
    expect(sim.recording.http.some((r) => r.path === '/text_to_speech/streaming')).toBe(true);
  });

  it('reports a voice the API does not know in plain words, ending the stream', async () => {
    const studio = await start({ ASYNCAI_API_KEY: sim.apiKey });
    await studio.invoke('settings:update', { voiceId: '00000000-0000-4000-8000-000000000000' });
    const { sink, finished } = studio.play('Nobody speaks this.');
    await finished;
    const last = sink.messages.at(-1)!;
    expect(last).toMatchObject({ type: 'error', error: { code: 'BAD_INPUT', apiCode: 'VOICE_NOT_FOUND' } });
    expect(await studio.invoke('takes:list', {})).toEqual([]);
  });
});
