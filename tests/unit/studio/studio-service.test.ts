import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { probeAudio } from '../../../electron/engine/audio/probe';
import { parseWav } from '../../../electron/engine/audio/wav';
import type { OpenEngineOptions } from '../../../electron/engine/create-provider';
import { OfflineProvider } from '../../../electron/engine/offline/offline-provider';
import { dispatchInvoke, dispatchStream } from '../../../electron/engine/studio/dispatch';
import type { ExportTarget } from '../../../electron/engine/studio/export-take';
import type { SetTimer } from '../../../electron/engine/studio/play-session';
import { createStudioService, type StudioService } from '../../../electron/engine/studio/studio-service';
import type { TtsProvider } from '../../../electron/engine/tts-provider';
import { StudioError } from '../../../shared/errors';
import {
  invokeChannels,
  streamChannels,
  type ExportResult,
  type InvokeChannel,
  type InvokeResponses,
  type StreamMessage,
} from '../../../shared/ipc-contract';
import type { Voice } from '../../../shared/voices';
import {
  FakeProvider,
  TestSink,
  captureLogs,
  fakeOpenEngine,
  immediateTimer,
  memoryKeyStore,
  recordEvents,
  tempDataDir,
} from './fakes';

const KEY = 'sk_live_0123456789abcdef_wxyz';
const RATE = 16000;

let dir: string;
let cleanup: () => Promise<void>;
const open: StudioService[] = [];
const providers: TtsProvider[] = [];
beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
afterEach(async () => {
  for (const service of open.splice(0)) await service.close();
  for (const provider of providers.splice(0)) await provider.close();
  await cleanup();
});

class AsyncCatalogueProvider extends FakeProvider {
  listed = 0;
  override async listVoices(): Promise<Voice[]> {
    this.listed++;
    const voice = (id: string, name: string, gender: string, languages: string[]): Voice => ({
      id,
      name,
      description: `${name} reads calmly`,
      languages,
      gender,
      accent: 'American',
      styles: ['Narration'],
      type: 'PREDEFINED',
      provider: 'async',
    });
    return [voice('a1', 'Ada', 'Female', ['en']), voice('b2', 'Bruno', 'Male', ['en', 'fr'])];
  }
}

interface Harness {
  service: StudioService;
  invoke<C extends InvokeChannel>(channel: C, payload: unknown): Promise<InvokeResponses[C]>;
  raw(channel: string, payload: unknown): ReturnType<typeof dispatchInvoke>;
  stream(channel: string, payload: unknown, sink?: TestSink): { sink: TestSink; finished: Promise<void> };
  events: ReturnType<typeof recordEvents>['events'];
  opened: OpenEngineOptions[];
  keyStore: ReturnType<typeof memoryKeyStore>['store'];
  delivered: Array<{ fileName: string; bytes: Uint8Array }>;
  revealed: string[];
  opener: string[];
  /** Every response and stream message, for the key-leak scan. */
  seen: unknown[];
}

