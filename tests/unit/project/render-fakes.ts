import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cancelledError } from '../../../electron/engine/async/http-errors';
import type { BlockSynthesizer, RenderedBlock, RenderJob } from '../../../electron/engine/project/render-block';
import { RENDER_JOURNAL_FILE } from '../../../electron/engine/project/render-journal';
import { PROJECT_RENDER_FORMAT } from '../../../electron/engine/project/take-files';
import type { SetTimer } from '../../../electron/engine/studio/play-session';
import { renderCacheKey } from '../../../electron/engine/render-cache/render-cache-key';
import type { SpeakerVoice } from '../../../shared/project';

export const OFFLINE_VOICE: SpeakerVoice = { engine: 'offline', voiceId: 'offline:slt', modelId: 'async_flash_v1.0' };

/** A job for `blockId` saying `text`, keyed as the session keys it. */
export function jobFor(
  blockId: string,
  text: string,
  voice: SpeakerVoice = OFFLINE_VOICE,
  regenerate = false,
): RenderJob {
  const { engine, ...settings } = voice;
  return {
    blockId,
    cacheKey: renderCacheKey({ text, engine, voice: settings, output: PROJECT_RENDER_FORMAT }),
    text,
    voice,
    regenerate,
  };
}

/** One tenth of a second of a level that tells blocks apart, as the engine would render `job`. */
export function renderedFor(job: RenderJob): RenderedBlock {
  const sampleRate = PROJECT_RENDER_FORMAT.sampleRate;
  const samples = sampleRate / 10;
  const { engine, ...voice } = job.voice;
  return {
    audio: { pcm: new Float32Array(samples).fill(0.25), sampleRate },
    timing: { sampleRate, sentences: [{ text: job.text, startSample: 0, endSample: samples }], words: null },
    provenance: {
      text: job.text,
      voice,
      engine,
      transport: 'http',
      sampleRate,
      durationSeconds: samples / sampleRate,
      timings: { timeToFirstAudioMs: 12, totalMs: 40 },
    },
  };
}

export interface SynthCall {
  job: RenderJob;
  signal: AbortSignal;
  settled: boolean;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * A synthesizer the test drives: each call waits until the test resolves or rejects it (or, with
 * `auto`, follows the script for its block: errors to throw in turn, then success). An aborted
 * call ends with CANCELLED, as the real providers do. Counts calls in flight and the most at once.
 */
export class FakeSynth {
  readonly calls: SynthCall[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly script = new Map<string, unknown[]>();
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly auto = false) {}

  /** Errors the next calls for `blockId` throw, one per call, before it succeeds. */
  failNext(blockId: string, ...errors: unknown[]): void {
    this.script.set(blockId, [...(this.script.get(blockId) ?? []), ...errors]);
  }

  readonly synthesize: BlockSynthesizer = (job, signal) =>
    new Promise<RenderedBlock>((resolve, reject) => {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      const call: SynthCall = {
        job,
        signal,
        settled: false,
        resolve: () => settle(() => resolve(renderedFor(job))),
        reject: (error) => settle(() => reject(error)),
      };
      const settle = (action: () => void) => {
        if (call.settled) return;
        call.settled = true;
        this.inFlight--;
        action();
      };
      signal.addEventListener('abort', () => call.reject(cancelledError()), { once: true });
      this.calls.push(call);
      for (const wake of this.waiters.splice(0)) wake();
      if (!this.auto) return;
      const next = this.script.get(job.blockId)?.shift();
      queueMicrotask(() => (next === undefined ? call.resolve() : call.reject(next)));
    });

  /** The `n`th call (from 0), once it has been made. */
  async call(n: number): Promise<SynthCall> {
    while (this.calls.length <= n) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.calls[n]!;
  }
}

/** A timer that records each wait asked for and fires only when told to. */
export function manualTimer() {
  const waits: number[] = [];
  const armed = new Set<() => void>();
  const setTimer: SetTimer = (callback, ms) => {
    waits.push(ms);
    armed.add(callback);
    return () => armed.delete(callback);
  };
  const fireAll = () => {
    const due = [...armed];
    armed.clear();
    for (const fire of due) fire();
  };
  return { setTimer, waits, fireAll, pending: () => armed.size };
}

/** A timer that records each wait asked for and fires at once (on the next turn of the event loop). */
export function instantTimer(onWait?: (ms: number) => void) {
  const waits: number[] = [];
  const setTimer: SetTimer = (callback, ms) => {
    waits.push(ms);
    onWait?.(ms);
    const handle = setImmediate(callback);
    return () => clearImmediate(handle);
  };
  return { setTimer, waits };
}

/** The jobs the journal on disk lists, by block id. */
export async function journalBlocks(dir: string): Promise<string[]> {
  const journal = JSON.parse(await readFile(join(dir, RENDER_JOURNAL_FILE), 'utf8')) as { jobs: RenderJob[] };
  return journal.jobs.map((job) => job.blockId);
}
