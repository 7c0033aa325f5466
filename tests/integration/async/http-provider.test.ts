import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_VOICE_ID } from '../../../shared/models';
import type { SynthesisEvent, SynthesisSettings, TextPiece } from '../../../shared/synthesis';
import { decodePcm } from '../../../electron/engine/audio/pcm-codec';
import { AsyncHttpClient } from '../../../electron/engine/async/http-client';
import { AsyncHttpProvider } from '../../../electron/engine/async/http-provider';
import { simConfig, useSimulator } from './http-sim';

const simulator = useSimulator();
let sim: ReturnType<typeof simulator>;

beforeEach(() => {
  sim = simulator();
});

const settings: SynthesisSettings = {
  voiceId: DEFAULT_VOICE_ID,
  modelId: 'async_flash_v1.0',
  output: { container: 'raw', encoding: 'pcm_s16le', sampleRate: 16000 },
};

const sentences = ['Good morning.', 'The weather is fine today.', 'See you soon.'];
const pieces = (): TextPiece[] =>
  sentences.flatMap((s) => s.split(/(?<= )/).map((text, i, all) => ({ text, sentenceEnd: i === all.length - 1 })));

/** Re-cuts every response body into pieces of an odd size, so chunks end in the middle of samples. */
function rechunkingFetch(size: number): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body) return response;
    let carry = new Uint8Array(0);
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          const all = new Uint8Array(carry.byteLength + chunk.byteLength);
          all.set(carry);
          all.set(chunk, carry.byteLength);
          let at = 0;
          for (; at + size <= all.byteLength; at += size) controller.enqueue(all.slice(at, at + size));
          carry = all.slice(at);
        },
        flush(controller) {
          if (carry.byteLength > 0) controller.enqueue(carry);
        },
      }),
    );
    return new Response(body, { status: response.status, headers: response.headers });
  };
}

function provider(deps: ConstructorParameters<typeof AsyncHttpClient>[1] = {}) {
  const waits: number[] = [];
  const client = new AsyncHttpClient(simConfig(sim), { sleep: async (ms) => void waits.push(ms), ...deps });
  return { client, provider: new AsyncHttpProvider(client), waits };
}

async function collect(iterable: AsyncIterable<SynthesisEvent>): Promise<SynthesisEvent[]> {
  const events: SynthesisEvent[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

function samplesOf(events: SynthesisEvent[], index: number): number[] {
  return events.flatMap((e) => (e.type === 'audio' && e.index === index ? [...e.pcm] : []));
}

/** What the streaming endpoint sends for one sentence, decoded in one piece. */
async function reference(client: AsyncHttpClient, text: string): Promise<number[]> {
  const chunks: number[] = [];
  for await (const chunk of client.streamSpeech({ ...settings, text })) chunks.push(...chunk);
  return [...decodePcm(Uint8Array.from(chunks), settings.output.encoding)];
}

describe('AsyncHttpProvider against the simulator', () => {
  it('speaks sentence by sentence, one streaming request each, events in order with metrics', async () => {
    const { provider: http } = provider();
    const events = await collect(http.synthesize(pieces(), { settings: () => settings }));
    const order = events.filter((e) => e.type !== 'audio').map((e) => `${e.type}:${e.index}`);
    expect(order).toEqual([0, 1, 2].flatMap((i) => [`sentence-start:${i}`, `sentence-end:${i}`]));
    for (const [index, text] of sentences.entries()) {
      const end = events.find((e) => e.type === 'sentence-end' && e.index === index);
      const pcm = samplesOf(events, index);
      expect(pcm.length).toBeGreaterThan(1000);
      expect(end).toMatchObject({ metrics: { charactersSent: text.length, audioSeconds: pcm.length / 16000 } });
      expect(end!.type === 'sentence-end' && end!.metrics.timeToFirstAudioMs).toBeGreaterThanOrEqual(0);
    }
    const calls = sim.recording.http.filter((r) => r.path === '/text_to_speech/streaming');
    expect(calls.map((c) => (c.body as { transcript: string }).transcript)).toEqual(sentences);
    expect(calls.every((c) => (c.body as { output_format: unknown }).output_format)).toBe(true);
    expect(calls[0]!.body).toMatchObject({ output_format: { container: 'raw', sample_rate: 16000 } });
  });

  it('decodes chunks cut mid-sample to the same samples as the whole body', async () => {
    const { client } = provider();
    const { provider: http } = provider({ fetch: rechunkingFetch(333) });
    const events = await collect(http.synthesize(pieces(), { settings: () => settings }));
    for (const [index, text] of sentences.entries()) {
      expect(samplesOf(events, index)).toEqual(await reference(client, text));
    }
  });

  it('retries a rate-limited sentence after the wait without duplicating audio', async () => {
    const { client } = provider();
    const expected = await reference(client, sentences[0]!);
    sim.setFaults({ http429: { count: 1, code: 'RATE_LIMIT_EXCEEDED', retryAfterMs: 700 } });
    const { provider: http, waits } = provider();
    const events = await collect(
      http.synthesize([{ text: sentences[0]!, sentenceEnd: true }], { settings: () => settings }),
    );
    expect(waits).toEqual([700]);
    expect(samplesOf(events, 0)).toEqual(expected);
  });

  it('reads the settings at each sentence start', async () => {
    const voices = sim.voices.slice(0, 3).map((v) => v.voice_id);
    let call = 0;
    const { provider: http } = provider();
    await collect(http.synthesize(pieces(), { settings: () => ({ ...settings, voiceId: voices[call++]! }) }));
    const calls = sim.recording.http.filter((r) => r.path === '/text_to_speech/streaming');
    expect(calls.map((c) => (c.body as { voice: { id: string } }).voice.id)).toEqual(voices);
  });

  it('fails with QUOTA when the marker arrives', async () => {
    sim.setFaults({ quotaMarkerAfterBytes: 2000 });
    const { provider: http } = provider();
    await expect(collect(http.synthesize(pieces(), { settings: () => settings }))).rejects.toMatchObject({
      code: 'QUOTA',
    });
  });

  it('abort ends the iteration at once and cancels the requests', async () => {
    sim.setFaults({ realtimeFactor: 1, firstAudioMs: 0 });
    const signals: AbortSignal[] = [];
    const watching: typeof fetch = (input, init) => {
      signals.push(init!.signal!);
      return fetch(input, init);
    };
    const { provider: http } = provider({ fetch: watching });
    const controller = new AbortController();
    const events: SynthesisEvent[] = [];
    for await (const event of http.synthesize(pieces(), { settings: () => settings, signal: controller.signal })) {
      events.push(event);
      if (event.type === 'audio') controller.abort();
    }
    expect(events.map((e) => e.type)).toEqual(['sentence-start', 'audio']);
    // The prefetch had started the second sentence; the third was never requested.
    expect(signals).toHaveLength(2);
    expect(signals.every((s) => s.aborted)).toBe(true);
  });

  it('lists the whole catalogue', async () => {
    const { provider: http } = provider();
    expect(await http.listVoices()).toHaveLength(sim.voices.length);
  });
});
