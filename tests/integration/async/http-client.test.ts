import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { StudioError } from '../../../shared/errors';
import { DEFAULT_VOICE_ID } from '../../../shared/models';
import { matchesVoiceFilter, type VoiceFilter } from '../../../shared/voices';
import { setLogSink } from '../../../electron/engine/log';
import type { AsyncConfig } from '../../../electron/engine/async/config';
import { AsyncHttpClient, type AsyncHttpClientDeps } from '../../../electron/engine/async/http-client';
import type { SpeechRequest } from '../../../electron/engine/async/http-request';
import { QUOTA_MARKER } from '../../../electron/engine/async/quota-marker';
import { toVoice } from '../../../electron/engine/async/voices-api';
import { simConfig, useSimulator } from './http-sim';

const simulator = useSimulator();
let sim: ReturnType<typeof simulator>;
const logs: string[] = [];

beforeAll(() => {
  setLogSink((level, scope, message) => logs.push(`${level} ${scope}: ${message}`));
});

beforeEach(() => {
  sim = simulator();
});

/** A client whose retry waits are recorded instead of waited. */
function client(overrides: Partial<AsyncConfig> = {}, deps: AsyncHttpClientDeps = {}) {
  const waits: number[] = [];
  const http = new AsyncHttpClient(simConfig(sim, overrides), {
    sleep: async (ms) => void waits.push(ms),
    ...deps,
  });
  return { http, waits };
}

const request: SpeechRequest = {
  text: 'The quick brown fox jumps over the lazy dog.',
  voiceId: DEFAULT_VOICE_ID,
  modelId: 'async_flash_v1.0',
  output: { container: 'raw', encoding: 'pcm_s16le', sampleRate: 16000 },
};

const concat = (parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));

async function drain(stream: AsyncIterable<Uint8Array>, into: Uint8Array[] = []): Promise<Uint8Array> {
  for await (const chunk of stream) into.push(chunk);
  return concat(into);
}

async function caught(promise: Promise<unknown>): Promise<StudioError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StudioError);
    return error as StudioError;
  }
  throw new Error('expected a failure');
}

function synthesisCalls() {
  return sim.recording.http.filter((r) => r.path.startsWith('/text_to_speech'));
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

describe('synthesis requests', () => {
  it('sends the key, the version and the exact documented body, without language when unset', async () => {
    const { http } = client();
    await drain(http.streamSpeech(request));
    const [call] = synthesisCalls();
    expect(call).toMatchObject({ method: 'POST', path: '/text_to_speech/streaming' });
    const headers = lowerKeys(call!.headers);
    expect(headers['x-api-key']).toBe(sim.apiKey);
    expect(headers.version).toBe('v1');
    expect(headers['content-type']).toContain('application/json');
    expect(call!.body).toEqual({
      model_id: 'async_flash_v1.0',
      transcript: request.text,
      voice: { mode: 'id', id: DEFAULT_VOICE_ID },
      output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 16000 },
    });
  });

  it('sends language, speed_control and stability when they are set', async () => {
    const { http } = client();
    await drain(http.streamSpeech({ ...request, language: 'en', speed: 1.25, stability: 30 }));
    expect(synthesisCalls()[0]!.body).toMatchObject({ language: 'en', speed_control: 1.25, stability: 30 });
  });

  it('refuses an invalid request before sending anything', async () => {
    const { http } = client();
    const error = await caught(drain(http.streamSpeech({ ...request, modelId: 'async_pro_v1.0', language: 'fr' })));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toContain('French');
    expect(synthesisCalls()).toHaveLength(0);
  });

  it('streams: several chunks reach the caller before the response has ended', async () => {
    sim.setFaults({ realtimeFactor: 20, firstAudioMs: 0, chunkMs: 50 });
    let ended = false;
    // Marks the moment the body has been read to its end, whoever reads it.
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const response = await globalThis.fetch(input, init);
      if (!response.body) return response;
      const watched = response.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({ flush: () => void (ended = true) }),
      );
      return new Response(watched, { status: response.status, headers: response.headers });
    };
    const { http } = client({}, { fetch });
    const endedAtChunk: boolean[] = [];
    for await (const chunk of http.streamSpeech(request)) {
      expect(chunk.byteLength).toBeGreaterThan(0);
      endedAtChunk.push(ended);
    }
    expect(ended).toBe(true);
    expect(endedAtChunk.filter((e) => !e).length).toBeGreaterThanOrEqual(2);
  });

  it('returns a whole file from the sync endpoint', async () => {
    const { http } = client();
    const raw = await http.synthesize(request);
    expect(raw.bytes.byteLength).toBeGreaterThan(1000);
    expect(raw.bytes.byteLength % 2).toBe(0);
    const wav = await http.synthesize({ ...request, output: { ...request.output, container: 'wav' } });
    expect(new TextDecoder().decode(wav.bytes.subarray(0, 4))).toBe('RIFF');
    expect(wav.contentType).toContain('wav');
    const mp3 = await http.synthesize({ ...request, output: { ...request.output, container: 'mp3', bitRate: 64000 } });
    expect(mp3.contentType).toBe('audio/mpeg');
    expect(mp3.bytes.byteLength).toBeGreaterThan(100);
    expect(synthesisCalls().map((c) => c.path)).toEqual(['/text_to_speech', '/text_to_speech', '/text_to_speech']);
    expect(synthesisCalls()[2]!.body).toMatchObject({
      output_format: { container: 'mp3', encoding: 'pcm_s16le', sample_rate: 16000, bit_rate: 64000 },
    });
  });

  it('returns audio and word timings from the timestamps endpoint', async () => {
    const { http } = client();
    const { audio, words } = await http.synthesizeWithTimestamps({ ...request, text: 'Welcome to Async.' });
    expect(audio.byteLength).toBeGreaterThan(1000);
    expect(words.map((w) => w.word.replace(/[^\p{L}]/gu, ''))).toEqual(['Welcome', 'to', 'Async']);
    for (const [i, w] of words.entries()) {
      expect(w.endMs).toBeGreaterThanOrEqual(w.startMs);
      if (i > 0) expect(w.startMs).toBeGreaterThanOrEqual(words[i - 1]!.startMs);
    }
    expect(synthesisCalls()[0]!.path).toBe('/text_to_speech/with_timestamps');
  });
});

