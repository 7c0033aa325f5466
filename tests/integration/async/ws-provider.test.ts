import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_VOICE_ID } from '../../../shared/models';
import { isStudioError } from '../../../shared/errors';
import { voiceSettingsOf, type SynthesisEvent, type SynthesisSettings } from '../../../shared/synthesis';
import { AsyncHttpClient } from '../../../electron/engine/async/http-client';
import { AsyncHttpProvider } from '../../../electron/engine/async/http-provider';
import { aggregateStream } from '../../../electron/engine/async/text-aggregator';
import type { AudioFrameTiming } from '../../../electron/engine/async/ws-provider';
import { TEST_API_KEY } from '../../simulator/index';
import {
  collect,
  config,
  heldAudio,
  messagesOf,
  pieces,
  SCRIPT,
  SETTINGS,
  sleep,
  until,
  useSimulator,
  wireIndex,
} from './ws-helpers';

const ODD_KEY = 'sk_odd/key+with&query=chars é';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const suite = useSimulator({ apiKeys: [TEST_API_KEY, ODD_KEY] });

const sentencesOf = (text: string) => pieces(text).map((p) => p.text);

describe('AsyncWsProvider against the simulator', () => {
  it('speaks a script one context per sentence over one connection, exactly as the protocol says', async () => {
    const { provider, events: connectionEvents } = suite.provider();
    const events = await collect(provider, pieces(SCRIPT));
    const audio = heldAudio(events);
    expect(audio).toHaveLength(4);
    for (const pcm of audio) expect(pcm.length).toBeGreaterThan(16000 * 0.5);
    const starts = events.filter((e) => e.type === 'sentence-start');
    expect(starts.map((e) => e.text)).toEqual(sentencesOf(SCRIPT));
    // Only the voice settings, like the other providers: the output format is not the sentence's.
    for (const start of starts) expect(start.settings).toStrictEqual(voiceSettingsOf(SETTINGS));
    expect(starts[0]!.settings).not.toHaveProperty('output');
    for (const event of events.filter((e) => e.type === 'audio')) expect(event.sampleRate).toBe(16000);

    expect(suite.sim.recording.ws).toHaveLength(1);
    const record = suite.sim.recording.ws[0]!;
    expect(record.query).toEqual({ api_key: TEST_API_KEY, version: 'v1' });
    const { init, texts, closes, all } = messagesOf(record);
    expect(init).toStrictEqual({
      model_id: 'async_flash_v1.5',
      voice: { mode: 'id', id: DEFAULT_VOICE_ID },
      output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 16000 },
    });
    expect(texts.map((m) => Object.keys(m))).toEqual(texts.map(() => ['transcript', 'context_id', 'force']));
    expect(texts.map((m) => m.transcript)).toEqual(sentencesOf(SCRIPT).map((s) => `${s} `));
    expect(texts.every((m) => m.force === true && UUID.test(m.context_id as string))).toBe(true);
    const contextIds = texts.map((m) => m.context_id);
    expect(new Set(contextIds).size).toBe(4);
    expect(closes).toStrictEqual(contextIds.map((id) => ({ context_id: id, close_context: true, transcript: '' })));
    for (const id of contextIds) {
      const text = all.findIndex((m) => m.context_id === id && !m.close_context);
      expect(all.findIndex((m) => m.context_id === id && m.close_context)).toBeGreaterThan(text);
    }

    const ends = events.filter((e) => e.type === 'sentence-end');
    ends.forEach((end, i) => {
      expect(end.metrics.charactersSent).toBe(sentencesOf(SCRIPT)[i]!.length);
      expect(end.metrics.audioSeconds).toBeCloseTo(audio[i]!.length / 16000, 6);
      expect(end.metrics.timeToFirstAudioMs).toBeGreaterThanOrEqual(0);
    });

    await provider.close();
    expect(messagesOf(record).all.at(-1)).toStrictEqual({ terminate: true });
    await until(() => record.closed);
    expect(connectionEvents.map((e) => e.type)).toEqual(['connected', 'disconnected']);
    for (const event of connectionEvents) {
      expect(event.url).toContain('api_key=***');
      expect(event.url).not.toContain(TEST_API_KEY);
    }
  });

  it('sends language, speed and stability in the init only when set and supported by the model', async () => {
    const { provider } = suite.provider();
    const settings: SynthesisSettings = {
      ...SETTINGS,
      modelId: 'async_flash_v1.0',
      language: 'en',
      speed: 1.2,
      stability: 40,
    };
    await collect(provider, pieces('Hello.'), () => settings);
    expect(messagesOf(suite.sim.recording.ws[0]!).init).toStrictEqual({
      model_id: 'async_flash_v1.0',
      voice: { mode: 'id', id: DEFAULT_VOICE_ID },
      output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 16000 },
      language: 'en',
      speed_control: 1.2,
      stability: 40,
    });
  });

  it('URL-encodes the key in the query string', async () => {
    const { provider, sockets } = suite.provider({}, config(suite.sim, { apiKey: ODD_KEY }));
    const events = await collect(provider, pieces('Hello.'));
    expect(heldAudio(events)[0]!.length).toBeGreaterThan(0);
    expect(suite.sim.recording.ws[0]!.query.api_key).toBe(ODD_KEY);
    expect(sockets[0]!.url).toContain(`api_key=${encodeURIComponent(ODD_KEY)}&version=v1`);
  });

  it.each<[string, Partial<SynthesisSettings>]>([
    ['speed on a model without it', { speed: 1.3 }],
    ['a language the model does not speak', { language: 'ja' }],
    ['an mp3 container', { output: { container: 'mp3', encoding: 'pcm_s16le', sampleRate: 44100 } }],
    ['an unknown model', { modelId: 'asyncflow_v2.0' }],
  ])('refuses %s with BAD_INPUT before connecting', async (_name, change) => {
    const { provider, sockets } = suite.provider();
    const error = await collect(provider, pieces('Hello.'), () => ({ ...SETTINGS, ...change })).catch((e) => e);
    expect(isStudioError(error) && error.code).toBe('BAD_INPUT');
    expect(sockets).toHaveLength(0);
    expect(suite.sim.recording.ws).toHaveLength(0);
  });

  it('puts the same audio out whether sentences are pipelined or not, in sentence order', async () => {
    const text = 'One short line. A much longer second sentence comes next here. Three. And four to end.';
    const expected = await suite.reference(text);
    suite.sim.setFaults({ realtimeFactor: 40, jitterMs: 10 });
    const { provider, sockets } = suite.provider({ maxSentencesInFlight: 3 });
    expect(heldAudio(await collect(provider, pieces(text)))).toEqual(expected);
    // Sentence 1 went out before sentence 0 had its final: they were in flight together.
    const [first, second] = messagesOf(suite.sim.recording.ws[0]!).texts.map((m) => m.context_id);
    expect(wireIndex(sockets[0]!, 'out', (m) => m.context_id === second)).toBeLessThan(
      wireIndex(sockets[0]!, 'in', (m) => m.context_id === first && m.final === true),
    );
  });

  it('bounds the sentences in flight: sentence k+2 starts only after sentence k was consumed', async () => {
    const { provider, sockets } = suite.provider({ maxSentencesInFlight: 2 });
    const text = 'First. Second. Third. Fourth. Fifth.';
    let consumed = 0;
    const sentAtEnd: number[] = [];
    for await (const event of provider.synthesize(pieces(text), { settings: () => SETTINGS })) {
      if (event.type !== 'sentence-end') continue;
      sentAtEnd.push(sockets[0]!.wire.filter((e) => e.dir === 'out' && (e.data as { force?: boolean }).force).length);
      consumed++;
    }
    expect(consumed).toBe(5);
    sentAtEnd.forEach((sent, k) => expect(sent).toBeLessThanOrEqual(k + 2));
  });

  it('in token mode sends each sentence’s words into its context as they arrive', async () => {
    async function* tokens() {
      for (const token of ['Good ', 'morn', 'ing to ', 'you. ', 'How ', 'are ', 'you?']) {
        await sleep(15);
        yield token;
      }
    }
    const { provider } = suite.provider();
    const events = await collect(provider, aggregateStream(tokens(), 'token'));
    expect(heldAudio(events)).toHaveLength(2);
    const { texts, closes } = messagesOf(suite.sim.recording.ws[0]!);
    const byContext = new Map<string, typeof texts>();
    for (const m of texts) byContext.set(m.context_id as string, [...(byContext.get(m.context_id as string) ?? []), m]);
    expect([...byContext.values()].map((ms) => ms.map((m) => m.transcript).join(''))).toEqual([
      'Good morning to you. ',
      'How are you? ',
    ]);
    expect([...byContext.values()][0]!.length).toBeGreaterThan(1);
    for (const m of texts) expect(m.transcript).toMatch(/\S $/);
    expect(closes.map((m) => m.context_id)).toEqual([...byContext.keys()]);
  });

  it('counts characters as the HTTP provider does: code points of the sentence, without the trailing space', async () => {
    const script = 'Wave 👋 back. Done 🎉!';
    // 'Wave 👋 back.' is 12 code points (13 UTF-16 units, 14 as sent with its space); 'Done 🎉!' is 7.
    const expected = [12, 7];
    const counted = (events: SynthesisEvent[]) =>
      events.flatMap((e) => (e.type === 'sentence-end' ? [e.metrics.charactersSent] : []));
    for (const mode of ['sentence', 'token'] as const) {
      const { provider } = suite.provider();
      expect(counted(await collect(provider, pieces(script, mode))), mode).toEqual(expected);
    }
    const http = new AsyncHttpProvider(new AsyncHttpClient(config(suite.sim)));
    const events: SynthesisEvent[] = [];
    for await (const event of http.synthesize(pieces(script), { settings: () => SETTINGS })) events.push(event);
    expect(counted(events)).toEqual(expected);
  });

  it('sends a JSON keepalive while the socket is open, and stops at close', async () => {
    const { provider, sockets } = suite.provider({ keepaliveIntervalMs: 40 });
    await collect(provider, pieces('Keep me alive.'));
    await sleep(220);
    const record = suite.sim.recording.ws[0]!;
    const keepalives = messagesOf(record).keepalives;
    expect(keepalives.length).toBeGreaterThanOrEqual(3);
    for (const m of keepalives) expect(m).toStrictEqual({ transcript: ' ' });
    // Whitespace makes no audio: every frame received belongs to the sentence's context.
    const contextId = messagesOf(record).texts[0]!.context_id;
    const audio = sockets[0]!.wire.filter((e) => e.dir === 'in');
    expect(audio.every((e) => (e.data as { context_id: unknown }).context_id === contextId)).toBe(true);
    await provider.close();
    const count = messagesOf(record).all.length;
    await sleep(120);
    expect(messagesOf(record).all.length).toBe(count);
  });

  it('reuses the open socket for the next synthesis', async () => {
    const { provider } = suite.provider();
    await collect(provider, pieces('First call.'));
    await collect(provider, pieces('Second call.'));
    expect(suite.sim.recording.ws).toHaveLength(1);
    expect(messagesOf(suite.sim.recording.ws[0]!).texts).toHaveLength(2);
  });

  it('on abort closes the open context, ends the iteration at once, and keeps the socket for the next call', async () => {
    const [expected] = await suite.reference('After the interruption.');
    suite.sim.setFaults({ realtimeFactor: 4 });
    const controller = new AbortController();
    let release!: () => void;
    const never = new Promise<void>((resolve) => (release = resolve));
    async function* tokens() {
      yield* ['This ', 'sentence ', 'is ', 'still ', 'being ', 'written '];
      await never; // the rest of the text never comes before the interruption
    }
    const { provider, sockets } = suite.provider();
    const seen: SynthesisEvent[] = [];
    for await (const event of provider.synthesize(aggregateStream(tokens(), 'token'), {
      settings: () => SETTINGS,
      signal: controller.signal,
    })) {
      seen.push(event);
      if (event.type === 'audio') controller.abort();
    }
    // The iteration ended although the text source is still waiting for more.
    release();
    expect(seen.filter((e) => e.type === 'audio')).toHaveLength(1);
    const record = suite.sim.recording.ws[0]!;
    const contextId = messagesOf(record).texts[0]!.context_id;
    await until(() => messagesOf(record).closes.some((m) => m.context_id === contextId));

    // The old context keeps speaking on the socket; none of it reaches the next synthesis.
    const events = await collect(provider, pieces('After the interruption.'));
    expect(heldAudio(events)).toEqual([expected]);
    const oldAudioAfterAbort = sockets[0]!.wire.filter(
      (e) => e.dir === 'in' && (e.data as { context_id?: string }).context_id === contextId,
    );
    expect(oldAudioAfterAbort.length).toBeGreaterThan(1);
    expect(suite.sim.recording.ws).toHaveLength(1);
    expect(sockets).toHaveLength(1);
  });

  it('does not start when the signal is already aborted', async () => {
    const { provider, sockets } = suite.provider();
    expect(await collect(provider, pieces('Never.'), () => SETTINGS, AbortSignal.abort())).toEqual([]);
    expect(sockets).toHaveLength(0);
  });

  it('opens a new connection when the settings change mid-stream; earlier sentences finish on the old one', async () => {
    const other = suite.sim.voices.find((v) => v.voice_id !== DEFAULT_VOICE_ID)!.voice_id;
    const changed: SynthesisSettings = {
      ...SETTINGS,
      voiceId: other,
      output: { ...SETTINGS.output, sampleRate: 22050 },
    };
    const text = 'Spoken in the first voice. Also the first voice. Now the second voice. Second voice again.';
    const [a0, a1] = await suite.reference(text, SETTINGS);
    const [, , b2, b3] = await suite.reference(text, changed);
    let reads = 0;
    const { provider } = suite.provider();
    const connection: string[] = [];
    provider.onConnectionEvent((e) => connection.push(e.type));
    const events = await collect(provider, pieces(text), () => (reads++ < 2 ? SETTINGS : changed));
    expect(reads).toBe(4);
    expect(heldAudio(events)).toEqual([a0, a1, b2, b3]);
    const starts = events.filter((e) => e.type === 'sentence-start');
    expect(starts.map((e) => e.settings.voiceId)).toEqual([DEFAULT_VOICE_ID, DEFAULT_VOICE_ID, other, other]);
    expect(
      new Set(events.filter((e) => e.type === 'audio' && e.index >= 2).map((e) => e.type === 'audio' && e.sampleRate)),
    ).toEqual(new Set([22050]));

    const [first, second] = suite.sim.recording.ws;
    expect(suite.sim.recording.ws).toHaveLength(2);
    expect(messagesOf(first!).texts.map((m) => m.transcript)).toEqual(
      sentencesOf(text)
        .slice(0, 2)
        .map((s) => `${s} `),
    );
    expect(messagesOf(second!).texts.map((m) => m.transcript)).toEqual(
      sentencesOf(text)
        .slice(2)
        .map((s) => `${s} `),
    );
    expect(messagesOf(second!).init).toMatchObject({ voice: { id: other }, output_format: { sample_rate: 22050 } });
    await until(() => first!.closed);
    expect(messagesOf(first!).all.at(-1)).toStrictEqual({ terminate: true });
    expect(second!.closed).toBe(false);
    // The retired connection closing while the new one speaks is no disconnection to the user.
    expect(connection).toEqual(['connected', 'connected']);
    await provider.close();
    expect(connection).toEqual(['connected', 'connected', 'disconnected']);
  });

  it('reports frame arrival and PCM-ready times to the benchmark hook, one call per audio frame', async () => {
    const timings: AudioFrameTiming[] = [];
    const { provider, sockets } = suite.provider({ onAudioTiming: (t) => timings.push(t) });
    const events = await collect(provider, pieces('Time every frame.'));
    const frames = sockets[0]!.wire.filter((e) => e.dir === 'in' && (e.data as { audio?: string }).audio);
    expect(timings).toHaveLength(frames.length);
    for (const t of timings) expect(t.readyAt).toBeGreaterThanOrEqual(t.arrivedAt);
    expect(timings.reduce((n, t) => n + t.samples, 0)).toBe(heldAudio(events)[0]!.length);
  });

  it('lists voices through the HTTP client and lets a connection listener unsubscribe', async () => {
    const { provider } = suite.provider({ http: new AsyncHttpClient(config(suite.sim)) });
    expect((await provider.listVoices()).length).toBe(suite.sim.voices.length);
    const seen: string[] = [];
    const unsubscribe = provider.onConnectionEvent((e) => seen.push(e.type));
    unsubscribe();
    await collect(provider, pieces('Quiet.'));
    expect(seen).toEqual([]);
  });

  it('lets the process exit after close(): no socket or timer is left behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ws-exit-'));
    const script = join(dir, 'speak-and-close.mts');
    const provider = fileURLToPath(new URL('../../../electron/engine/async/ws-provider.ts', import.meta.url));
    await writeFile(
      script,
      `import { AsyncWsProvider } from ${JSON.stringify(provider)};
const [wsUrl, apiKey] = process.argv.slice(2);
const settings = ${JSON.stringify(SETTINGS)};
const ws = new AsyncWsProvider({ apiKey, wsUrl, httpUrl: '', apiVersion: 'v1' }, {
  http: { listAllVoices: async () => [] },
  keepaliveIntervalMs: 50,
});
let frames = 0;
for await (const e of ws.synthesize([{ text: 'Exit cleanly.', sentenceEnd: true }], { settings: () => settings })) {
  if (e.type === 'audio') frames++;
}
await ws.close();
console.log(frames);
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script, suite.sim.wsUrl, suite.sim.apiKey], {
      cwd: process.cwd(),
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    await rm(dir, { recursive: true });
    expect(code).toBe(0);
    expect(Number(out.trim())).toBeGreaterThan(0);
  });

  it('refuses to synthesize after close', async () => {
    const { provider } = suite.provider();
    await provider.close();
    const error = await collect(provider, pieces('Too late.')).catch((e) => e);
    expect(isStudioError(error) && error.code).toBe('CANCELLED');
  });
});
