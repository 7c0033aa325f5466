import { randomUUID } from 'node:crypto';
import { StudioError, isStudioError } from '../../../shared/errors';
import type { BlockStatus, RenderQueueStatus } from '../../../shared/project-session';
import type { Take } from '../../../shared/project';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { characterCount, type Transport } from '../../../shared/synthesis';
import { backoffMs } from '../async/http-client';
import { cancelledError } from '../async/http-errors';
import { createLogger } from '../log';
import { realTimer, type SetTimer } from '../studio/play-session';
import { readCachedTake } from './cached-take';
import type { BlockSynthesizer, RenderJob } from './render-block';
import { JournalWriter, readRenderJournal, type JournalEntry } from './render-journal';
import { writeProjectTake } from './take-files';

const log = createLogger('render-queue');

export interface RenderQueueOptions {
  /** The project folder: the journal is `<dir>/render-queue.json`; takes go to `<dir>/audio/` via take-files.ts. */
  dir: string;
  synthesize: BlockSynthesizer;
  /** A finished block whose take is already on disk (audio + timing). The session records it with an `add-take` edit (select: true). */
  onTake(blockId: string, take: Take): void;
  /** queued / rendering / failed (+error); null: the queue has let the block go without a take (no longer wanted, cancelled). */
  onBlockStatus(blockId: string, status: BlockStatus | null): void;
  onProgress(status: RenderQueueStatus): void;
  /**
   * Asked as each job is about to start: false when the block was deleted, locked or edited since
   * it was queued, so the job is dropped unbilled. Default: every job is still wanted.
   */
  stillWanted?: (job: RenderJob) => boolean;
  /** Default 2 concurrent blocks. */
  concurrency?: number;
  /** Wall clock, ms since the epoch (dates, the rate, the progress throttle). */
  now?: () => number;
  newId?: () => string;
  /** Times the queue's own waits (a 429's retry_after_ms, network backoff); tests record them and fire at once. */
  setTimer?: SetTimer;
  /**
   * What a take served from the cache says carried its request, which the audio file does not
   * keep: pass the live setting, as for recovered orphan takes. Default: the studio's default.
   */
  transport?: () => Transport;
}

export interface RenderQueue {
  /** Adds jobs (a block already queued is replaced by its newer job), writes the journal, starts work. */
  enqueue(jobs: readonly RenderJob[]): Promise<RenderQueueStatus>;
  /** Stops everything in flight and forgets the queue (journal emptied). */
  cancel(): Promise<RenderQueueStatus>;
  status(): RenderQueueStatus;
  /** Jobs a previous run left in the journal (the app was killed or quit mid-render), for the session to re-check and enqueue again. */
  unfinished(): Promise<RenderJob[]>;
  /** Stops work in flight WITHOUT forgetting it (the journal keeps it, so the next open resumes). */
  close(): Promise<void>;
}

export const DEFAULT_RENDER_CONCURRENCY = 2;
/** At most this many progress events a second: a 2,000-block render must not flood the UI. */
const PROGRESS_INTERVAL_MS = 100;

/** A job of this run. `seq` is its place in the order jobs were enqueued. */
interface Entry {
  job: RenderJob;
  takeId: string;
  seq: number;
  chars: number;
}

/** A block being rendered. `dropped`: cancelled, replaced, stopped or closed; its outcome no longer counts. */
interface Flight {
  entry: Entry;
  controller: AbortController;
  dropped: boolean;
}

/** A take that could not be written: every later block would fail the same way after being billed. */
class TakeNotSaved extends StudioError {}

const sameInputs = (a: RenderJob, b: RenderJob) => a.cacheKey === b.cacheKey && a.regenerate === b.regenerate;

