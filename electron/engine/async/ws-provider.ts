import { randomUUID } from 'node:crypto';
import { StudioError } from '../../../shared/errors';
import type { ConnectionEvent, SynthesisEvent, SynthesisSettings, TextPiece } from '../../../shared/synthesis';
import type { Voice, VoiceFilter } from '../../../shared/voices';
import { createLogger } from '../log';
import { registerSecret } from '../redact';
import type { SynthesizeOptions, TtsProvider } from '../tts-provider';
import { apiError, type ApiErrorBody } from './api-errors';
import type { AsyncConfig } from './config';
import type { AsyncHttpClient } from './http-client';
import {
  defaultSocketFactory,
  isRetryable,
  WsConnection,
  type CloseInfo,
  type WebSocketFactory,
  WS_NETWORK_HINT,
} from './ws-connection';
import { Link, SentenceJob, SynthesisRun } from './ws-jobs';
import {
  checkWsSettings,
  closeContextMessage,
  connectionKey,
  initMessage,
  normaliseTranscript,
  textMessage,
  wsUrl,
  type ServerFrame,
} from './ws-protocol';

/** When a frame arrived and when its PCM was ready (performance.now() ms): the benchmark's probe. */
export interface AudioFrameTiming {
  arrivedAt: number;
  readyAt: number;
  samples: number;
}

export interface AsyncWsProviderOptions {
  /** Voices exist only over HTTP; `listVoices` asks this client. */
  http: Pick<AsyncHttpClient, 'listAllVoices'>;
  createSocket?: WebSocketFactory;
  /** Sentences started and not yet consumed, per synthesis (default 3). */
  maxSentencesInFlight?: number;
  /** After close_context, this long without audio or `final` ends the sentence anyway (default 3000). */
  finalTimeoutMs?: number;
  /**
   * Null (default): close a context as soon as its text is complete; servers complete the audio
   * (§3.8 view A). A number: send close_context only after this much audio silence, FC's approach
   * for servers that truncate what is still being generated at close (view B).
   */
  closeAfterAudioIdleMs?: number | null;
  /** JSON keepalive period while a socket is open (default 10000; the server's idle limit is 60 s). */
  keepaliveIntervalMs?: number;
  connectTimeoutMs?: number;
  /** Bounded wait for the server's close after `terminate` (default 2000, as Pipecat). */
  closeTimeoutMs?: number;
  /** Once a server has announced its own context ids, how long a new connection waits for its init_ack. */
  initAckTimeoutMs?: number;
  /** Reconnects in a row without a sentence completing before giving up (default 5). */
  reconnectAttempts?: number;
  /** First reconnect delay, doubled each time (default 200). */
  reconnectBaseDelayMs?: number;
  /** Called for every audio frame; unset, the hot path measures nothing. */
  onAudioTiming?: (timing: AudioFrameTiming) => void;
}

const DEFAULTS = {
  maxSentencesInFlight: 3,
  finalTimeoutMs: 3000,
  keepaliveIntervalMs: 10_000,
  connectTimeoutMs: 10_000,
  closeTimeoutMs: 2000,
  initAckTimeoutMs: 1000,
  reconnectAttempts: 5,
  reconnectBaseDelayMs: 200,
};

/** The code of a socket that died without a close handshake (dropped TCP connection). */
const ABNORMAL_CLOSE = 1006;

