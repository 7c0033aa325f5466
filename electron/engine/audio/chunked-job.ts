/**
 * Long audio computations (an hour of loudness analysis, an export) written once as generators
 * that yield their progress (0..1) after each chunk: run synchronously where blocking is fine,
 * or with a turn of the event loop between chunks so that Electron's main process stays
 * responsive, progress is reported and a cancel is honoured.
 */
import { StudioError } from '../../../shared/errors';

export type ChunkedJob<T> = Generator<number, T, void>;

/** Audio is processed this many samples at a time (about 1.5 s at 44.1 kHz). */
export const JOB_CHUNK = 1 << 16;

/** Runs a job to its end without pausing. */
export function runJob<T>(job: ChunkedJob<T>): T {
  for (;;) {
    const step = job.next();
    if (step.done) return step.value;
  }
}

/** Runs a job, yielding to the event loop between chunks; an abort ends it with CANCELLED. */
export async function runJobAsync<T>(
  job: ChunkedJob<T>,
  options: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<T> {
  for (;;) {
    if (options.signal?.aborted) {
      job.return(undefined as never);
      throw new StudioError({ code: 'CANCELLED', message: 'The audio processing was cancelled.' });
    }
    const step = job.next();
    if (step.done) return step.value;
    options.onProgress?.(Math.min(1, Math.max(0, step.value)));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Runs a sub-job inside another, mapping its progress into [from, to] of the outer job's. */
export function* withinProgress<T>(job: ChunkedJob<T>, from: number, to: number): ChunkedJob<T> {
  for (;;) {
    const step = job.next();
    if (step.done) return step.value;
    yield from + (to - from) * step.value;
  }
}

/**
 * Audio that is read in order, perhaps several times (normalising measures before it encodes),
 * without being held in one array: a project's timeline is its blocks' audio and silences, laid
 * end to end only as it is read. `length` is the total of what `chunks()` yields.
 */
export interface PcmSource {
  readonly length: number;
  chunks(): Iterable<Float32Array>;
}

/** Feeds `pcm` to `consume` in chunks of at most JOB_CHUNK samples, yielding the fraction done after each. */
export function* inChunks(pcm: Float32Array | PcmSource, consume: (chunk: Float32Array) => void): ChunkedJob<void> {
  let done = 0;
  for (const piece of pcm instanceof Float32Array ? [pcm] : pcm.chunks()) {
    for (let i = 0; i < piece.length; i += JOB_CHUNK) {
      const chunk = piece.subarray(i, i + JOB_CHUNK);
      consume(chunk);
      done += chunk.length;
      yield Math.min(1, done / pcm.length);
    }
  }
}