async function start(
  options: {
    env?: Record<string, string>;
    offline?: TtsProvider;
    async?: TtsProvider;
    cancelExport?: boolean;
    setTimer?: SetTimer;
  } = {},
): Promise<Harness> {
  const { emit, events } = recordEvents();
  const { keyStore, store } = memoryKeyStore();
  const offline = options.offline ?? new OfflineProvider();
  const asyncProvider = options.async ?? new AsyncCatalogueProvider();
  providers.push(offline, asyncProvider);
  const opened: OpenEngineOptions[] = [];
  const { openEngine: openOffline } = fakeOpenEngine(offline);
  const { openEngine: openAsync } = fakeOpenEngine(asyncProvider);
  const delivered: Harness['delivered'] = [];
  const revealed: string[] = [];
  const opener: string[] = [];
  const exportTarget: ExportTarget = {
    async deliver(fileName, bytes) {
      if (options.cancelExport) return null;
      delivered.push({ fileName, bytes });
      return { path: join(dir, 'exports', fileName), downloadUrl: null };
    },
  };
  const service = await createStudioService({
    dataDir: dir,
    emit,
    keyStore,
    env: options.env ?? {},
    openEngine: (o) => {
      opened.push(o);
      return o.requested === 'async' ? openAsync(o) : openOffline(o);
    },
    validateKey: async (key) => {
      if (key !== KEY) throw new StudioError({ code: 'AUTH', message: `Key ${key} refused` });
    },
    exportTarget,
    reveal: async (path) => {
      revealed.push(path);
      return true;
    },
    openExternal: async (url) => {
      opener.push(url);
      return url.startsWith('https:');
    },
    appInfo: { name: 'Async Voice Studio', version: '9.9.9', shell: 'web', platform: 'linux' },
    setTimer: options.setTimer ?? immediateTimer,
  });
  open.push(service);
  const seen: unknown[] = [];
  const raw = async (channel: string, payload: unknown) => {
    const result = await dispatchInvoke(service.handlers, channel, payload);
    seen.push(result);
    return result;
  };
  return {
    service,
    raw,
    async invoke(channel, payload) {
      const result = await raw(channel, payload);
      if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
      return result.value as never;
    },
    stream(channel, payload, sink = new TestSink()) {
      const finished = dispatchStream(service.streams, channel, payload, sink).then(() => {
        seen.push(...sink.messages);
      });
      return { sink, finished };
    },
    events,
    opened,
    keyStore: store,
    delivered,
    revealed,
    opener,
    seen,
  };
}

async function play(h: Harness, text: string) {
  const { sink, finished } = h.stream('speech:play', { text });
  await finished;
  const done = sink.messages.at(-1);
  if (done?.type !== 'done') throw new Error(`play ended with ${JSON.stringify(done)}`);
  return { sink, takeId: done.takeId! };
}

const samplesOf = (messages: StreamMessage[]) =>
  messages.reduce((n, m) => n + (m.type === 'chunk' ? m.pcm.byteLength / 4 : 0), 0);

