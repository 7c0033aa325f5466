import { rawPcmOf } from '../../../shared/audio-format';
import {
  characterCount,
  voiceSettingsOf,
  type SynthesisEvent,
  type SynthesisSettings,
  type TextPiece,
} from '../../../shared/synthesis';
import type { Voice, VoiceFilter } from '../../../shared/voices';
import { PcmStreamDecoder } from '../audio/pcm-codec';
import { createLogger } from '../log';
import type { SynthesizeOptions, TtsProvider } from '../tts-provider';
import type { AsyncHttpClient } from './http-client';
import { AsyncQueue } from './http-queue';
import { InFlightLimit } from './in-flight-limit';

export interface AsyncHttpProviderOptions {
  /** Sentences requested at once: the one being played plus those fetched ahead (default 2). */
  maxInFlight?: number;
  /** Clock for the time-to-first-audio metric. */
  now?: () => number;
}

export const DEFAULT_MAX_IN_FLIGHT = 2;

/** Groups text pieces into sentences (a piece with `sentenceEnd` closes one); blank ones are skipped. */
export async function* sentencesOf(pieces: AsyncIterable<TextPiece> | Iterable<TextPiece>): AsyncIterable<string> {
  let buffer = '';
  for await (const piece of pieces) {
    buffer += piece.text;
    if (!piece.sentenceEnd) continue;
    const sentence = buffer.trim();
    buffer = '';
    if (sentence) yield sentence;
  }
  const rest = buffer.trim();
  if (rest) yield rest;
}

/**
 * Speech over the HTTP streaming endpoint: one request per sentence, the next sentence requested
 * while the current one streams, events strictly in sentence order. Simpler than the WebSocket
 * and free of its per-connection settings, at the cost of one request's latency per sentence
 * (hidden by the prefetch except for the first).
 */
export class AsyncHttpProvider implements TtsProvider {
  readonly kind = 'async-http' as const;
  private readonly maxInFlight: number;
  private readonly now: () => number;
  private readonly active = new Set<AbortController>();
  private readonly log = createLogger('async-http-provider');

  constructor(
    private readonly client: AsyncHttpClient,
    options: AsyncHttpProviderOptions = {},
  ) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
    this.now = options.now ?? (() => performance.now());
  }

  /** The whole catalogue: every page of `POST /voices`. */
  listVoices(filter?: VoiceFilter): Promise<Voice[]> {
    return this.client.listAllVoices(filter);
  }

  /** Speaks text sentence by sentence; aborting cancels every request and ends the iteration at once. */
  async *synthesize(
    text: AsyncIterable<TextPiece> | Iterable<TextPiece>,
    options: SynthesizeOptions,
  ): AsyncIterable<SynthesisEvent> {
    if (options.signal?.aborted) return;
    const controller = new AbortController();
    const signal = controller.signal;
    const forward = () => controller.abort();
    options.signal?.addEventListener('abort', forward, { once: true });
    this.active.add(controller);

    const jobs = new AsyncQueue<AsyncQueue<SynthesisEvent>>();
    const live = new Set<AsyncQueue<SynthesisEvent>>();
    const slots = new InFlightLimit(this.maxInFlight);
    signal.addEventListener(
      'abort',
      () => {
        jobs.clear();
        for (const events of live) events.clear();
        slots.stop();
      },
      { once: true },
    );
    void this.produce(text, options.settings, { jobs, live, slots, signal });
    try {
      for await (const events of jobs) {
        for await (const event of events) yield event;
        live.delete(events);
        slots.release();
      }
    } finally {
      controller.abort();
      options.signal?.removeEventListener('abort', forward);
      this.active.delete(controller);
    }
  }

  /** Cancels every synthesis still running. */
  async close(): Promise<void> {
    for (const controller of this.active) controller.abort();
  }

  /** Reads the text and starts one sentence request whenever a slot is free. */
  private async produce(
    text: AsyncIterable<TextPiece> | Iterable<TextPiece>,
    settings: () => SynthesisSettings,
    run: {
      jobs: AsyncQueue<AsyncQueue<SynthesisEvent>>;
      live: Set<AsyncQueue<SynthesisEvent>>;
      slots: InFlightLimit;
      signal: AbortSignal;
    },
  ): Promise<void> {
    let index = 0;
    try {
      for await (const sentence of sentencesOf(text)) {
        if (!(await run.slots.acquire())) return;
        const events = new AsyncQueue<SynthesisEvent>();
        run.live.add(events);
        run.jobs.push(events);
        void this.speakSentence(index++, sentence, settings(), events, run.signal);
      }
      run.jobs.close();
    } catch (error) {
      run.jobs.fail(error);
    }
  }

  /** One sentence: one streaming request, decoded to PCM as the bytes arrive. */
  private async speakSentence(
    index: number,
    text: string,
    settings: SynthesisSettings,
    events: AsyncQueue<SynthesisEvent>,
    signal: AbortSignal,
  ): Promise<void> {
    try {
      events.push({ type: 'sentence-start', index, text, settings: voiceSettingsOf(settings) });
      const output = rawPcmOf(settings.output);
      const decoder = new PcmStreamDecoder(output.encoding);
      const started = this.now();
      let timeToFirstAudioMs: number | null = null;
      let samples = 0;
      for await (const chunk of this.client.streamSpeech({ ...settings, output, text }, signal)) {
        if (timeToFirstAudioMs === null && chunk.byteLength > 0) timeToFirstAudioMs = this.now() - started;
        const pcm = decoder.push(chunk);
        if (pcm.length === 0) continue;
        samples += pcm.length;
        events.push({ type: 'audio', index, pcm, sampleRate: output.sampleRate });
      }
      if (decoder.pendingBytes > 0) {
        this.log.warn(`Sentence ${index}: the audio ended inside a sample (${decoder.pendingBytes} bytes dropped).`);
      }
      events.push({
        type: 'sentence-end',
        index,
        metrics: {
          timeToFirstAudioMs,
          charactersSent: characterCount(text),
          audioSeconds: samples / output.sampleRate,
        },
      });
      events.close();
    } catch (error) {
      events.fail(error);
    }
  }
}
