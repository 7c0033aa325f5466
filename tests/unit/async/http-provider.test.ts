import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import type { SynthesisEvent, SynthesisSettings, TextPiece } from '../../../shared/synthesis';
import { encodePcm } from '../../../electron/engine/audio/pcm-codec';
import type { AsyncHttpClient } from '../../../electron/engine/async/http-client';
import { AsyncHttpProvider, sentencesOf } from '../../../electron/engine/async/http-provider';
import { AsyncQueue } from '../../../electron/engine/async/http-queue';
import type { SpeechRequest } from '../../../electron/engine/async/http-request';

const settings: SynthesisSettings = {
  voiceId: 'voice-a',
  modelId: 'async_flash_v1.0',
  output: { container: 'mp3', encoding: 'pcm_s16le', sampleRate: 16000, bitRate: 128000 },
};

interface FakeRequest {
  request: SpeechRequest;
  signal?: AbortSignal;
  body: AsyncQueue<Uint8Array>;
}

/** A client whose response bodies the test writes by hand, to control timing and ordering exactly. */
function fakeClient() {
  const requests: FakeRequest[] = [];
  const waiters: Array<() => void> = [];
  const client = {
    streamSpeech(request: SpeechRequest, signal?: AbortSignal): AsyncIterable<Uint8Array> {
      const body = new AsyncQueue<Uint8Array>();
      signal?.addEventListener('abort', () => body.fail(new StudioError({ code: 'CANCELLED', message: 'x' })));
      requests.push({ request, signal, body });
      waiters.splice(0).forEach((wake) => wake());
      return body;
    },
    listAllVoices: async () => [],
  };
  /** Resolves once `count` requests have been started. */
  const started = async (count: number) => {
    while (requests.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    return requests;
  };
  return { client: client as unknown as AsyncHttpClient, requests, started };
}

const pieces = (...sentences: string[]): TextPiece[] => sentences.map((text) => ({ text, sentenceEnd: true }));
const samples = (...values: number[]) => encodePcm(Float32Array.from(values), 'pcm_s16le');
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

async function collect(iterable: AsyncIterable<SynthesisEvent>): Promise<SynthesisEvent[]> {
  const events: SynthesisEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

describe('sentencesOf', () => {
  it('joins pieces up to each sentence end and keeps a trailing unfinished sentence', async () => {
    const input: TextPiece[] = [
      { text: 'Hello ', sentenceEnd: false },
      { text: 'world.', sentenceEnd: true },
      { text: '   ', sentenceEnd: true },
      { text: 'And more', sentenceEnd: false },
    ];
    const out: string[] = [];
    for await (const sentence of sentencesOf(input)) out.push(sentence);
    expect(out).toEqual(['Hello world.', 'And more']);
  });
});

describe('AsyncHttpProvider', () => {
  it('prefetches the next sentence but emits events strictly in sentence order', async () => {
    const { client, started } = fakeClient();
    const provider = new AsyncHttpProvider(client);
    const run = collect(provider.synthesize(pieces('One.', 'Two.'), { settings: () => settings }));
    const [first, second] = await started(2);
    // The second sentence finishes before the first has sent anything.
    second!.body.push(samples(0.5));
    second!.body.close();
    await tick();
    first!.body.push(samples(0.25));
    first!.body.close();
    const events = await run;
    expect(events.map((e) => `${e.type}:${e.index}`)).toEqual([
      'sentence-start:0',
      'audio:0',
      'sentence-end:0',
      'sentence-start:1',
      'audio:1',
      'sentence-end:1',
    ]);
    expect(first!.request).toMatchObject({ text: 'One.', output: { container: 'raw', sampleRate: 16000 } });
    expect(first!.request.output.bitRate).toBeUndefined();
  });

  it('keeps at most maxInFlight requests open', async () => {
    const { client, requests, started } = fakeClient();
    const provider = new AsyncHttpProvider(client, { maxInFlight: 2 });
    const run = collect(provider.synthesize(pieces('One.', 'Two.', 'Three.'), { settings: () => settings }));
    await started(2);
    requests[1]!.body.close();
    await tick();
    expect(requests).toHaveLength(2);
    requests[0]!.body.close();
    await started(3);
    requests[2]!.body.close();
    expect((await run).filter((e) => e.type === 'sentence-end')).toHaveLength(3);
  });

  it('reads the settings at the start of each sentence', async () => {
    const { client, requests, started } = fakeClient();
    let voice = 'voice-a';
    const provider = new AsyncHttpProvider(client, { maxInFlight: 1 });
    const run = collect(
      provider.synthesize(pieces('One.', 'Two.'), { settings: () => ({ ...settings, voiceId: voice }) }),
    );
    await started(1);
    voice = 'voice-b';
    requests[0]!.body.close();
    await started(2);
    requests[1]!.body.close();
    const starts = (await run).filter((e) => e.type === 'sentence-start');
    expect(requests.map((r) => r.request.voiceId)).toEqual(['voice-a', 'voice-b']);
    expect(starts.map((e) => e.type === 'sentence-start' && e.settings.voiceId)).toEqual(['voice-a', 'voice-b']);
  });

  it('decodes chunks that end mid-sample and reports the sentence metrics', async () => {
    const { client, started } = fakeClient();
    let clock = 1000;
    const provider = new AsyncHttpProvider(client, { now: () => clock });
    const run = collect(provider.synthesize(pieces('Héllo.'), { settings: () => settings }));
    const [request] = await started(1);
    const bytes = samples(0.1, -0.2, 0.3, -0.4);
    clock = 1170;
    request!.body.push(new Uint8Array(0));
    request!.body.push(bytes.slice(0, 3));
    await tick();
    clock = 1300;
    request!.body.push(bytes.slice(3));
    request!.body.close();
    const events = await run;
    const pcm = events.flatMap((e) => (e.type === 'audio' ? [...e.pcm] : []));
    expect(pcm).toHaveLength(4);
    pcm.forEach((value, i) => expect(value).toBeCloseTo([0.1, -0.2, 0.3, -0.4][i]!, 3));
    expect(events.at(-1)).toEqual({
      type: 'sentence-end',
      index: 0,
      metrics: { timeToFirstAudioMs: 170, charactersSent: 6, audioSeconds: 4 / 16000 },
    });
  });

  it('surfaces a failed sentence after the audio of the sentences before it', async () => {
    const { client, started } = fakeClient();
    const provider = new AsyncHttpProvider(client);
    const events: SynthesisEvent[] = [];
    const run = (async () => {
      for await (const event of provider.synthesize(pieces('One.', 'Two.'), { settings: () => settings })) {
        events.push(event);
      }
    })();
    const [first, second] = await started(2);
    second!.body.fail(new StudioError({ code: 'QUOTA', message: 'quota' }));
    await tick();
    first!.body.push(samples(0.5));
    first!.body.close();
    await expect(run).rejects.toMatchObject({ code: 'QUOTA' });
    expect(events.map((e) => `${e.type}:${e.index}`)).toEqual([
      'sentence-start:0',
      'audio:0',
      'sentence-end:0',
      'sentence-start:1',
    ]);
  });

  it('on abort cancels every request in flight and returns at once', async () => {
    const { client, requests, started } = fakeClient();
    const provider = new AsyncHttpProvider(client);
    const controller = new AbortController();
    const events = provider.synthesize(pieces('One.', 'Two.', 'Three.'), {
      settings: () => settings,
      signal: controller.signal,
    });
    const iterator = events[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'sentence-start', index: 0 });
    await started(2);
    const pending = iterator.next();
    controller.abort();
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    expect(requests.every((r) => r.signal?.aborted)).toBe(true);
    await tick();
    expect(requests).toHaveLength(2);
  });

  it('cancels the requests when the consumer stops early', async () => {
    const { client, requests, started } = fakeClient();
    const provider = new AsyncHttpProvider(client);
    for await (const event of provider.synthesize(pieces('One.', 'Two.'), { settings: () => settings })) {
      expect(event.type).toBe('sentence-start');
      await started(2);
      break;
    }
    expect(requests.every((r) => r.signal?.aborted)).toBe(true);
  });

  it('close() aborts a synthesis that is still running', async () => {
    const { client, requests, started } = fakeClient();
    const provider = new AsyncHttpProvider(client);
    const run = collect(provider.synthesize(pieces('One.'), { settings: () => settings }));
    await started(1);
    await provider.close();
    await expect(run).resolves.toEqual([
      { type: 'sentence-start', index: 0, text: 'One.', settings: expect.anything() },
    ]);
    expect(requests[0]!.signal?.aborted).toBe(true);
  });
});
