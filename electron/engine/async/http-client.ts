import { StudioError } from '../../../shared/errors';
import { matchesVoiceFilter, type Voice, type VoiceFilter } from '../../../shared/voices';
import { createLogger } from '../log';
import { registerSecret } from '../redact';
import { apiError, readApiErrorBody } from './api-errors';
import type { AsyncConfig } from './config';
import { cancelledError, parseJson, responseError, transportError } from './http-errors';
import { synthesisBody, type SpeechRequest } from './http-request';
import { QuotaMarkerScanner } from './quota-marker';
import { MAX_PAGE_SIZE, readVoicePage, toVoice, voiceListBody, type VoicePage } from './voices-api';

export interface AsyncHttpClientDeps {
  fetch?: typeof fetch;
  /** Waits between retries; tests inject one that records the wait instead of waiting. */
  sleep?: (ms: number) => Promise<void>;
  retry?: { maxAttempts?: number };
}

export interface AudioFile {
  bytes: Uint8Array;
  contentType: string;
}

export interface WordTiming {
  word: string;
  startMs: number;
  endMs: number;
}

export interface TimedAudio {
  audio: Uint8Array;
  words: WordTiming[];
}

/** Attempts in all for a rate-limited request (the first one included). */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** No single retry wait is longer than this, whatever `retry_after_ms` says. */
export const MAX_RETRY_WAIT_MS = 30_000;
const BACKOFF_BASE_MS = 500;
/** 100 voices a page: far beyond any real catalogue, and it stops a server that never ends the list. */
const MAX_VOICE_PAGES = 1000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Exponential backoff for a retry when the server gave no wait of its own. */
export function backoffMs(attempt: number): number {
  return Math.min(MAX_RETRY_WAIT_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
}

function malformed(what: string): StudioError {
  return new StudioError({
    code: 'SERVER',
    message: `The Async API sent a malformed ${what}.`,
    hint: 'The Async service had a problem; try again in a moment.',
  });
}

/**
 * The Async REST API (asyncai-api.md §4, §5): synthesis in its three forms, the voice catalogue and
 * key validation. Rate limits and one server error are retried here; every failure leaves as a
 * StudioError whose message and hint never contain the key.
 */
export class AsyncHttpClient {
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxAttempts: number;
  private readonly base: string;
  private readonly log = createLogger('async-http');

  constructor(
    private readonly config: AsyncConfig,
    deps: AsyncHttpClientDeps = {},
  ) {
    registerSecret(config.apiKey);
    this.fetchImpl = deps.fetch ?? globalThis.fetch;
    this.sleep = deps.sleep ?? defaultSleep;
    this.maxAttempts = Math.max(1, deps.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    this.base = config.httpUrl.replace(/\/+$/, '');
  }

  /** Streams synthesised audio bytes as they arrive; the quota marker ends the stream with QUOTA. */
  async *streamSpeech(request: SpeechRequest, signal?: AbortSignal): AsyncIterable<Uint8Array> {
    const response = await this.send(
      'POST',
      '/text_to_speech/streaming',
      synthesisBody(request, 'http_streaming'),
      signal,
    );
    const reader = response.body?.getReader();
    if (!reader) throw malformed('empty audio stream');
    const scanner = new QuotaMarkerScanner();
    let ended = false;
    try {
      for (;;) {
        const chunk = await reader.read().catch((error: unknown) => {
          throw transportError(error, this.base, signal);
        });
        if (chunk.done) {
          ended = true;
          const rest = scanner.end();
          if (rest.byteLength > 0) yield rest;
          return;
        }
        const { audio, quotaExceeded } = scanner.push(chunk.value);
        if (audio.byteLength > 0) yield audio;
        if (quotaExceeded) {
          throw apiError({ error_code: 'QUOTA_EXCEEDED', message: 'The quota ran out in the middle of the audio.' });
        }
      }
    } finally {
      // Stopping early (quota, consumer gone) must close the connection, not leave it draining.
      if (!ended) await reader.cancel().catch(() => undefined);
    }
  }

  /** Synthesises a whole file (`POST /text_to_speech`); a JSON answer instead of audio is an error. */
  async synthesize(request: SpeechRequest, signal?: AbortSignal): Promise<AudioFile> {
    return this.audioFile(
      await this.send('POST', '/text_to_speech', synthesisBody(request, 'http_sync'), signal),
      signal,
    );
  }

  /** Synthesises with word timings (`POST /text_to_speech/with_timestamps`). */
  async synthesizeWithTimestamps(request: SpeechRequest, signal?: AbortSignal): Promise<TimedAudio> {
    const response = await this.send(
      'POST',
      '/text_to_speech/with_timestamps',
      synthesisBody(request, 'http_timestamps'),
      signal,
    );
    const body = (await this.json(response, signal)) as Record<string, unknown> | null;
    const alignment = body?.alignment as Record<string, unknown> | undefined;
    const words = alignment?.words;
    const starts = alignment?.word_start_times_milliseconds;
    const ends = alignment?.word_end_times_milliseconds;
    if (
      typeof body?.audio_base64 !== 'string' ||
      !Array.isArray(words) ||
      !Array.isArray(starts) ||
      !Array.isArray(ends) ||
      starts.length !== words.length ||
      ends.length !== words.length ||
      ![...starts, ...ends].every(Number.isFinite)
    ) {
      throw malformed('timestamped synthesis answer');
    }
    return {
      audio: new Uint8Array(Buffer.from(body.audio_base64, 'base64')),
      words: words.map((word, i) => ({ word: String(word), startMs: starts[i] as number, endMs: ends[i] as number })),
    };
  }

  /** One page of the catalogue (`POST /voices`); the free-text `query` is matched locally. */
  async listVoices(filter: VoiceFilter = {}, page: { limit?: number; after?: string | null } = {}): Promise<VoicePage> {
    const response = await this.send('POST', '/voices', voiceListBody(filter, page));
    const parsed = readVoicePage(await this.json(response));
    if (!parsed) throw malformed('voice list');
    const voices: Voice[] = [];
    for (const raw of parsed.voices) {
      const voice = toVoice(raw);
      if (!voice) this.log.warn('Skipped a voice without a voice_id in the catalogue.');
      else if (matchesVoiceFilter(voice, { query: filter.query })) voices.push(voice);
    }
    return { voices, nextCursor: parsed.nextCursor };
  }

  /** The whole catalogue matching the filter: follows `next_cursor` until it ends or repeats. */
  async listAllVoices(filter?: VoiceFilter): Promise<Voice[]> {
    const byId = new Map<string, Voice>();
    const cursors = new Set<string>();
    let after: string | null = null;
    for (let pages = 0; pages < MAX_VOICE_PAGES; pages++) {
      const { voices, nextCursor } = await this.listVoices(filter, { limit: MAX_PAGE_SIZE, after });
      for (const voice of voices) if (!byId.has(voice.id)) byId.set(voice.id, voice);
      if (!nextCursor || cursors.has(nextCursor)) return [...byId.values()];
      cursors.add(nextCursor);
      after = nextCursor;
    }
    this.log.warn(`Stopped listing voices after ${MAX_VOICE_PAGES} pages.`);
    return [...byId.values()];
  }

  /** One voice by id (`GET /voices/{id}`). */
  async getVoice(id: string): Promise<Voice> {
    const voice = toVoice(await this.json(await this.send('GET', `/voices/${encodeURIComponent(id)}`)));
    if (!voice) throw malformed('voice');
    return voice;
  }

  /** The signed URL of a voice's preview clip (`GET /voices/preview/{id}`). */
  async getVoicePreview(id: string): Promise<{ signedUrl: string }> {
    const body = (await this.json(await this.send('GET', `/voices/preview/${encodeURIComponent(id)}`))) as Record<
      string,
      unknown
    > | null;
    if (typeof body?.signed_url !== 'string' || body.signed_url === '') throw malformed('preview answer');
    return { signedUrl: body.signed_url };
  }

  /** Downloads a voice's preview clip. The signed URL may point elsewhere, so it gets no key. */
  async fetchVoicePreview(id: string, signal?: AbortSignal): Promise<AudioFile> {
    const url = new URL((await this.getVoicePreview(id)).signedUrl, `${this.base}/`);
    let response: Response;
    try {
      response = await this.fetchImpl(url, { signal });
    } catch (error) {
      throw transportError(error, url.origin, signal);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const missing = response.status === 403 || response.status === 404;
      throw new StudioError({
        code: missing ? 'NOT_FOUND' : 'SERVER',
        message: `The preview clip could not be downloaded (HTTP ${response.status}).`,
        hint: missing ? 'The preview link expired or the clip is gone; try again.' : 'Try again in a moment.',
        status: response.status,
      });
    }
    return this.audioFile(response, signal);
  }

  /** Checks a key with one cheap authenticated call before the studio stores it. */
  async validateKey(): Promise<true> {
    await this.json(await this.send('POST', '/voices', voiceListBody({}, { limit: 1 })));
    return true;
  }

  private headers(json: boolean): Record<string, string> {
    const headers: Record<string, string> = { 'x-api-key': this.config.apiKey, version: this.config.apiVersion };
    if (json) headers['Content-Type'] = 'application/json';
    return headers;
  }

  /**
   * Sends one API request and returns the 2xx answer. A 429 that is not a used-up quota waits
   * (`retry_after_ms`, else backoff) and retries up to the attempt limit; a 5xx is retried once.
   */
  private async send(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    let serverRetried = false;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetchImpl(`${this.base}${path}`, {
          method,
          headers: this.headers(body !== undefined),
          body: body === undefined ? undefined : JSON.stringify(body),
          signal,
        });
      } catch (error) {
        throw transportError(error, this.base, signal);
      }
      if (response.ok) return response;
      const error = await responseError(response);
      const wait = this.retryWait(error, attempt, serverRetried);
      if (wait === null) throw error;
      serverRetried ||= error.code === 'SERVER';
      this.log.info(
        `${method} ${path}: HTTP ${response.status}${error.apiCode ? ` ${error.apiCode}` : ''}; ` +
          `retrying in ${wait} ms (attempt ${attempt + 1} of ${this.maxAttempts}).`,
      );
      await this.pause(wait, signal);
    }
  }

  /** How long to wait before retrying, or null when the error is final. */
  private retryWait(error: StudioError, attempt: number, serverRetried: boolean): number | null {
    if (attempt >= this.maxAttempts) return null;
    if (error.status === 429 && error.code === 'RATE_LIMITED') {
      return Math.min(MAX_RETRY_WAIT_MS, Math.max(0, error.retryAfterMs ?? backoffMs(attempt)));
    }
    if (error.status !== undefined && error.status >= 500 && !serverRetried) return backoffMs(attempt);
    return null;
  }

  /** Waits between retries, giving up at once when the request is cancelled. */
  private async pause(ms: number, signal?: AbortSignal): Promise<void> {
    if (!signal) return this.sleep(ms);
    if (signal.aborted) throw cancelledError();
    let onAbort: () => void = () => undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(cancelledError());
    });
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.race([this.sleep(ms), aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  private async json(response: Response, signal?: AbortSignal): Promise<unknown> {
    const text = await response.text().catch((error: unknown) => {
      throw transportError(error, this.base, signal);
    });
    const body = parseJson(text);
    if (body === undefined) throw malformed('answer (not JSON)');
    return body;
  }

  private async audioFile(response: Response, signal?: AbortSignal): Promise<AudioFile> {
    const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
    const bytes = new Uint8Array(
      await response.arrayBuffer().catch((error: unknown) => {
        throw transportError(error, this.base, signal);
      }),
    );
    if (contentType.includes('json')) {
      const error = readApiErrorBody(parseJson(new TextDecoder().decode(bytes)));
      throw error.error_code || error.message
        ? apiError(error, response.status)
        : malformed('answer (JSON, not audio)');
    }
    return { bytes, contentType };
  }
}