/** A regenerate gets a file of its own; otherwise the file is the content address of the inputs. */
const takeFile = ({ job, takeId }: Entry) => (job.regenerate ? `${job.cacheKey}-${takeId}.wav` : `${job.cacheKey}.wav`);

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Wait before the next try after `strike` network failures in a row: 1 s, 2 s, 4 s… capped at
 * 30 s (the HTTP client's backoff one step on, so both cap where the client does).
 */
export const networkBackoffMs = (strike: number) => backoffMs(strike + 1);

function asStudioError(error: unknown): StudioError {
  if (isStudioError(error)) return error;
  log.error(
    `Rendering a block failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return new StudioError({
    code: 'SERVER',
    message: `Rendering the block failed: ${error instanceof Error ? error.message : String(error)}`,
    hint: 'Render it again; if it keeps failing, report it with the log.',
  });
}

/**
 * The project's render queue. Jobs start in the order they were enqueued, at most `concurrency`
 * at a time, and each ends in one of three ways:
 * - done: its take (audio + timing) is written, then `onTake`, then it leaves the journal. A job
 *   whose file is already on disk is done without a request, which is how a restart never bills a
 *   finished block twice; two blocks with the same inputs share one request.
 * - back in line: a 429 pauses the whole queue for its retry_after_ms, a network failure or
 *   timeout for a backoff (1 s, 2 s, 4 s… 30 s, for as long as it takes), then it is tried again.
 * - failed: a request the API refuses (BAD_INPUT and the like) fails that block only; AUTH and
 *   QUOTA, which every later block would hit too, stop the whole queue with the reason.
 */
class Queue implements RenderQueue {
  private readonly concurrency: number;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly setTimer: SetTimer;
  private readonly transport: () => Transport;
  private readonly journal: JournalWriter;
  /** Every unfinished job of this run by block, in flight or not: what the journal holds. */
  private readonly entries = new Map<string, Entry>();
  /** Jobs not started, in enqueue order. */
  private pending: Entry[] = [];
  private readonly flights = new Set<Flight>();
  private readonly running = new Set<Promise<void>>();
  /** Take files being made, so a block with the same inputs waits and finds the file instead of paying again. */
  private readonly making = new Map<string, Promise<unknown>>();
  /** The previous run's jobs by block, until `unfinished` hands them over (they stay in the journal till then). */
  private readonly leftovers = new Map<string, JournalEntry>();
  /** Reading the journal of the previous run: nothing writes it before this is done. */
  private readonly loaded: Promise<void>;
  private handedOver = false;
  private seq = 0;
  private total = 0;
  private done = 0;
  private failed = 0;
  private charactersTotal = 0;
  private charactersDone = 0;
  /** Characters actually synthesised this run (not from the cache), and since when: the rate. */
  private charactersSynthesised = 0;
  private runStartedAt = 0;
  private message: string | null = null;
  private pausedUntil: number | null = null;
  private endPause: (() => void) | null = null;
  /** Network failures in a row. */
  private strikes = 0;
  private cancelling: Promise<unknown> | null = null;
  private closed = false;
  private lastProgressAt = Number.NEGATIVE_INFINITY;
  private progressTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: RenderQueueOptions) {
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_RENDER_CONCURRENCY);
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
    this.setTimer = options.setTimer ?? realTimer;
    this.transport = options.transport ?? (() => DEFAULT_SETTINGS.transport);
    this.journal = new JournalWriter(options.dir, () => this.journalEntries());
    this.loaded = readRenderJournal(options.dir).then((jobs) => {
      for (const job of jobs) this.leftovers.set(job.blockId, job);
    });
  }

  async enqueue(jobs: readonly RenderJob[]): Promise<RenderQueueStatus> {
    if (this.closed) throw closedError();
    await this.loaded;
    await this.cancelling;
    if (jobs.length === 0) return this.status();
    if (!this.busy()) this.startRun();
    for (const job of jobs) this.add(job);
    // On disk before the first request, so a crash from here on resumes this render.
    await this.saveJournal();
    this.pump();
    this.changed();
    return this.status();
  }

  cancel(): Promise<RenderQueueStatus> {
    this.cancelling ??= this.stopAll();
    return this.cancelling.then(() => this.status());
  }

  status(): RenderQueueStatus {
    const active = this.active();
    const busy = this.busy();
    const remaining = [...this.pending, ...active.map((flight) => flight.entry)].reduce((sum, e) => sum + e.chars, 0);
    const elapsedSeconds = (this.now() - this.runStartedAt) / 1000;
    const rate =
      this.charactersSynthesised > 0 && elapsedSeconds > 0 ? this.charactersSynthesised / elapsedSeconds : null;
    return {
      state: this.cancelling ? 'cancelling' : this.pausedUntil !== null ? 'waiting' : busy ? 'running' : 'idle',
      total: this.total,
      done: this.done,
      failed: this.failed,
      current: active.map((flight) => flight.entry.job.blockId),
      charactersTotal: this.charactersTotal,
      charactersDone: this.charactersDone,
      secondsLeft: busy && rate !== null ? remaining / rate : null,
      message: this.message,
      resumesAt: this.pausedUntil === null ? null : new Date(this.pausedUntil).toISOString(),
    };
  }

  async unfinished(): Promise<RenderJob[]> {
    await this.loaded;
    if (this.handedOver) return [];
    // From now on the session decides: jobs it does not enqueue again (edited, deleted blocks) are dropped.
    this.handedOver = true;
    return this.leftoversNotQueued().map(({ takeId: _, ...job }) => job);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearPause();
    // The entries stay: the journal keeps what was queued and in flight, and the next open resumes it.
    for (const flight of this.flights) this.drop(flight);
    await Promise.allSettled([...this.running]);
    await this.journal.flush();
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.progressTimer = null;
  }

  // ---- the run ----

  private startRun(): void {
    this.total = this.done = this.failed = 0;
    this.charactersTotal = this.charactersDone = this.charactersSynthesised = 0;
    this.runStartedAt = this.now();
    this.message = null;
    this.strikes = 0;
  }

  private add(job: RenderJob): void {
    const chars = characterCount(job.text);
    const queued = this.entries.get(job.blockId);
    if (queued && sameInputs(queued.job, job)) return;
    // A job the last run left with these inputs keeps its take id: its file may already be on disk.
    const left = this.leftovers.get(job.blockId);
    const reuse = left && sameInputs(left, job) ? left.takeId : null;
    if (reuse) this.leftovers.delete(job.blockId);
    const entry: Entry = { job, takeId: reuse ?? this.newId(), seq: queued?.seq ?? this.seq++, chars };
    this.entries.set(job.blockId, entry);
    if (!queued) {
      this.total++;
      this.charactersTotal += chars;
      this.pending.push(entry);
    } else {
      // The block changed since it was queued: the newer job takes the older one's place.
      this.charactersTotal += chars - queued.chars;
      const at = this.pending.indexOf(queued);
      if (at >= 0) this.pending[at] = entry;
      else {
        for (const flight of this.flights) if (flight.entry === queued) this.drop(flight);
        this.insert(entry);
      }
    }
    this.options.onBlockStatus(job.blockId, { state: 'queued' });
  }

  /** Starts jobs while there is room, unless paused, cancelling or closed. */
  private pump(): void {
    while (
      !this.closed &&
      !this.cancelling &&
      this.pausedUntil === null &&
      this.flights.size < this.concurrency &&
      this.pending.length > 0
    ) {
      this.start(this.pending.shift()!);
    }
  }

  private start(entry: Entry): void {
    if (this.options.stillWanted && !this.options.stillWanted(entry.job)) return this.forgo(entry);
    const flight: Flight = { entry, controller: new AbortController(), dropped: false };
    this.flights.add(flight);
    this.options.onBlockStatus(entry.job.blockId, { state: 'rendering' });
    const run = this.run(flight).finally(() => {
      this.flights.delete(flight);
      this.running.delete(run);
      this.pump();
      this.changed();
    });
    this.running.add(run);
    this.changed();
  }

  private async run(flight: Flight): Promise<void> {
    const { entry } = flight;
    try {
      const { take, synthesised } = await this.obtain(entry, flight.controller.signal);
      // A dropped job's take stays on disk: the cache serves it the next time, free.
      if (flight.dropped) return;
      if (synthesised) {
        this.strikes = 0;
        this.charactersSynthesised += entry.chars;
      }
      this.options.onTake(entry.job.blockId, take);
      this.entries.delete(entry.job.blockId);
      this.done++;
      this.charactersDone += entry.chars;
      void this.saveJournal();
    } catch (error) {
      if (!flight.dropped) this.settleFailure(entry, asStudioError(error));
    }
  }

  /** The job's take: from disk when its file is there, otherwise synthesised and written. */
  private async obtain(entry: Entry, signal: AbortSignal): Promise<{ take: Take; synthesised: boolean }> {
    const file = takeFile(entry);
    for (let busy = this.making.get(file); busy; busy = this.making.get(file)) await busy.catch(() => undefined);
    if (signal.aborted) throw cancelledError();
    const work = this.cachedOrMade(entry, file, signal);
    this.making.set(file, work);
    try {
      return await work;
    } finally {
      if (this.making.get(file) === work) this.making.delete(file);
    }
  }

  private async cachedOrMade(entry: Entry, file: string, signal: AbortSignal) {
    const { job, takeId } = entry;
    const createdAt = () => new Date(this.now()).toISOString();
    const cached = await readCachedTake(this.options.dir, file, job, {
      id: takeId,
      createdAt: createdAt(),
      transport: this.transport(),
    });
    if (cached) return { take: cached, synthesised: false };
    // Dropped while the cache was read: nothing is sent, so nothing is billed.
    if (signal.aborted) throw cancelledError();
    const rendered = await this.options.synthesize(job, signal);
    try {
      await writeProjectTake(this.options.dir, file, rendered.audio, rendered.timing);
    } catch (error) {
      throw new TakeNotSaved(
        {
          code: 'BAD_INPUT',
          message: `A rendered take could not be saved in the project's audio folder (${error instanceof Error ? error.message : String(error)}).`,
          hint: 'Check that the project folder can be written and the disk has room, then render again.',
        },
        { cause: error },
      );
    }
    const take: Take = {
      id: takeId,
      file,
      createdAt: createdAt(),
      cacheKey: job.cacheKey,
      provenance: rendered.provenance,
    };
    return { take, synthesised: true };
  }

  private settleFailure(entry: Entry, error: StudioError): void {
    if (error instanceof TakeNotSaved || error.code === 'AUTH' || error.code === 'QUOTA') {
      this.stop(error);
      return;
    }
    if (error.code === 'RATE_LIMITED') {
      this.requeue(entry);
      const ms = Math.max(0, error.retryAfterMs ?? networkBackoffMs(++this.strikes));
      this.pause(ms, `The Async API asked the studio to slow down; rendering resumes by itself in ${seconds(ms)} s.`);
      return;
    }
    // A dropped connection, a timeout, a provider closed under the job: the network will be back.
    if (error.code === 'NETWORK' || error.code === 'TIMEOUT' || error.code === 'CANCELLED') {
      this.requeue(entry);
      const ms = networkBackoffMs(++this.strikes);
      this.pause(ms, `${error.message} Rendering tries again in ${seconds(ms)} s, and goes on by itself once it can.`);
      return;
    }
    this.fail(entry, error);
  }

  /** Puts a job that had started back in line, in its place by enqueue order. */
  private insert(entry: Entry): void {
    const at = this.pending.findIndex((other) => other.seq > entry.seq);
    this.pending.splice(at < 0 ? this.pending.length : at, 0, entry);
  }

  private requeue(entry: Entry): void {
    this.insert(entry);
    this.options.onBlockStatus(entry.job.blockId, { state: 'queued' });
  }

  /**
   * A job whose block changed under it leaves the run unbilled: it no longer counts in the totals
   * (it was neither done nor failed), its block is told the queue is done with it, the journal forgets it.
   */
  private forgo(entry: Entry): void {
    this.entries.delete(entry.job.blockId);
    this.total--;
    this.charactersTotal -= entry.chars;
    this.options.onBlockStatus(entry.job.blockId, null);
    void this.saveJournal();
    this.changed();
  }

  private fail(entry: Entry, error: StudioError): void {
    this.entries.delete(entry.job.blockId);
    this.failed++;
    this.options.onBlockStatus(entry.job.blockId, { state: 'failed', error: error.toInfo() });
    void this.saveJournal();
    this.changed();
  }

  /** Every block left fails with `error`, which would stop each of them the same way. */
  private stop(error: StudioError): void {
    this.clearPause();
    this.message = `Rendering stopped: ${error.message}${error.hint ? ` ${error.hint}` : ''}`;
    for (const flight of this.flights) {
      if (flight.dropped) continue;
      this.drop(flight);
      this.fail(flight.entry, error);
    }
    const left = this.pending;
    this.pending = [];
    for (const entry of left) this.fail(entry, error);
  }

  /** Pauses the whole queue for `ms` (a longer pause already running wins). */
  private pause(ms: number, message: string): void {
    const until = this.now() + ms;
    if (this.pausedUntil !== null && this.pausedUntil >= until) return;
    this.endPause?.();
    this.pausedUntil = until;
    this.message = message;
    this.endPause = this.setTimer(() => {
      this.endPause = null;
      this.pausedUntil = null;
      this.message = null;
      this.pump();
      this.changed();
    }, ms);
    this.changed();
  }

  private clearPause(): void {
    this.endPause?.();
    this.endPause = null;
    this.pausedUntil = null;
    this.message = null;
  }

  /** Cancel: abort what is in flight, forget every job and the previous run's too, empty the journal. */
  private async stopAll(): Promise<void> {
    await this.loaded;
    this.clearPause();
    this.handedOver = true;
    this.pending = [];
    // Told now, before a render asked for after the cancel marks its blocks queued again.
    for (const blockId of this.entries.keys()) this.options.onBlockStatus(blockId, null);
    this.entries.clear();
    for (const flight of this.flights) this.drop(flight);
    this.changed();
    try {
      await Promise.allSettled([...this.running]);
      await this.saveJournal();
    } finally {
      this.cancelling = null;
      this.startRun();
      // The last word is `idle`, not `cancelling`.
      this.changed();
    }
  }

  private drop(flight: Flight): void {
    flight.dropped = true;
    flight.controller.abort();
  }

  // ---- views ----

  private active(): Flight[] {
    return [...this.flights].filter((flight) => !flight.dropped);
  }

  private busy(): boolean {
    return this.pending.length > 0 || this.active().length > 0;
  }

  private journalEntries(): JournalEntry[] {
    const current = [...this.entries.values()].map(({ job, takeId }) => ({ ...job, takeId }));
    if (this.handedOver) return current;
    // Until the session has had them, the previous run's jobs stay in the journal.
    return this.leftoversNotQueued().concat(current);
  }

  /** The previous run's jobs for blocks this run has not queued again. */
  private leftoversNotQueued(): JournalEntry[] {
    return [...this.leftovers.values()].filter((e) => !this.entries.has(e.blockId));
  }

  private saveJournal(): Promise<void> {
    return this.journal.save().catch((error: unknown) => {
      log.warn(
        `${this.options.dir}: the render journal could not be written (${String(error)}); a crash now would forget the unfinished render.`,
      );
    });
  }

  /** Tells `onProgress`, at most once per PROGRESS_INTERVAL_MS; a change inside the interval goes out at its end. */
  private changed(): void {
    if (this.closed || this.progressTimer) return;
    const wait = this.lastProgressAt + PROGRESS_INTERVAL_MS - this.now();
    if (wait <= 0) return this.emitProgress();
    this.progressTimer = setTimeout(() => {
      this.progressTimer = null;
      this.emitProgress();
    }, wait);
  }

  private emitProgress(): void {
    if (this.closed) return;
    this.lastProgressAt = this.now();
    this.options.onProgress(this.status());
  }
}

function closedError(): StudioError {
  return new StudioError({
    code: 'BAD_INPUT',
    message: 'This render queue has been closed with its project.',
    hint: 'Open the project again to render.',
  });
}

export function createRenderQueue(options: RenderQueueOptions): RenderQueue {
  return new Queue(options);
}