describe('errors', () => {
  for (const errorShape of ['detail', 'flat'] as const) {
    describe(`in the ${errorShape} shape`, () => {
      beforeEach(() => sim.setFaults({ errorShape }));

      it('401: a bad key is AUTH, with a hint and without the key', async () => {
        const badKey = 'sk_definitely_wrong_key_9f3a';
        const { http } = client({ apiKey: badKey });
        const error = await caught(drain(http.streamSpeech(request)));
        expect(error).toMatchObject({ code: 'AUTH', status: 401, apiCode: 'INVALID_API_KEY' });
        expect(error.hint).toBeTruthy();
        expect(JSON.stringify(error.toInfo())).not.toContain(badKey);
      });

      it('400: a refused filter is BAD_INPUT with the API message and a hint', async () => {
        const { http } = client();
        const model = await caught(http.listVoices({ modelId: 'no_such_model' }));
        expect(model).toMatchObject({ code: 'BAD_INPUT', status: 400 });
        expect(model.message).toContain('no_such_model');
        expect(model.hint).toBeTruthy();
        const language = await caught(http.listVoices({ language: 'xx' }));
        expect(language).toMatchObject({ code: 'BAD_INPUT', status: 400, apiCode: 'INVALID_LANGUAGE' });
        expect(language.hint).toBeTruthy();
      });

      it('404: an unknown voice is VOICE_NOT_FOUND', async () => {
        const { http } = client();
        const error = await caught(http.synthesize({ ...request, voiceId: 'no-such-voice' }));
        expect(error).toMatchObject({ status: 404, apiCode: 'VOICE_NOT_FOUND', code: 'BAD_INPUT' });
        expect(error.hint).toBeTruthy();
      });

      it('404: an unknown API version is VERSION_NOT_FOUND', async () => {
        const { http } = client({ apiVersion: 'v9' });
        const error = await caught(http.listVoices());
        expect(error).toMatchObject({ status: 404, apiCode: 'VERSION_NOT_FOUND' });
        expect(error.hint).toBeTruthy();
      });

      it('500: retried once, then SERVER', async () => {
        sim.setFaults({ http500Count: 5 });
        const { http, waits } = client();
        const error = await caught(http.synthesize(request));
        expect(error).toMatchObject({ code: 'SERVER', status: 500 });
        expect(error.hint).toBeTruthy();
        expect(synthesisCalls()).toHaveLength(2);
        expect(waits).toHaveLength(1);
      });

      it('429: waits retry_after_ms and retries', async () => {
        sim.setFaults({ http429: { count: 1, code: 'RATE_LIMIT_EXCEEDED', retryAfterMs: 1234 } });
        const { http, waits } = client();
        const audio = await drain(http.streamSpeech(request));
        expect(audio.byteLength).toBeGreaterThan(1000);
        expect(waits).toEqual([1234]);
        expect(synthesisCalls()).toHaveLength(2);
      });

      it('429: gives up after three attempts with RATE_LIMITED and the wait', async () => {
        sim.setFaults({ http429: { count: 10, code: 'RATE_LIMIT_EXCEEDED', retryAfterMs: 800 } });
        const { http, waits } = client();
        const error = await caught(http.synthesize(request));
        expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterMs: 800 });
        expect(waits).toEqual([800, 800]);
        expect(synthesisCalls()).toHaveLength(3);
      });

      it('429 USAGE_LIMIT_EXCEEDED is QUOTA and is not retried', async () => {
        sim.setFaults({ http429: { count: 3, code: 'USAGE_LIMIT_EXCEEDED', retryAfterMs: 100 } });
        const { http, waits } = client();
        const error = await caught(drain(http.streamSpeech(request)));
        expect(error).toMatchObject({ code: 'QUOTA', apiCode: 'USAGE_LIMIT_EXCEEDED' });
        expect(waits).toEqual([]);
        expect(synthesisCalls()).toHaveLength(1);
      });
    });
  }

  it('honours the configured attempt limit', async () => {
    sim.setFaults({ http429: { count: 10, code: 'TOO_MANY_CONCURRENT_REQUESTS', retryAfterMs: 50 } });
    const { http } = client({}, { retry: { maxAttempts: 5 } });
    expect((await caught(http.synthesize(request))).code).toBe('RATE_LIMITED');
    expect(synthesisCalls()).toHaveLength(5);
  });

  it('cuts the audio at the in-band quota marker and fails with QUOTA', async () => {
    const { http } = client();
    const whole = await drain(http.streamSpeech(request));
    sim.setFaults({ quotaMarkerAfterBytes: 1001 });
    const chunks: Uint8Array[] = [];
    const error = await caught(drain(http.streamSpeech(request), chunks));
    expect(error.code).toBe('QUOTA');
    const received = concat(chunks);
    expect(received).toEqual(whole.subarray(0, 1001));
    expect(Buffer.from(received).includes(Buffer.from(QUOTA_MARKER.subarray(0, 8)))).toBe(false);
  });

  it('aborting cancels a stream in progress', async () => {
    sim.setFaults({ realtimeFactor: 1, firstAudioMs: 0 });
    const { http } = client();
    const controller = new AbortController();
    const chunks: Uint8Array[] = [];
    const error = await caught(
      (async () => {
        for await (const chunk of http.streamSpeech(request, controller.signal)) {
          chunks.push(chunk);
          controller.abort();
        }
      })(),
    );
    expect(error.code).toBe('CANCELLED');
    expect(chunks).toHaveLength(1);
  });

  it('aborting before the answer cancels the request', async () => {
    sim.setFaults({ firstAudioMs: 5000 });
    const { http } = client();
    const controller = new AbortController();
    const pending = caught(drain(http.streamSpeech(request, controller.signal)));
    setTimeout(() => controller.abort(), 20);
    expect((await pending).code).toBe('CANCELLED');
  });

  it('a closed port is NETWORK with a way out', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const { http } = client({ httpUrl: `http://127.0.0.1:${port}` });
    const error = await caught(http.validateKey());
    expect(error).toMatchObject({ code: 'NETWORK', hint: 'Check your connection, or switch to the offline engine.' });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('never puts the key in an error or a log line', async () => {
    logs.length = 0;
    const failures: StudioError[] = [];
    sim.setFaults({ http429: { count: 2, code: 'RATE_LIMIT_EXCEEDED', retryAfterMs: 10 } });
    await drain(client().http.streamSpeech(request));
    sim.setFaults({ http500Count: 2 });
    failures.push(await caught(client().http.synthesize(request)));
    failures.push(await caught(client({ apiKey: 'sk_bad_key_for_log_test' }).http.validateKey()));
    failures.push(await caught(client({ httpUrl: 'http://127.0.0.1:1' }).http.validateKey()));
    expect(logs.length).toBeGreaterThan(0);
    const everything = [...logs, ...failures.map((e) => JSON.stringify(e.toInfo()) + e.stack)].join('\n');
    expect(everything).not.toContain(sim.apiKey);
    expect(everything).not.toContain('sk_bad_key_for_log_test');
  });
});

