import type { SynthesizeOptions, TtsProvider } from '../tts-provider';
import {
  characterCount,
  voiceSettingsOf,
  type SynthesisEvent,
  type SynthesisSettings,
  type TextPiece,
} from '../../../shared/synthesis';
import { matchesVoiceFilter, type Voice, type VoiceFilter } from '../../../shared/voices';
import { StudioError } from '../../../shared/errors';
import { FliteEngine } from './flite';
import { fliteVoiceFor, OFFLINE_VOICES } from './offline-voices';
import { speakTranscript } from './speak-markup';

/** Audio is handed out in pieces of this length so consumers see it stream, as from the API. */
const AUDIO_EVENT_MS = 100;

const ABORTED = Symbol('aborted');

/** Resolves to ABORTED as soon as the signal fires, so no await outlives an abort. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | typeof ABORTED> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

type PieceIterator = { next(): IteratorResult<TextPiece> | Promise<IteratorResult<TextPiece>>; return?(): unknown };

function iteratorOf(source: AsyncIterable<TextPiece> | Iterable<TextPiece>): PieceIterator {
  return Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
}

function checkSpeed(speed: number | undefined): void {
  if (speed !== undefined && !(Number.isFinite(speed) && speed > 0)) {
    throw new StudioError({ code: 'BAD_INPUT', message: `Speed must be a positive number; got ${speed}.` });
  }
}

/**
 * The embedded engine behind the studio when there is no Async key: Flite in a worker thread,
 * speaking one sentence at a time with the settings current at that sentence's start.
 */
export class OfflineProvider implements TtsProvider {
  readonly kind = 'offline' as const;
  private readonly engine: FliteEngine;
  private readonly ownsEngine: boolean;

  /** Pass an engine to share one Flite worker; otherwise the provider starts and owns its own. */
  constructor(options: { engine?: FliteEngine } = {}) {
    this.engine = options.engine ?? new FliteEngine();
    this.ownsEngine = !options.engine;
  }

  async listVoices(filter: VoiceFilter = {}): Promise<Voice[]> {
    return OFFLINE_VOICES.filter((voice) => matchesVoiceFilter(voice, filter));
  }

  synthesize(
    text: AsyncIterable<TextPiece> | Iterable<TextPiece>,
    options: SynthesizeOptions,
  ): AsyncIterable<SynthesisEvent> {
    return this.run(text, options);
  }

  async close(): Promise<void> {
    if (this.ownsEngine) await this.engine.close();
  }

  /**
   * Buffers pieces up to each `sentenceEnd` and speaks the sentence; text left without a final
   * `sentenceEnd` is spoken as a last sentence. Whitespace-only sentences are skipped (no index).
   */
  private async *run(
    text: AsyncIterable<TextPiece> | Iterable<TextPiece>,
    { settings, signal }: SynthesizeOptions,
  ): AsyncGenerator<SynthesisEvent> {
    const pieces = iteratorOf(text);
    let buffer = '';
    let index = 0;
    try {
      for (;;) {
        const step = await untilAborted(Promise.resolve(pieces.next()), signal);
        if (step === ABORTED) return;
        if (!step.done) buffer += step.value.text;
        if (!step.done && !step.value.sentenceEnd) continue;
        const sentence = buffer;
        buffer = '';
        if (sentence.trim()) {
          for await (const event of this.speakSentence(index, sentence, settings(), signal)) {
            yield event;
            if (signal?.aborted) return;
          }
          index++;
        }
        if (step.done || signal?.aborted) return;
      }
    } finally {
      // An abandoned async source may reject on return; nothing is waiting for it any more.
      Promise.resolve(pieces.return?.()).catch(() => undefined);
    }
  }

  private async *speakSentence(
    index: number,
    text: string,
    current: SynthesisSettings,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<SynthesisEvent> {
    const voice = fliteVoiceFor(current.voiceId);
    checkSpeed(current.speed);
    const sampleRate = current.output.sampleRate;
    yield { type: 'sentence-start', index, text, settings: voiceSettingsOf(current) };
    const startedAt = performance.now();
    const pcm = await untilAborted(
      speakTranscript(this.engine, text, { voice, speed: current.speed, sampleRate }),
      signal,
    );
    if (pcm === ABORTED) return;
    const timeToFirstAudioMs = pcm.length ? performance.now() - startedAt : null;
    const step = Math.max(1, Math.round((sampleRate * AUDIO_EVENT_MS) / 1000));
    for (let at = 0; at < pcm.length; at += step) {
      yield { type: 'audio', index, pcm: pcm.slice(at, at + step), sampleRate };
    }
    yield {
      type: 'sentence-end',
      index,
      metrics: { timeToFirstAudioMs, charactersSent: characterCount(text), audioSeconds: pcm.length / sampleRate },
    };
  }
}