/**
 * Speech over the Async WebSocket (`TtsProvider` kind 'async-ws').
 *
 * Design: **one context (a fresh uuid) per sentence.** `final`, which the server sends after
 * `close_context`, is the only per-context completion signal the API gives (§3.3). Giving every
 * sentence its own context turns it into a per-sentence signal, which is what makes two things
 * possible: exactly-once delivery after a dropped connection (every sentence without its `final`
 * is sent again, and the consumer is told to drop what it had of it), and re-synthesis from the
 * current sentence on. Several sentences are in flight at once on one socket (bounded), their
 * audio is routed by context id and put out strictly in sentence order.
 *
 * Model, voice, language and format are fixed per connection (§3.2 note 1): a sentence whose
 * settings differ from the current connection's gets a new one, and the old one is terminated once
 * its sentences are complete. The socket outlives a synthesis (interruptions included) and is
 * reused by the next one; `close()` releases it.
 *
 * §3.8 view B servers are recognised as they show themselves: an `init_ack` naming a context id
 * means the server only speaks in that context (its id is used, one sentence per connection), and
 * a server that closes the socket cleanly after a `final` gets one sentence per connection.
 */
export class AsyncWsProvider implements TtsProvider {
  readonly kind = 'async-ws' as const;
  private readonly tuning: typeof DEFAULTS & { closeAfterAudioIdleMs: number | null };
  private readonly http: Pick<AsyncHttpClient, 'listAllVoices'>;
  private readonly createSocket: WebSocketFactory;
  private readonly onAudioTiming: ((timing: AudioFrameTiming) => void) | undefined;
  private readonly links = new Set<Link>();
  private readonly runs = new Set<SynthesisRun>();
  private readonly listeners = new Set<(event: ConnectionEvent) => void>();
  /** The shareable connection new sentences go to, and the settings key of the latest sentence. */
  private current: Link | null = null;
  private currentKey: string | null = null;
  private opening: { key: string; promise: Promise<Link> } | null = null;
  /** Connection failures and drops since a sentence last completed. */
  private failures = 0;
  private serverMintsContextIds = false;
  private oneSentencePerConnection = false;
  private closed = false;
  private readonly lifetime = new AbortController();
  private readonly log = createLogger('async-ws');

  constructor(
    private readonly config: AsyncConfig,
    options: AsyncWsProviderOptions,
  ) {
    registerSecret(config.apiKey);
    this.http = options.http;
    this.createSocket = options.createSocket ?? defaultSocketFactory;
    this.onAudioTiming = options.onAudioTiming;
    const numbers = Object.fromEntries(
      Object.entries(DEFAULTS).map(([name, fallback]) => [name, options[name as keyof typeof DEFAULTS] ?? fallback]),
    ) as typeof DEFAULTS;
    this.tuning = {
      ...numbers,
      maxSentencesInFlight: Math.max(1, numbers.maxSentencesInFlight),
      closeAfterAudioIdleMs: options.closeAfterAudioIdleMs ?? null,
    };
  }

  /** The whole catalogue matching the filter, over HTTP (the WebSocket has no voices). */
  listVoices(filter?: VoiceFilter): Promise<Voice[]> {
    return this.http.listAllVoices(filter);
  }