describe('voices', () => {
  const catalogue = () => sim.voices.map((v) => toVoice(v)!);

  it('listAllVoices walks every page', async () => {
    const { http } = client();
    const voices = await http.listAllVoices();
    expect(voices).toHaveLength(sim.voices.length);
    expect(new Set(voices.map((v) => v.id))).toEqual(new Set(sim.voices.map((v) => v.voice_id)));
    const pages = sim.recording.http.filter((r) => r.path === '/voices');
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages[0]!.body).toEqual({ limit: 100 });
  });

  it('listVoices returns one page and its cursor, and the cursor leads to the next page', async () => {
    const { http } = client();
    const first = await http.listVoices({}, { limit: 10 });
    expect(first.voices).toHaveLength(10);
    expect(first.nextCursor).toBeTruthy();
    const second = await http.listVoices({}, { limit: 10, after: first.nextCursor });
    expect(second.voices).toHaveLength(10);
    expect(second.voices.map((v) => v.id)).not.toContain(first.voices[0]!.id);
    expect(sim.recording.http.at(-1)!.body).toEqual({ limit: 10, after: first.nextCursor });
  });

  const filters: Array<[string, VoiceFilter, Record<string, unknown>]> = [
    ['language', { language: 'fr' }, { language: 'fr' }],
    ['gender', { gender: 'Female' }, { gender: 'Female' }],
    ['accent', { accent: 'British' }, { accent: 'British' }],
    ['style', { style: 'Storytelling' }, { style: 'Storytelling' }],
    ['my_voice', { myVoices: true }, { my_voice: true }],
  ];
  for (const [name, filter, body] of filters) {
    it(`filters by ${name} on the server`, async () => {
      const { http } = client();
      const voices = await http.listAllVoices(filter);
      expect(sim.recording.http.find((r) => r.path === '/voices')!.body).toEqual({ limit: 100, ...body });
      const expected = catalogue().filter((v) => matchesVoiceFilter(v, filter));
      expect(voices.map((v) => v.id).sort()).toEqual(expected.map((v) => v.id).sort());
    });
  }

  it('filters by model_id on the server', async () => {
    const { http } = client();
    const voices = await http.listAllVoices({ modelId: 'async_flash_v1.0' });
    expect(sim.recording.http.find((r) => r.path === '/voices')!.body).toEqual({
      limit: 100,
      model_id: 'async_flash_v1.0',
    });
    expect(voices.length).toBeGreaterThan(0);
  });

  it('matches the free-text query locally', async () => {
    const { http } = client();
    const target = catalogue().find((v) => v.id === DEFAULT_VOICE_ID)!;
    const voices = await http.listAllVoices({ query: target.name.toUpperCase() });
    expect(voices.map((v) => v.id)).toContain(DEFAULT_VOICE_ID);
    expect(voices.every((v) => matchesVoiceFilter(v, { query: target.name }))).toBe(true);
    expect(sim.recording.http.find((r) => r.path === '/voices')!.body).toEqual({ limit: 100 });
  });

  it('gets one voice, mapped like the list', async () => {
    const { http } = client();
    const voice = await http.getVoice(DEFAULT_VOICE_ID);
    expect(voice).toEqual(catalogue().find((v) => v.id === DEFAULT_VOICE_ID));
    expect(sim.recording.http.at(-1)).toMatchObject({ method: 'GET', path: `/voices/${DEFAULT_VOICE_ID}` });
    expect((await caught(http.getVoice('no-such-voice'))).apiCode).toBe('VOICE_NOT_FOUND');
  });

  it('fetches a preview through its signed URL without the key', async () => {
    const { http } = client();
    const { signedUrl } = await http.getVoicePreview(DEFAULT_VOICE_ID);
    expect(signedUrl).toMatch(/^https?:\/\//);
    sim.clearRecording();
    const preview = await http.fetchVoicePreview(DEFAULT_VOICE_ID);
    expect(preview.bytes.byteLength).toBeGreaterThan(100);
    expect(preview.contentType).toMatch(/audio/);
    const [metadata, download] = sim.recording.http;
    expect(lowerKeys(metadata!.headers)['x-api-key']).toBe(sim.apiKey);
    expect(download!.path).not.toMatch(/^\/voices/);
    expect(lowerKeys(download!.headers)).not.toHaveProperty('x-api-key');
    expect(lowerKeys(download!.headers)).not.toHaveProperty('version');
  });

  it('validateKey: true for a good key, AUTH for a bad one', async () => {
    expect(await client().http.validateKey()).toBe(true);
    expect(sim.recording.http.at(-1)).toMatchObject({ method: 'POST', path: '/voices', body: { limit: 1 } });
    expect((await caught(client({ apiKey: 'sk_nope_nope' }).http.validateKey())).code).toBe('AUTH');
  });
});