describe('studio service: the contract', () => {
  it('implements every invoke and stream channel of the contract', async () => {
    const h = await start();
    expect(Object.keys(h.service.handlers).sort()).toEqual(Object.keys(invokeChannels).sort());
    expect(Object.keys(h.service.streams).sort()).toEqual(Object.keys(streamChannels).sort());
  });

  it('answers app:info from the shell', async () => {
    const h = await start();
    expect(await h.invoke('app:info', {})).toEqual({
      name: 'Async Voice Studio',
      version: '9.9.9',
      shell: 'web',
      platform: 'linux',
    });
  });

  it.each([
    ['settings:update', { speed: 'fast' }],
    ['settings:update', { engine: 'cloud' }],
    ['settings:update', { httpUrl: 'javascript:alert(1)' }],
    ['settings:update', { speed: 1.2, isAdmin: true }],
    ['settings:update', JSON.parse('{"__proto__": {"polluted": true}}') as unknown],
    ['settings:get', 'everything'],
    ['key:set', { key: 'short', persist: true }],
    ['key:set', { key: 'x'.repeat(600), persist: true }],
    ['key:set', { key: KEY }],
    ['voices:list', { engine: 'both' }],
    ['voices:list', { engine: 'offline', filter: { query: 'x'.repeat(500) } }],
    ['voices:preview', { voiceId: '' }],
    ['takes:rename', { takeId: 'x', name: '   ' }],
    ['takes:delete', { takeId: 42 }],
    ['takes:peaks', { takeId: 'x', samplesPerPeak: 1 }],
    ['takes:peaks', { takeId: 'x', samplesPerPeak: 2 ** 30 }],
    ['speech:retune', { playId: 'p', fromSentence: -1, settings: {} }],
    ['speech:retune', { playId: 'p', fromSentence: 0.5, settings: {} }],
    ['export:take', { takeId: 't', format: 'flac', sampleRate: 44100, targetLufs: null, region: null }],
    ['export:take', { takeId: 't', format: 'wav', sampleRate: 96000, targetLufs: null, region: null }],
    ['export:take', { takeId: 't', format: 'wav', sampleRate: 44100, targetLufs: -14, region: null }],
    [
      'export:take',
      { takeId: 't', format: 'wav', sampleRate: 44100, targetLufs: null, region: { startSeconds: 2, endSeconds: 1 } },
    ],
    ['export:reveal', { path: '' }],
    ['shell:open-external', { url: 'x'.repeat(3000) }],
    ['no:such-channel', {}],
    ['__proto__', {}],
    ['toString', {}],
  ])('refuses a hostile %s payload with BAD_INPUT and keeps working', async (channel, payload) => {
    const h = await start();
    const result = await h.raw(channel, payload);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await h.invoke('settings:get', {})).toMatchObject({ engine: 'offline' });
  });

  it('refuses hostile stream payloads with an error message, not a crash', async () => {
    const h = await start();
    for (const [channel, payload] of [
      ['speech:play', { text: '' }],
      ['speech:play', { text: 'x'.repeat(200_001) }],
      ['speech:play', { text: 'Hi.', voice: 'evil' }],
      ['takes:audio', { takeId: '../../etc/passwd', region: null }],
      ['no:such-stream', {}],
    ] as const) {
      const { sink, finished } = h.stream(channel, payload);
      await finished;
      expect(sink.messages).toHaveLength(1);
      expect(sink.messages[0]).toMatchObject({ type: 'error' });
      const code = sink.messages[0]!.type === 'error' ? sink.messages[0]!.error.code : '';
      expect(['BAD_INPUT', 'NOT_FOUND']).toContain(code);
    }
  });

  it('settings:get and settings:update go through the store and emit settings:changed', async () => {
    const h = await start();
    const updated = await h.invoke('settings:update', { transport: 'http', stability: 30 });
    expect(updated).toMatchObject({ transport: 'http', stability: 30 });
    expect(await h.invoke('settings:get', {})).toEqual(updated);
    expect(h.events.filter((e) => e.event === 'settings:changed').at(-1)?.payload).toEqual(updated);
  });

  it('starts even when settings.json is damaged', async () => {
    await writeFile(join(dir, 'settings.json'), '\u0000\u0001garbage');
    const logs = captureLogs();
    const h = await start();
    logs.restore();
    expect(await h.invoke('settings:get', {})).toMatchObject({ engine: 'offline' });
    expect((await readdir(dir)).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true);
  });

  it('honours ASYNCAI_* at start: the key as "environment", the endpoints, the Async engine', async () => {
    const h = await start({
      env: { ASYNCAI_API_KEY: KEY, ASYNCAI_API_URL: 'http://127.0.0.1:9/', ASYNCAI_WS_URL: 'ws://127.0.0.1:9/ws' },
    });
    expect(await h.invoke('key:status', {})).toMatchObject({ hasKey: true, storage: 'environment', hint: '…wxyz' });
    expect(await h.invoke('settings:get', {})).toMatchObject({
      engine: 'async',
      httpUrl: 'http://127.0.0.1:9',
      wsUrl: 'ws://127.0.0.1:9/ws',
    });
    await h.invoke('voices:list', { engine: 'async' });
    expect(h.opened.at(-1)).toMatchObject({ requested: 'async', apiKey: KEY, apiUrl: 'http://127.0.0.1:9', env: {} });
  });
});

