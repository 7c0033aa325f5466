import type { StudioError } from '../../../shared/errors';
import {
  characterCount,
  voiceSettingsOf,
  type SentenceMetrics,
  type SynthesisEvent,
  type SynthesisSettings,
} from '../../../shared/synthesis';
import { PcmStreamDecoder } from '../audio/pcm-codec';
import { AsyncQueue } from './http-queue';
import { InFlightLimit } from './in-flight-limit';
import type { WsConnection } from './ws-connection';

/**
 * The WebSocket provider's bookkeeping: connections and the sentences they carry (`Link`), one
 * sentence in flight (`SentenceJob`), one `synthesize` call (`SynthesisRun`). The provider moves
 * jobs between links; this file keeps the rules that make every sentence come out once, in order.
 */

/** A connection and the contexts open on it, by context id. */
export class Link {
  readonly contexts = new Map<string, SentenceJob>();
  /** Hosts a single sentence and is then closed (§3.8 view B servers). */
  dedicated: boolean;
  /** The server's own context id (init_ack) has been given to a sentence. */
  serverIdTaken = false;
  /** Takes no new sentences (idle TIMEOUT, server error, being closed). */
  dead = false;
  /** A server error that ends every sentence on this connection, and forbids a reconnect. */
  fatal: StudioError | null = null;
  /** Whether the last frame was a `final`: a server close right after one is view B, not a drop. */
  lastFrameFinal = false;
  /** performance.now() of the last audio frame for any context. */
  lastAudioAt = 0;
  malformedFrames = 0;

  constructor(
    readonly connection: WsConnection,
    readonly key: string,
    readonly settings: SynthesisSettings,
    dedicated: boolean,
  ) {
    this.dedicated = dedicated;
  }

  /** Can take another sentence. */
  get shareable(): boolean {
    return !this.dedicated && !this.dead && this.connection.isOpen;
  }
}

/** One sentence: its text, the context it is spoken in, its audio until it may be played, its metrics. */
export class SentenceJob {
  /** Transcript chunks as sent (each normalised to end with one space). */
  readonly chunks: string[] = [];
  link: Link | null = null;
  contextId: string | null = null;
  /** All its text has arrived. */
  textComplete = false;
  closeSent = false;
  /** Its `final` arrived (or the fallback timeout passed). */
  done = false;
  /** `sentence-start` has gone out. */
  started = false;
  /** Audio of the current attempt has gone out, so a restart must announce `sentence-reset`. */
  yieldedAudio = false;
  /** Audio held while an earlier sentence is still playing. */
  readonly held: SynthesisEvent[] = [];
  decoder: PcmStreamDecoder;
  firstSentAt: number | null = null;
  firstAudioAt: number | null = null;
  lastAudioAt = 0;
  samples = 0;
  timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly run: SynthesisRun,
    readonly index: number,
    readonly settings: SynthesisSettings,
  ) {
    this.decoder = new PcmStreamDecoder(settings.output.encoding);
  }

  get text(): string {
    return this.chunks.join('').trim();
  }

  /** Still wanted: not finished, and its synthesis not stopped. */
  get live(): boolean {
    return !this.done && !this.run.finished;
  }

  /** Leaves its context: any later audio for it is dropped as belonging to an unknown context. */
  detach(): void {
    if (this.link && this.contextId) this.link.contexts.delete(this.contextId);
    this.link = null;
    this.contextId = null;
    this.clearTimer();
  }

  /** Forgets the attempt that was lost with its connection; the next one starts from nothing. */
  restart(): void {
    this.decoder = new PcmStreamDecoder(this.settings.output.encoding);
    this.held.length = 0;
    this.closeSent = false;
    this.firstSentAt = null;
    this.firstAudioAt = null;
    this.samples = 0;
  }

  clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  metrics(): SentenceMetrics {
    return {
      timeToFirstAudioMs:
        this.firstAudioAt !== null && this.firstSentAt !== null ? this.firstAudioAt - this.firstSentAt : null,
      // Counted from the text, not from what went over the wire: a sentence re-sent after a drop counts once.
      charactersSent: characterCount(this.text),
      audioSeconds: this.samples / this.settings.output.sampleRate,
    };
  }
}

/**
 * One `synthesize` call: numbers its sentences, bounds how many are in flight, and puts their
 * events out strictly in sentence order, holding a later sentence's audio until the earlier ones end.
 */
export class SynthesisRun {
  readonly out = new AsyncQueue<SynthesisEvent>();
  /** Sentences whose `sentence-end` has not gone out yet, in order. */
  readonly jobs: SentenceJob[] = [];
  /** The sentence receiving text. */
  current: SentenceJob | null = null;
  finished = false;
  private inputDone = false;
  private nextIndex = 0;
  private readonly inFlight: InFlightLimit;

  constructor(maxInFlight: number) {
    this.inFlight = new InFlightLimit(maxInFlight);
  }

  /**
   * Waits until fewer than `maxInFlight` sentences are started and not yet consumed, and takes a
   * slot for the sentence started next (none once the run has finished).
   */
  async slot(): Promise<void> {
    await this.inFlight.acquire();
  }

  /** The consumer has taken a `sentence-end`: one more sentence may start. */
  release(): void {
    this.inFlight.release();
  }

  startSentence(settings: SynthesisSettings): SentenceJob {
    const job = new SentenceJob(this, this.nextIndex++, settings);
    this.jobs.push(job);
    this.current = job;
    return job;
  }

  /** No more text will come. */
  endInput(): void {
    this.inputDone = true;
    this.flush();
  }

  audio(job: SentenceJob, event: SynthesisEvent): void {
    if (job.started && this.jobs[0] === job) {
      this.out.push(event);
      job.yieldedAudio = true;
    } else {
      job.held.push(event);
      this.flush();
    }
  }

  /** The sentence starts over on a new connection: what the consumer has of it must go. */
  reset(job: SentenceJob, reason: string): void {
    job.restart();
    if (!job.yieldedAudio) return;
    this.out.push({ type: 'sentence-reset', index: job.index, reason });
    job.yieldedAudio = false;
  }

  /** Puts out what the head sentences have ready: start, audio, end, then the next sentence. */
  flush(): void {
    if (this.finished) return;
    while (this.jobs.length > 0) {
      const head = this.jobs[0]!;
      if (!head.started) {
        // In token mode the text may still be arriving; the start waits for all of it or for audio.
        if (!head.textComplete && head.held.length === 0 && !head.done) return;
        this.out.push({
          type: 'sentence-start',
          index: head.index,
          text: head.text,
          settings: voiceSettingsOf(head.settings),
        });
        head.started = true;
      }
      for (const event of head.held) this.out.push(event);
      if (head.held.length > 0) head.yieldedAudio = true;
      head.held.length = 0;
      if (!head.done) return;
      this.out.push({ type: 'sentence-end', index: head.index, metrics: head.metrics() });
      this.jobs.shift();
    }
    if (this.inputDone) {
      this.finished = true;
      this.out.close();
      this.inFlight.stop();
    }
  }

  /** Ends the run now: `error` for the consumer to throw, or none for a quiet stop. */
  finish(error?: unknown): void {
    if (this.finished) return;
    this.finished = true;
    if (error === undefined) this.out.clear();
    else this.out.fail(error);
    this.inFlight.stop();
  }
}
