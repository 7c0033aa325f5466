import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import { AsyncHttpClient, backoffMs, MAX_RETRY_WAIT_MS } from '../../../electron/engine/async/http-client';
import type { SpeechRequest } from '../../../electron/engine/async/http-request';

const config = {
  apiKey: 'sk_unit_secret_key',
  httpUrl: 'http://api.test',
  wsUrl: 'ws://api.test/ws',
  apiVersion: 'v1',
};

const request: SpeechRequest = {
  text: 'Hello.',
  voiceId: 'voice-1',
  modelId: 'async_flash_v1.0',
  output: { container: 'raw', encoding: 'pcm_s16le', sampleRate: 16000 },
};

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

/** A fetch that answers from a list of handlers, one per call, and records the calls. */
function scriptedFetch(...handlers: Handler[]) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, init });
    const handler = handlers[Math.min(calls.length - 1, handlers.length - 1)]!;
    return handler(url, init);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function caught(promise: Promise<unknown>): Promise<StudioError> {
  try {
    await promise;
  } catch (error) {
    return error as StudioError;
  }
  throw new Error('expected a failure');
}

describe('AsyncHttpClient (scripted fetch)', () => {
  it('stops listing when the server repeats a cursor', async () => {
    const page = (id: string) => json(200, { voices: [{ voice_id: id, name: id }], next_cursor: 'same' });
    const { fetch, calls } = scriptedFetch(
      () => page('a'),
      () => page('b'),
      () => page('c'),
    );
    const voices = await new AsyncHttpClient(config, { fetch }).listAllVoices();
    expect(voices.map((v) => v.id)).toEqual(['a', 'b']);
    expect(calls).toHaveLength(2);
    expect(JSON.parse(String(calls[1]!.init.body))).toEqual({ limit: 100, after: 'same' });
  });

  it('treats JSON where audio was expected as an error', async () => {
    const { fetch } = scriptedFetch(() =>
      json(200, { error_code: 'VOICE_NOT_FOUND', message: 'Voice voice-1 not found.' }),
    );
    const error = await caught(new AsyncHttpClient(config, { fetch }).synthesize(request));
    expect(error).toMatchObject({ code: 'BAD_INPUT', apiCode: 'VOICE_NOT_FOUND' });

    const { fetch: other } = scriptedFetch(() => json(200, { ok: true }));
    expect(await caught(new AsyncHttpClient(config, { fetch: other }).synthesize(request))).toMatchObject({
      code: 'SERVER',
    });
  });

  it('backs off exponentially when a 429 gives no wait, and caps every wait', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const busy = () =>
      json(429, { detail: { error_code: 'TOO_MANY_CONCURRENT_REQUESTS', message: 'busy', extra: { limit: 5 } } });
    const { fetch, calls } = scriptedFetch(busy);
    const client = new AsyncHttpClient(config, { fetch, sleep, retry: { maxAttempts: 4 } });
    expect(await caught(client.synthesize(request))).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(calls).toHaveLength(4);
    expect(waits).toEqual([backoffMs(1), backoffMs(2), backoffMs(3)]);
    expect(waits[1]).toBe(2 * waits[0]!);

    const slow = () =>
      json(429, { error_code: 'RATE_LIMIT_EXCEEDED', message: 'slow down', extra: { retry_after_ms: 600_000 } });
    waits.length = 0;
    const { fetch: capped } = scriptedFetch(slow, () => new Response(new Uint8Array(4)));
    await new AsyncHttpClient(config, { fetch: capped, sleep }).synthesize(request);
    expect(waits).toEqual([MAX_RETRY_WAIT_MS]);
  });

  it('reports a body cut off mid-stream as NETWORK', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1, 2, 3, 4]));
      },
      pull(controller) {
        controller.error(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
      },
    });
    const { fetch } = scriptedFetch(() => new Response(body));
    const received: Uint8Array[] = [];
    const error = await caught(
      (async () => {
        for await (const chunk of new AsyncHttpClient(config, { fetch }).streamSpeech(request)) received.push(chunk);
      })(),
    );
    expect(received).toEqual([new Uint8Array([1, 2, 3, 4])]);
    expect(error).toMatchObject({ code: 'NETWORK', hint: 'Check your connection, or switch to the offline engine.' });
  });

  it('stops waiting for a retry when the request is cancelled', async () => {
    const controller = new AbortController();
    const never = () => new Promise<void>(() => undefined);
    const { fetch, calls } = scriptedFetch(() =>
      json(429, { error_code: 'RATE_LIMIT_EXCEEDED', message: 'x', extra: { retry_after_ms: 1000 } }),
    );
    const client = new AsyncHttpClient(config, { fetch, sleep: never });
    const pending = caught(client.synthesize(request, controller.signal));
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(await pending).toMatchObject({ code: 'CANCELLED' });
    expect(calls).toHaveLength(1);
  });

  it('keeps the key out of error messages even when the server echoes it', async () => {
    const { fetch } = scriptedFetch(() =>
      json(401, { detail: { error_code: 'INVALID_API_KEY', message: `Invalid key ${config.apiKey}` } }),
    );
    const error = await caught(new AsyncHttpClient(config, { fetch }).validateKey());
    expect(error.code).toBe('AUTH');
    expect(JSON.stringify({ ...error.toInfo(), text: String(error) })).not.toContain(config.apiKey);
  });
});