describe('studio service: the key', () => {
  it('never lets the key out: no response, event, error, log line or settings file contains it', async () => {
    const logs = captureLogs();
    try {
      const h = await start();
      const refused = await h.raw('key:set', { key: 'sk_wrong_key_that_is_long_1234', persist: true });
      expect(refused).toMatchObject({ ok: false, error: { code: 'AUTH' } });
      expect(JSON.stringify(refused)).not.toContain('sk_wrong_key_that_is_long_1234');
      expect(await h.invoke('key:set', { key: KEY, persist: true })).toEqual({
        hasKey: true,
        hint: '…wxyz',
        storage: 'keychain',
        canPersist: true,
        persistenceNote: null,
      });
      expect(h.keyStore.key).toBe(KEY);
      await h.invoke('key:status', {});
      await h.invoke('voices:list', { engine: 'async' });
      await h.invoke('settings:get', {});
      await play(h, 'Say something.');
      await h.raw('voices:preview', { voiceId: 'a1' });
      expect(await h.invoke('key:clear', {})).toMatchObject({ hasKey: false });
      await h.service.close();
      open.length = 0;

      const haystack = [
        JSON.stringify(h.seen, (_, v: unknown) => (v instanceof Uint8Array ? `<${v.byteLength} bytes>` : v)),
        JSON.stringify(h.events),
        logs.lines.join('\n'),
        await readFile(join(dir, 'settings.json'), 'utf8'),
        ...(await readdir(join(dir, 'takes'))).map((f) => f),
      ].join('\n');
      expect(haystack).toContain('wxyz');
      expect(haystack).not.toContain(KEY);
      expect(haystack).not.toContain(KEY.slice(0, -4));
    } finally {
      logs.restore();
    }
  });

  it('key:set switches to Async, key:clear back to offline, and the voice catalogue follows the key', async () => {
    const asyncProvider = new AsyncCatalogueProvider();
    const h = await start({ async: asyncProvider });
    expect(await h.raw('voices:list', { engine: 'async' })).toMatchObject({ ok: false, error: { code: 'AUTH' } });
    await h.invoke('key:set', { key: KEY, persist: false });
    expect(await h.invoke('settings:get', {})).toMatchObject({ engine: 'async' });
    expect((await h.invoke('voices:list', { engine: 'async' })).map((v) => v.id)).toEqual(['a1', 'b2']);
    await h.invoke('voices:list', { engine: 'async', filter: { gender: 'male' } });
    expect(asyncProvider.listed).toBe(1);
    await h.invoke('key:set', { key: KEY, persist: false });
    await h.invoke('voices:list', { engine: 'async' });
    expect(asyncProvider.listed).toBe(2);
    await h.invoke('key:clear', {});
    expect(await h.invoke('settings:get', {})).toMatchObject({ engine: 'offline' });
    expect(await h.raw('voices:list', { engine: 'async' })).toMatchObject({ ok: false, error: { code: 'AUTH' } });
  });
});

describe('studio service: voices', () => {
  it('lists and filters the offline catalogue, and previews an offline voice as WAV', async () => {
    const h = await start();
    const all = await h.invoke('voices:list', { engine: 'offline' });
    expect(all.map((v) => v.id)).toContain('offline:awb');
    const scottish = await h.invoke('voices:list', { engine: 'offline', filter: { accent: 'scot', query: 'awb' } });
    expect(scottish.map((v) => v.id)).toEqual(['offline:awb']);
    const preview = await h.invoke('voices:preview', { voiceId: 'offline:rms' });
    expect(preview.mimeType).toBe('audio/wav');
    const wav = parseWav(preview.bytes);
    expect(wav.pcm.length / wav.sampleRate).toBeGreaterThan(1);
    expect(await h.raw('voices:preview', { voiceId: 'some-async-voice' })).toMatchObject({
      ok: false,
      error: { code: 'AUTH' },
    });
  });
});

