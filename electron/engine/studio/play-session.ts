import { randomUUID } from 'node:crypto';
import { StudioError } from '../../../shared/errors';
import type { InvokeRequest, InvokeResponses } from '../../../shared/ipc-contract';
import type { AppSettings } from '../../../shared/settings';
import type {
  SentenceMetrics,
  SynthesisEvent,
  SynthesisSettings,
  TextPiece,
  VoiceSettings,
} from '../../../shared/synthesis';
import type { TakeSentence, TakeSummary } from '../../../shared/takes';
import { aggregateText } from '../async/text-aggregator';
import { resample } from '../audio/resample';
import { createLogger } from '../log';
import { concatPcm } from '../audio/concat-pcm';
import { ChunkCoalescer } from './chunk-coalescer';
import { PlaybackEstimate } from './playback-estimate';
import type { StreamSink } from './dispatch';
import type { EngineLease, EnginePool } from './engine-pool';
import { splitSentences } from './sentence-plan';
import type { SettingsStore } from './settings-store';
import { synthesisSettingsFor } from './synthesis-settings';
import type { TakeStore } from './take-store';

const log = createLogger('play');

/** Words of the script a take is named after. */
const NAME_MAX_CHARS = 48;
/** Added to the estimated end of playback before `done`, for output latency and a slow consumer. */
const PLAYBACK_GRACE_MS = 1000;
/**
 * Synthesis pauses once this much audio is waiting to be heard, and resumes when it is down to
 * SYNTHESIS_RESUME_MS: ahead enough to ride out a slow sentence or a reconnect, small enough that
 * an hour spoken live never queues more than half a minute (about 5 MB at 44.1 kHz) in the player.
 */
export const SYNTHESIS_LEAD_MS = 30_000;
export const SYNTHESIS_RESUME_MS = 20_000;

/** Calls back after `ms`; returns a cancel. Injected so tests need not wait for playback to end. */
export type SetTimer = (callback: () => void, ms: number) => () => void;

export const realTimer: SetTimer = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
};

export interface PlayerOptions {
  pool: EnginePool;
  settings: SettingsStore;
  takes: TakeStore;
  now?: () => number;
  setTimer?: SetTimer;
}

export interface Player {
  /** `speech:play`: speaks the text on the sink, keeps the result as a take, stays open for retunes. */
  play(text: string, sink: StreamSink): Promise<void>;
  /** `speech:retune`: new settings from a sentence on, re-synthesised in the same stream. */
  retune(request: InvokeRequest<'speech:retune'>): Promise<InvokeResponses['speech:retune']>;
  /** Stops every play (what was finished is kept) and waits for them. */
  close(): Promise<void>;
}

/** Synthesis of sentences `from` onwards with one set of settings. */
interface Run {
  from: number;
  lease: EngineLease;
  settings: SynthesisSettings;
}

interface SentenceAudio {
  text: string;
  settings: VoiceSettings;
  chunks: Float32Array[];
  metrics: SentenceMetrics | null;
}

const INTERRUPTED = Symbol('interrupted');