  /** Subscribes to connected / disconnected / connection-error; URLs come redacted. Returns the unsubscribe. */
  onConnectionEvent(listener: (event: ConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Speaks the pieces, one context per sentence, and yields their events in sentence order.
   * Aborting `options.signal` closes the sentences in flight and ends the iteration at once; the
   * socket stays open for the next call.
   */
  async *synthesize(
    text: AsyncIterable<TextPiece> | Iterable<TextPiece>,
    options: SynthesizeOptions,
  ): AsyncIterable<SynthesisEvent> {
    if (this.closed) throw closedError();
    if (options.signal?.aborted) return;
    const run = new SynthesisRun(this.tuning.maxSentencesInFlight);
    const stop = () => this.endRun(run);
    options.signal?.addEventListener('abort', stop, { once: true });
    this.runs.add(run);
    void this.pump(run, text, options.settings);
    try {
      for await (const event of run.out) {
        yield event;
        if (event.type === 'sentence-end') run.release();
      }
    } finally {
      options.signal?.removeEventListener('abort', stop);
      this.endRun(run);
      this.runs.delete(run);
    }
  }

  /** Ends every synthesis (CANCELLED), terminates every connection and clears every timer. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lifetime.abort();
    for (const run of [...this.runs]) this.endRun(run, closedError());
    this.current = null;
    await Promise.all([...this.links].map((link) => link.connection.terminate()));
    this.links.clear();
  }

  /** Reads the text, starting a sentence (and its context) at the first words after each sentence end. */
  private async pump(
    run: SynthesisRun,
    text: AsyncIterable<TextPiece> | Iterable<TextPiece>,
    settings: () => SynthesisSettings,
  ): Promise<void> {
    try {
      for await (const piece of text) {
        if (run.finished) return;
        if (piece.text.trim()) {
          const job = run.current ?? (await this.startSentence(run, settings));
          if (!job || run.finished) return;
          this.addText(job, piece.text);
        }
        if (piece.sentenceEnd && run.current) this.endSentence(run.current);
      }
      if (run.current) this.endSentence(run.current);
      run.endInput();
    } catch (error) {
      this.endRun(run, error);
    }
  }

  /** Opens the next sentence once a slot is free; null when the run ended meanwhile. */
  private async startSentence(run: SynthesisRun, settingsOf: () => SynthesisSettings): Promise<SentenceJob | null> {
    await run.slot();
    if (run.finished) return null;
    // Read at each sentence start, so a change made while speaking applies from the next sentence.
    const settings = settingsOf();
    checkWsSettings(settings);
    const job = run.startSentence(settings);
    this.attach(job, await this.acquire(settings, true));
    return job;
  }

  private addText(job: SentenceJob, text: string): void {
    const chunk = normaliseTranscript(text);
    job.chunks.push(chunk);
    // A sentence between connections keeps its text; `attach` sends all of it.
    if (job.link) this.transmit(job, chunk);
  }

  private endSentence(job: SentenceJob): void {
    job.textComplete = true;
    job.run.current = null;
    if (job.link) this.scheduleClose(job);
    job.run.flush();
  }

  private transmit(job: SentenceJob, transcript: string): void {
    job.link!.connection.send(textMessage(job.contextId!, transcript));
    job.firstSentAt ??= performance.now();
  }

  /** Opens the sentence's context on `link` and sends everything it has so far. */
  private attach(job: SentenceJob, link: Link): void {
    if (link.fatal) return this.endRun(job.run, link.fatal);
    if (!job.live) return this.releaseIfIdle(link);
    // Closed between opening and now: its close went unnoticed by this sentence, so move on.
    if (!link.connection.isOpen) return this.rehome([job], 'the connection closed as it opened', true);
    const serverId = link.connection.serverContextId;
    const contextId = serverId && !link.serverIdTaken ? serverId : randomUUID();
    if (contextId === serverId) link.serverIdTaken = true;
    link.contexts.set(contextId, job);
    job.link = link;
    job.contextId = contextId;
    this.sendAllText(job);
  }

  /** Sends a sentence's whole text so far to its (new) context, and its close once the text is complete. */
  private sendAllText(job: SentenceJob): void {
    if (job.chunks.length > 0) this.transmit(job, job.chunks.join(''));
    if (job.textComplete) this.scheduleClose(job);
  }

  private scheduleClose(job: SentenceJob): void {
    const idleMs = this.tuning.closeAfterAudioIdleMs;
    if (idleMs === null) return this.sendClose(job);
    // FC's approach: close only once the sentence's audio has gone quiet (or never started in time).
    this.watch(
      job,
      () => (job.firstAudioAt === null ? this.tuning.finalTimeoutMs : idleMs),
      () => this.sendClose(job),
    );
  }

  private sendClose(job: SentenceJob): void {
    job.closeSent = true;
    job.link?.connection.send(closeContextMessage(job.contextId!));
    this.watch(
      job,
      () => this.tuning.finalTimeoutMs,
      () => {
        this.log.warn(
          `No final for sentence ${job.index} after ${this.tuning.finalTimeoutMs} ms without audio; taking it as complete.`,
        );
        this.complete(job);
      },
    );
  }

  /**
   * Runs `action` once `limit()` ms pass without audio. Silence counts on the whole connection
   * until the sentence has its own audio and is still open (a server that speaks contexts one after
   * the other is busy, not silent, while an earlier sentence plays). Audio only stamps times and the
   * timer re-arms itself for the rest, so the hot path sets no timers.
   */
  private watch(job: SentenceJob, limit: () => number, action: () => void): void {
    job.clearTimer();
    const armedAt = performance.now();
    const check = () => {
      const own = job.firstAudioAt !== null && !job.closeSent;
      const heard = own ? job.lastAudioAt : (job.link?.lastAudioAt ?? 0);
      const rest = limit() - (performance.now() - Math.max(armedAt, heard));
      if (rest > 0) job.timer = setTimeout(check, rest);
      else {
        job.timer = null;
        action();
      }
    };
    job.timer = setTimeout(check, limit());
  }

  private onFrame(link: Link, frame: ServerFrame, arrivedAt: number): void {
    switch (frame.kind) {
      case 'audio': {
        link.lastFrameFinal = frame.final;
        const job = frame.contextId === undefined ? undefined : link.contexts.get(frame.contextId);
        // Late audio of an interrupted or re-sent sentence, or of a context we never opened.
        if (!job) return;
        if (frame.audio) this.receiveAudio(job, frame.audio, arrivedAt);
        if (frame.final) this.complete(job);
        return;
      }
      case 'init-ack':
        return this.adoptServerContext(link, frame.contextId);
      case 'error':
        return this.serverError(link, frame.body);
      case 'unknown':
        this.log.debug(`Ignoring an unknown message: ${JSON.stringify(frame.data).slice(0, 200)}`);
        return;
      case 'malformed': {
        const first = link.malformedFrames++ === 0;
        this.log[first ? 'warn' : 'debug'](`Ignoring a malformed frame: ${frame.raw.slice(0, 80)}`);
        return;
      }
    }
  }

  private receiveAudio(job: SentenceJob, base64: string, arrivedAt: number): void {
    const pcm = job.decoder.push(Buffer.from(base64, 'base64'));
    const now = performance.now();
    if (this.onAudioTiming) this.onAudioTiming({ arrivedAt, readyAt: now, samples: pcm.length });
    if (job.firstAudioAt === null) {
      job.firstAudioAt = now;
      // Waiting to close after audio silence: from now on the (shorter) silence limit applies.
      if (job.timer && !job.closeSent) this.scheduleClose(job);
    }
    job.lastAudioAt = now;
    job.link!.lastAudioAt = now;
    if (pcm.length === 0) return;
    job.samples += pcm.length;
    job.run.audio(job, { type: 'audio', index: job.index, pcm, sampleRate: job.settings.output.sampleRate });
  }

  private complete(job: SentenceJob): void {
    if (job.done) return;
    const link = job.link;
    job.detach();
    job.done = true;
    this.failures = 0;
    job.run.flush();
    if (link) this.releaseIfIdle(link);
  }

  /**
   * An init_ack naming a context: the server (§3.8 view B, FC's observation) will only speak in
   * that context. The sentence already sent under our id moves to it (unless audio shows our id
   * works), other sentences on the socket move to connections of their own, and from now on every
   * connection waits for its init_ack and carries one sentence.
   */
  private adoptServerContext(link: Link, serverId: string | undefined): void {
    if (!serverId) return this.log.debug('Ignoring an init_ack without a context id.');
    if (!this.serverMintsContextIds) {
      this.log.info('The server names the context (init_ack): one sentence per connection, in its context.');
    }
    this.serverMintsContextIds = true;
    this.oneSentencePerConnection = true;
    link.dedicated = true;
    if (this.current === link) this.current = null;
    const [first, ...others] = [...link.contexts.values()].sort((a, b) => a.index - b.index);
    if (!first || first.firstAudioAt !== null) return;
    link.contexts.delete(first.contextId!);
    link.contexts.set(serverId, first);
    link.serverIdTaken = true;
    first.contextId = serverId;
    first.restart();
    this.sendAllText(first);
    this.rehome(others, 'the server allows one sentence per connection', false);
  }

  private serverError(link: Link, body: ApiErrorBody): void {
    const error = apiError(body);
    link.dead = true;
    if (this.current === link) this.current = null;
    const pending = [...link.contexts.values()].filter((job) => job.live);
    if (body.error_code === 'TIMEOUT') {
      // The server's idle rule (§3.6): reconnect quietly if work is pending, else lazily on next use.
      this.log.info(`The server timed the connection out; ${pending.length} sentence(s) pending.`);
      void link.connection.terminate();
      if (pending.length > 0) this.rehome(pending, 'the server timed the connection out', true);
      return;
    }
    // The error reaches the caller through its run; only one nobody is waiting for needs a log line.
    if (pending.length === 0) this.log.warn(`The server reported an error: ${error.message}`);
    else this.log.debug(`The server reported an error: ${error.message}`);
    link.fatal = error;
    for (const job of pending) job.detach();
    for (const run of new Set(pending.map((job) => job.run))) this.endRun(run, error);
    void link.connection.terminate();
  }

  private onClosed(link: Link, info: CloseInfo): void {
    this.links.delete(link);
    if (this.current === link) this.current = null;
    const orphans = [...link.contexts.values()].filter((job) => job.live);
    if (info.requested || this.closed || link.fatal) return;
    // A clean close right after a final is a server that closes after each sentence (view B), not a drop.
    const afterFinal = link.lastFrameFinal && info.code !== ABNORMAL_CLOSE;
    if (afterFinal && !this.oneSentencePerConnection) {
      this.log.info('The server closes the socket after each final: one sentence per connection from now on.');
      this.oneSentencePerConnection = true;
    }
    if (orphans.length === 0) return; // reconnect lazily, when the next sentence needs it
    this.log.info(`Connection lost (code ${info.code}) with ${orphans.length} sentence(s) pending; reconnecting.`);
    this.rehome(orphans, 'the connection was lost', !afterFinal);
  }

  /**
   * Moves sentences whose context was lost to a new connection: each restarts from its first word
   * (announced with `sentence-reset` if some of its audio had gone out), all its text is sent again.
   */
  private rehome(jobs: SentenceJob[], reason: string, countsAsFailure: boolean): void {
    if (jobs.length === 0) return;
    if (countsAsFailure) this.failures++;
    for (const job of jobs) {
      job.detach();
      job.run.reset(job, reason);
    }
    const groups = this.oneSentencePerConnection ? jobs.map((job) => [job]) : [jobs];
    for (const group of groups) {
      void this.acquire(group[0]!.settings, false).then(
        (link) => {
          for (const job of group) this.attach(job, link);
        },
        (error: unknown) => {
          for (const job of group) this.endRun(job.run, error);
        },
      );
    }
  }

  /** A connection for these settings: the current one if it fits, else a new one (shared while opening). */
  private async acquire(settings: SynthesisSettings, forNewSentence: boolean): Promise<Link> {
    const key = connectionKey(settings);
    if (forNewSentence) this.currentKey = key;
    if (this.oneSentencePerConnection) return this.openLink(settings, key, true);
    if (this.current?.key === key && this.current.shareable) return this.current;
    if (this.opening?.key !== key) {
      const promise = this.openLink(settings, key, false);
      const opening = { key, promise };
      this.opening = opening;
      void promise.then(
        () => this.opening === opening && (this.opening = null),
        () => this.opening === opening && (this.opening = null),
      );
    }
    const link = await this.opening!.promise;
    if (!link.dedicated && link.key === this.currentKey && this.current !== link) this.makeCurrent(link);
    return link;
  }

  private makeCurrent(link: Link): void {
    const previous = this.current;
    this.current = link;
    // The previous connection's sentences complete on it; then it is terminated.
    if (previous) this.releaseIfIdle(previous);
  }

  /** Terminates a connection that carries nothing and will not be used again. */
  private releaseIfIdle(link: Link): void {
    if (link === this.current || link.contexts.size > 0 || !this.links.has(link)) return;
    this.links.delete(link);
    void link.connection.terminate();
  }

  /** Connects, retrying with exponential backoff; gives up (NETWORK) after the configured attempts. */
  private async openLink(settings: SynthesisSettings, key: string, dedicated: boolean): Promise<Link> {
    for (;;) {
      if (this.failures > this.tuning.reconnectAttempts) throw giveUpError(this.tuning.reconnectAttempts);
      if (this.failures > 0) await this.sleep(this.tuning.reconnectBaseDelayMs * 2 ** (this.failures - 1));
      if (this.closed) throw closedError();
      const link = this.newLink(settings, key, dedicated);
      try {
        await link.connection.open();
        if (this.serverMintsContextIds) await link.connection.waitForInitAck(this.tuning.initAckTimeoutMs);
        if (link.connection.serverContextId) link.dedicated = true;
        return link;
      } catch (error) {
        this.links.delete(link);
        if (this.closed) throw closedError();
        if (!isRetryable(error)) throw error;
        this.failures++;
        this.log.info(`Could not connect (${(error as Error).message}); attempt ${this.failures}.`);
      }
    }
  }

  private newLink(settings: SynthesisSettings, key: string, dedicated: boolean): Link {
    const connection = new WsConnection({
      url: wsUrl(this.config),
      init: initMessage(settings),
      createSocket: this.createSocket,
      keepaliveIntervalMs: this.tuning.keepaliveIntervalMs,
      connectTimeoutMs: this.tuning.connectTimeoutMs,
      closeTimeoutMs: this.tuning.closeTimeoutMs,
      timestamps: this.onAudioTiming !== undefined,
      onFrame: (frame, arrivedAt) => this.onFrame(link, frame, arrivedAt),
      onClosed: (info) => this.onClosed(link, info),
      onEvent: (event) => this.report(link, event),
    });
    const link = new Link(connection, key, settings, dedicated);
    this.links.add(link);
    return link;
  }

  /**
   * Stops a synthesis: closes its contexts in flight (late audio for them is dropped), and ends its
   * iteration, quietly or with `error`. Its connections stay open for the next synthesis.
   */
  private endRun(run: SynthesisRun, error?: unknown): void {
    if (run.finished) return;
    for (const job of run.jobs) {
      const link = job.link;
      if (!link || job.done) continue;
      if (!job.closeSent && !link.fatal) link.connection.send(closeContextMessage(job.contextId!));
      job.detach();
      this.releaseIfIdle(link);
    }
    run.finish(error);
  }

  /**
   * Connection events describe the provider's connection as the user sees it: a retired connection
   * closing while a newer one carries on (a settings change, one sentence per connection) is not a
   * disconnection, so it is not reported.
   */
  private report(link: Link, event: ConnectionEvent): void {
    if (event.type === 'disconnected' && [...this.links].some((other) => other !== link && !other.dead)) return;
    this.emit(event);
  }

  private emit(event: ConnectionEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log.warn(`A connection listener threw: ${(error as Error).message}`);
      }
    }
  }

  /** Waits `ms`, or less if the provider is closed meanwhile. */
  private sleep(ms: number): Promise<void> {
    const signal = this.lifetime.signal;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

function closedError(): StudioError {
  return new StudioError({ code: 'CANCELLED', message: 'The WebSocket provider was closed.' });
}

function giveUpError(attempts: number): StudioError {
  return new StudioError({
    code: 'NETWORK',
    message: `Lost the connection to the Async WebSocket and could not reconnect after ${attempts} attempts.`,
    hint: WS_NETWORK_HINT,
  });
}