describe('studio service: play, takes, replay, export', () => {
  it('plays with the offline engine into a take whose WAV holds exactly the streamed audio', async () => {
    const h = await start();
    await h.invoke('settings:update', { sampleRate: 24000 });
    const { sink, takeId } = await play(h, 'Hello from the studio. This is a second sentence.');
    const takes = await h.invoke('takes:list', {});
    expect(takes.map((t) => t.id)).toEqual([takeId]);
    const wav = parseWav(await readFile(join(dir, 'takes', `${takeId}.wav`)));
    expect(wav.sampleRate).toBe(24000);
    expect(wav.pcm.length).toBe(samplesOf(sink.messages));
    expect(takes[0]!.durationSeconds).toBeCloseTo(wav.pcm.length / 24000, 6);
    expect(takes[0]!.sentences).toHaveLength(2);
    expect(h.events.some((e) => e.event === 'takes:changed')).toBe(true);
    expect((await h.invoke('settings:get', {})).recentVoiceIds[0]).toBe('offline:slt');
  });

  it('stop mid-stream (the consumer closes) cancels the provider', async () => {
    const provider = new FakeProvider();
    const h = await start({ offline: provider });
    const gate = provider.hold(1);
    const { sink, finished } = h.stream('speech:play', { text: 'One. Two. Three.' });
    await gate.reached;
    sink.close();
    expect(provider.calls[0]!.signal?.aborted).toBe(true);
    gate.release();
    await finished;
    const [take] = await h.invoke('takes:list', {});
    expect(take?.name).toMatch(/\(stopped\)$/);
  });

  it('retunes a play in progress through speech:retune, persisting the change', async () => {
    const provider = new FakeProvider({ sampleRate: RATE });
    const h = await start({ offline: provider });
    const gate = provider.hold(1);
    const { sink, finished } = h.stream('speech:play', { text: 'One. Two. Three.' });
    await gate.reached;
    const format = sink.messages[0]!;
    const playId = format.type === 'format' ? format.playId : '';
    expect(await h.raw('speech:retune', { playId: 'nope', fromSentence: 1, settings: {} })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      await h.raw('speech:retune', { playId, fromSentence: 1, settings: { offlineVoiceId: 'offline:kal' } }),
    ).toEqual({ ok: true, value: { fromSentence: 1 } });
    gate.release();
    await finished;
    const [take] = await h.invoke('takes:list', {});
    expect(take!.sentences.map((s) => s.settings.voiceId)).toEqual(['offline:slt', 'offline:kal', 'offline:kal']);
    expect((await h.invoke('settings:get', {})).offlineVoiceId).toBe('offline:kal');
  });

  it('renames, deletes, gives peaks, replays whole takes and regions', async () => {
    const provider = new FakeProvider({ sampleRate: RATE, sentenceSeconds: 0.5 });
    const h = await start({ offline: provider });
    await h.invoke('settings:update', { sampleRate: RATE });
    const { takeId } = await play(h, 'One. Two.');

    const peaks = await h.invoke('takes:peaks', { takeId, samplesPerPeak: 1600 });
    expect(peaks).toMatchObject({ samplesPerPeak: 1600, sampleRate: RATE });
    expect(peaks.min).toBeInstanceOf(Float32Array);
    expect(peaks.max.length).toBe(10);

    const whole = h.stream('takes:audio', { takeId, region: null });
    await whole.finished;
    expect(whole.sink.messages[0]).toMatchObject({ type: 'format', sampleRate: RATE });
    expect(whole.sink.messages.at(-1)).toMatchObject({ type: 'done', takeId });
    expect(samplesOf(whole.sink.messages)).toBe(RATE);
    expect(whole.sink.ofType('chunk').map((c) => c.index)).toEqual([0, 1]);

    const region = h.stream('takes:audio', { takeId, region: { startSeconds: 0.25, endSeconds: 0.75 } });
    await region.finished;
    expect(samplesOf(region.sink.messages)).toBe(RATE / 2);
    expect(region.sink.ofType('chunk').map((c) => [c.index, c.pcm.byteLength / 4])).toEqual([
      [0, 4000],
      [1, 4000],
    ]);
    const outside = h.stream('takes:audio', { takeId, region: { startSeconds: 5, endSeconds: 6 } });
    await outside.finished;
    expect(outside.sink.messages).toMatchObject([{ type: 'error', error: { code: 'BAD_INPUT' } }]);

    const renamed = await h.invoke('takes:rename', { takeId, name: '  Final read  ' });
    expect(renamed.name).toBe('Final read');
    expect(await h.invoke('takes:delete', { takeId })).toEqual({ deleted: true });
    expect(await h.invoke('takes:list', {})).toEqual([]);
    expect(await h.raw('takes:peaks', { takeId, samplesPerPeak: 100 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const changes = h.events.filter((e) => e.event === 'takes:changed');
    expect(changes.at(-1)?.payload).toEqual({ takes: [] });
  });

  it('a new service on the same data folder lists the same takes', async () => {
    const h = await start({ offline: new FakeProvider() });
    await play(h, 'First take.');
    await play(h, 'Second take.');
    const before = await h.invoke('takes:list', {});
    await h.service.close();
    open.length = 0;
    const again = await start({ offline: new FakeProvider() });
    expect(await again.invoke('takes:list', {})).toEqual(before);
    expect(before.map((t) => t.name)).toEqual(['Second take.', 'First take.']);
  });

  it.each([
    ['wav', 44100, 44100],
    ['mp3', 44100, 44100],
    ['ogg', 32000, 32000],
    ['mp3', 22050, 22050],
  ] as const)('exports %s at %i Hz: the file probes to the take length and rate', async (format, rate, expected) => {
    const h = await start();
    await h.invoke('settings:update', { sampleRate: 24000 });
    const { takeId } = await play(h, 'Export me, please.');
    const [take] = await h.invoke('takes:list', {});
    const result = await h.invoke('export:take', { takeId, format, sampleRate: rate, targetLufs: null, region: null });
    const file = h.delivered.at(-1)!;
    expect(file.fileName).toBe(`Export me, please.${format}`);
    expect(result).toMatchObject({
      fileName: file.fileName,
      path: join(dir, 'exports', file.fileName),
      downloadUrl: null,
    });
    const probe = probeAudio(file.bytes);
    expect(probe).toMatchObject({ format, sampleRate: expected, channels: 1 });
    expect(probe.durationSeconds).toBeCloseTo(take!.durationSeconds, 1);
    expect(result.durationSeconds).toBeCloseTo(take!.durationSeconds, 2);
    expect(Number.isFinite(result.integratedLufs)).toBe(true);
    const progress = h.events
      .filter((e) => e.event === 'export:progress')
      .map((e) => e.payload as { fraction: number });
    expect(progress[0]!.fraction).toBe(0);
    expect(progress.at(-1)!.fraction).toBe(1);
    expect(progress.every((p, i) => i === 0 || p.fraction > progress[i - 1]!.fraction)).toBe(true);
  });

  it('normalises to the target loudness under -1 dBTP, exports regions, and reports the measured figures', async () => {
    const h = await start();
    const { takeId } = await play(h, 'Loudness matters for podcasts. So does the true peak.');
    const normalised = (await h.invoke('export:take', {
      takeId,
      format: 'wav',
      sampleRate: 48000,
      targetLufs: -16,
      region: null,
    })) as ExportResult;
    expect(normalised.integratedLufs).toBeCloseTo(-16, 0);
    expect(normalised.truePeakDbtp).toBeLessThanOrEqual(-0.95);
    const region = await h.invoke('export:take', {
      takeId,
      format: 'wav',
      sampleRate: 48000,
      targetLufs: -23,
      region: { startSeconds: 0.5, endSeconds: 1.5 },
    });
    expect(region.fileName).toBe('Loudness matters for podcasts. So does the true… (0.5-1.5 s).wav');
    expect(probeAudio(h.delivered.at(-1)!.bytes).durationSeconds).toBeCloseTo(1, 3);
  });

  it('a cancelled save dialog is CANCELLED; reveal shows exported files only; links go to the shell opener', async () => {
    const cancelled = await start({ cancelExport: true });
    const { takeId } = await play(cancelled, 'Cancel me.');
    expect(
      await cancelled.raw('export:take', { takeId, format: 'wav', sampleRate: 16000, targetLufs: null, region: null }),
    ).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });

    const h = await start({ offline: new FakeProvider() });
    const played = await play(h, 'Reveal me.');
    const result = await h.invoke('export:take', {
      takeId: played.takeId,
      format: 'wav',
      sampleRate: 16000,
      targetLufs: null,
      region: null,
    });
    expect(await h.invoke('export:reveal', { path: result.path! })).toEqual({ revealed: true });
    expect(await h.raw('export:reveal', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(h.revealed).toEqual([result.path]);
    expect(await h.invoke('shell:open-external', { url: 'https://async.com/' })).toEqual({ opened: true });
    expect(await h.invoke('shell:open-external', { url: 'javascript:alert(1)' })).toEqual({ opened: false });
    expect(h.opener).toEqual(['https://async.com/', 'javascript:alert(1)']);
  });

  it('exporting a take that does not exist is NOT_FOUND', async () => {
    const h = await start();
    expect(
      await h.raw('export:take', {
        takeId: 'missing',
        format: 'wav',
        sampleRate: 16000,
        targetLufs: null,
        region: null,
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