/** A take's default name: the start of its script, without markup. */
export function takeNameFor(text: string): string {
  const plain = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= NAME_MAX_CHARS) return plain || 'Untitled take';
  const cut = plain.slice(0, NAME_MAX_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > NAME_MAX_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function withSuffix(name: string, suffix: string): string {
  return name.endsWith(suffix) ? name : `${name} ${suffix}`;
}

/**
 * One `speech:play` stream. Sentences are synthesised in runs: the first from sentence 0, and one
 * more from sentence `r` each time a retune arrives, after cancelling whatever was still being
 * synthesised and telling the player to `rewind` to `r`. Audio is kept per sentence, so the take
 * holds each sentence exactly once, as last spoken.
 *
 * The take is stored as soon as synthesis completes (and again after each retune), but `done`
 * waits until the listener has heard the end (by PlaybackEstimate, plus a grace period), because
 * synthesis runs faster than playback and the listener may still change the voice for what is to
 * come; a newer play ends that wait at once. `done` is the stream's last message.
 *
 * Synthesis is kept at most SYNTHESIS_LEAD_MS ahead of the estimated playback position, so a long
 * script spoken live queues a bounded amount of audio in the player rather than the whole script.
 *
 * Stopped or failed while synthesising: the sentences finished so far are kept as the take, named
 * "… (stopped)" or "… (incomplete)", when there is at least one; otherwise no take is written.
 * Stopped after synthesis completed: the take stays as it was stored.
 */
class PlaySession {
  readonly playId = randomUUID();
  private readonly results: (SentenceAudio | undefined)[];
  private readonly coalescer: ChunkCoalescer;
  private readonly playback: PlaybackEstimate;
  private readonly startedAt: number;
  private readonly createdAt = new Date().toISOString();
  private readonly stop = new AbortController();
  private next: Run | null;
  private running: AbortController | null = null;
  private wakeUp: (() => void) | null = null;
  private takeId: string | null = null;
  private storedTakeId: string | null = null;
  private firstAudioMs: number | null = null;
  private synthesising = false;
  /** No more retunes: `done` is on its way. */
  private finishing = false;
  ended = false;

  constructor(
    private readonly options: PlayerOptions & { now: () => number; setTimer: SetTimer },
    private readonly text: string,
    private readonly sentences: TextPiece[][],
    private readonly sink: StreamSink,
    readonly sampleRate: number,
    private readonly engineKind: 'async' | 'offline',
    private readonly transport: 'ws' | 'http',
    first: Run,
  ) {
    this.startedAt = options.now();
    this.results = new Array<SentenceAudio | undefined>(sentences.length);
    this.playback = new PlaybackEstimate(options.now);
    this.coalescer = new ChunkCoalescer((message) => {
      if (message.type === 'chunk') this.playback.chunk(message.index, message.pcm.byteLength / 4 / sampleRate);
      this.sink.send(message);
    }, sampleRate);
    this.next = first;
    const onStop = () => this.end();
    if (sink.signal.aborted) onStop();
    else sink.signal.addEventListener('abort', onStop, { once: true });
  }

  /** Stops the session (the consumer left, the service is closing): what was finished is kept. */
  end(): void {
    this.stop.abort();
    this.running?.abort();
    this.wake();
  }

  /** A newer play started: a session that is only waiting for its listener says `done` now. */
  supersede(): void {
    if (this.synthesising || this.next) return;
    this.finishing = true;
    this.wake();
  }

  async run(): Promise<void> {
    try {
      while (!this.stop.signal.aborted && !this.finishing) {
        const run = this.next;
        if (!run) {
          await this.untilHeardOrWoken();
          // Nothing to do after the wait (no retune came): the listener has heard it all.
          if (!this.next) this.finishing = true;
          continue;
        }
        this.next = null;
        this.synthesising = true;
        let outcome: 'finished' | typeof INTERRUPTED;
        try {
          outcome = await this.synthesise(run);
        } finally {
          run.lease.release();
        }
        if (outcome === INTERRUPTED) continue;
        this.synthesising = false;
        this.storedTakeId = await this.storeTake(null);
      }
      if (!this.stop.signal.aborted) this.sink.send({ type: 'done', takeId: this.storedTakeId });
      else if (this.synthesising) await this.storeTake('(stopped)');
    } catch (error) {
      await this.storeTake('(incomplete)').catch((e: unknown) => log.error(`Keeping the take failed: ${String(e)}`));
      throw error;
    } finally {
      this.ended = true;
      this.next?.lease.release();
      this.next = null;
    }
  }

  /** Waits until the estimated end of playback, or until a retune, a stop or a newer play wakes the session. */
  private untilHeardOrWoken(): Promise<void> {
    return new Promise<void>((resolve) => {
      const cancel = this.options.setTimer(() => {
        this.wakeUp = null;
        resolve();
      }, this.playback.remainingMs() + PLAYBACK_GRACE_MS);
      this.wakeUp = () => {
        cancel();
        resolve();
      };
    });
  }

  async retune(fromSentence: number, lease: EngineLease, settings: SynthesisSettings): Promise<number> {
    if (this.ended || this.finishing || this.stop.signal.aborted) {
      lease.release();
      throw playbackEnded();
    }
    // Sentences still being synthesised are redone too: the change must be heard from `fromSentence` at the latest.
    const from = Math.min(fromSentence, this.finishedPrefix());
    if (from >= this.sentences.length) {
      lease.release();
      return from;
    }
    this.running?.abort();
    this.coalescer.drop();
    this.results.fill(undefined, from);
    this.playback.rewind(from);
    this.sink.send({ type: 'rewind', fromSentence: from });
    this.next?.lease.release();
    this.next = { from, lease, settings };
    this.wake();
    return from;
  }

  /** Resolves after `ms`, or as soon as `signal` aborts. */
  private pause(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      function onAbort() {
        cancel();
        resolve();
      }
      const cancel = this.options.setTimer(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = null;
    wakeUp?.();
  }

  /** How many sentences from the first are finished. */
  private finishedPrefix(): number {
    const open = this.results.findIndex((sentence) => !sentence?.metrics);
    return open === -1 ? this.results.length : open;
  }

  private async synthesise(run: Run): Promise<'finished' | typeof INTERRUPTED> {
    const controller = new AbortController();
    this.running = controller;
    if (this.stop.signal.aborted) controller.abort();
    const interrupted = new Promise<typeof INTERRUPTED>((resolve) => {
      if (controller.signal.aborted) resolve(INTERRUPTED);
      else controller.signal.addEventListener('abort', () => resolve(INTERRUPTED), { once: true });
    });
    const pieces = this.sentences.slice(run.from).flat();
    const source = run.lease.engine.provider.synthesize(pieces, {
      settings: () => run.settings,
      signal: controller.signal,
    });
    const events = source[Symbol.asyncIterator]();
    try {
      for (;;) {
        // Flow control: providers are pull-based (the WebSocket one keeps sentences in flight only
        // as fast as they are consumed, the HTTP one prefetches a bounded few), so not asking for
        // the next event is what holds synthesis back. A retune or stop ends the pause at once.
        while (this.playback.remainingMs() > SYNTHESIS_LEAD_MS && !controller.signal.aborted) {
          await this.pause(this.playback.remainingMs() - SYNTHESIS_RESUME_MS, controller.signal);
        }
        if (controller.signal.aborted) return INTERRUPTED;
        // A provider that is slow to notice the abort must not hold up the next run.
        const step = await Promise.race([events.next(), interrupted]);
        if (step === INTERRUPTED || controller.signal.aborted) return INTERRUPTED;
        if (step.done) break;
        this.apply(run.from, step.value);
      }
    } catch (error) {
      if (controller.signal.aborted) return INTERRUPTED;
      throw error;
    } finally {
      if (this.running === controller) this.running = null;
      if (controller.signal.aborted) Promise.resolve(events.return?.()).catch(() => undefined);
    }
    this.coalescer.flush();
    return 'finished';
  }

  private apply(from: number, event: SynthesisEvent): void {
    const index = from + event.index;
    if (index >= this.sentences.length) {
      log.warn(`The engine spoke a sentence ${index} the script does not have; ignored.`);
      return;
    }
    switch (event.type) {
      case 'sentence-start':
        this.results[index] = { text: event.text, settings: event.settings, chunks: [], metrics: null };
        this.sink.send({ type: 'sentence-start', index, text: event.text, settings: event.settings });
        break;
      case 'audio': {
        const sentence = this.results[index];
        if (!sentence) break;
        // Providers speak at the requested rate; this only guards against one that does not.
        const pcm = resample(event.pcm, event.sampleRate, this.sampleRate);
        sentence.chunks.push(pcm);
        this.firstAudioMs ??= this.options.now() - this.startedAt;
        this.coalescer.push(index, pcm);
        break;
      }
      case 'sentence-reset': {
        const sentence = this.results[index];
        if (sentence) sentence.chunks = [];
        this.coalescer.drop();
        this.sink.send({ type: 'sentence-reset', index });
        break;
      }
      case 'sentence-end': {
        const sentence = this.results[index];
        if (!sentence) break;
        this.coalescer.flush();
        sentence.metrics = event.metrics;
        this.sink.send({ type: 'sentence-end', index, metrics: event.metrics });
        break;
      }
    }
  }

  /** Writes the finished sentences as this session's take; returns its id, or null when there is nothing. */
  private async storeTake(suffix: string | null): Promise<string | null> {
    const finished = this.results.flatMap((sentence, index) => (sentence?.metrics ? [{ ...sentence, index }] : []));
    if (finished.length === 0) return null;
    const audio = finished.map((sentence) => concatPcm(sentence.chunks));
    const sentences: TakeSentence[] = [];
    let at = 0;
    finished.forEach((sentence, i) => {
      const start = at;
      at += audio[i]!.length;
      sentences.push({
        index: sentence.index,
        text: sentence.text,
        startSeconds: start / this.sampleRate,
        endSeconds: at / this.sampleRate,
        settings: sentence.settings,
        metrics: sentence.metrics!,
      });
    });
    this.takeId ??= randomUUID();
    // A name given meanwhile (takes:rename) is kept.
    const name = this.options.takes.get(this.takeId)?.name ?? takeNameFor(this.text);
    const take: TakeSummary = {
      id: this.takeId,
      name: suffix ? withSuffix(name, suffix) : name,
      createdAt: this.createdAt,
      text: this.text,
      engine: this.engineKind,
      transport: this.transport,
      settings: sentences[0]!.settings,
      sampleRate: this.sampleRate,
      durationSeconds: at / this.sampleRate,
      sentences,
      timeToFirstAudioMs: this.firstAudioMs,
    };
    await this.options.takes.save(take, concatPcm(audio));
    return take.id;
  }
}

function playbackEnded(): StudioError {
  return new StudioError({
    code: 'NOT_FOUND',
    message: 'That playback has ended, so its settings can no longer be changed.',
    hint: 'Press Play to speak the script with the new settings.',
  });
}

/** Runs `speech:play` streams and routes `speech:retune` to them. */
export function createPlayer(options: PlayerOptions): Player {
  const sessions = new Map<string, PlaySession>();
  const running = new Set<Promise<void>>();
  const sessionOptions = {
    ...options,
    now: options.now ?? (() => performance.now()),
    setTimer: options.setTimer ?? realTimer,
  };

  /** The engine and provider settings for `settings`, checked; the lease is released on failure. */
  const prepare = async (patched: AppSettings, sampleRate: number) => {
    const { lease, notice } = await options.pool.choose(patched);
    try {
      const settings = synthesisSettingsFor(patched, lease.engine.kind, sampleRate);
      lease.engine.check(settings);
      return { lease, notice, settings };
    } catch (error) {
      lease.release();
      throw error;
    }
  };

  const noteVoice = (voiceId: string) =>
    options.settings.noteVoiceUsed(voiceId).catch((error: unknown) => log.warn(`Recent voices: ${String(error)}`));

  return {
    async play(text, sink) {
      const current = options.settings.get();
      const sentences = splitSentences(aggregateText(text, current.aggregation));
      if (sentences.length === 0) {
        throw new StudioError({
          code: 'BAD_INPUT',
          message: 'The script has nothing to speak.',
          hint: 'Type some text.',
        });
      }
      const { lease, notice, settings } = await prepare(current, current.sampleRate);
      // A newer play takes over: sessions only waiting for their listener end here.
      for (const session of sessions.values()) session.supersede();
      const session = new PlaySession(
        sessionOptions,
        text,
        sentences,
        sink,
        current.sampleRate,
        lease.engine.kind,
        current.transport,
        { from: 0, lease, settings },
      );
      sessions.set(session.playId, session);
      sink.send({
        type: 'format',
        playId: session.playId,
        sampleRate: current.sampleRate,
        engine: lease.engine.kind,
        ...(notice ? { notice } : {}),
      });
      void noteVoice(settings.voiceId);
      const done = session.run();
      running.add(done);
      try {
        await done;
      } finally {
        running.delete(done);
        sessions.delete(session.playId);
      }
    },

    async retune({ playId, fromSentence, settings: patch }) {
      const session = sessions.get(playId);
      if (!session || session.ended) throw playbackEnded();
      const patched = options.settings.preview(patch);
      // The stream keeps the rate it started with; a new rate applies from the next play.
      const prepared = await prepare(patched, session.sampleRate);
      try {
        await options.settings.update(patch);
      } catch (error) {
        prepared.lease.release();
        throw error;
      }
      const from = await session.retune(fromSentence, prepared.lease, prepared.settings);
      if (patch.voiceId !== undefined || patch.offlineVoiceId !== undefined) void noteVoice(prepared.settings.voiceId);
      return { fromSentence: from };
    },

    async close() {
      for (const session of sessions.values()) session.end();
      await Promise.allSettled([...running]);
    },
  };
}
