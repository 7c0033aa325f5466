/**
 * Loudness normalisation: a gain to the target integrated loudness, then the true-peak limiter so
 * that peaks stay under the ceiling. Limiting takes a little loudness away, so the gain is
 * corrected with measured passes until the limited result lands on the target.
 */
import type { LoudnessReport } from '../../../shared/loudness';
import { inChunks, runJob, withinProgress, type ChunkedJob, type PcmSource } from './chunked-job';
import { TruePeakLimiter } from './limiter';
import { LoudnessMeter, measureLoudness } from './loudness';

export interface NormalizeOptions {
  /** The level to reach: integrated loudness in LUFS, or with `level: 'rms'` unweighted RMS in dBFS. */
  targetLufs: number;
  truePeakCeilingDbtp: number;
  /** What the target measures: BS.1770 integrated loudness (default), or the plain RMS ACX specifies. */
  level?: 'integrated' | 'rms';
}

export interface NormalizeResult {
  pcm: Float32Array;
  gainDb: number;
  before: LoudnessReport;
  after: LoudnessReport;
}

const TOLERANCE_LU = 0.1;
const MAX_LIMITED_PASSES = 4;
/** Gain added to make up for limiting stops here: beyond it the limiter would be crushing the speech. */
const MAX_MAKEUP_DB = 6;
/** Below this the limiter (whose ceiling has 0.05 dB of headroom) is idle and the gain exact. */
const LIMITER_IDLE_MARGIN_DB = 0.1;

/** Runs `pcm` through gain and limiter chunk by chunk, handing each output chunk to `sink`. */
function* limitJob(
  pcm: Float32Array | PcmSource,
  sampleRate: number,
  gainDb: number,
  ceilingDbtp: number,
  sink: (chunk: Float32Array) => void,
): ChunkedJob<void> {
  const limiter = new TruePeakLimiter(sampleRate, { gainDb, ceilingDbtp });
  yield* inChunks(pcm, (chunk) => sink(limiter.push(chunk)));
  sink(limiter.flush());
}

function* measureJob(pcm: Float32Array | PcmSource, sampleRate: number): ChunkedJob<LoudnessReport> {
  const meter = new LoudnessMeter(sampleRate);
  yield* inChunks(pcm, (chunk) => meter.push(chunk));
  return meter.result();
}

/**
 * Finds the gain (dB) that brings the signal to the target once limited; measures only and keeps
 * no output. Silence gets 0 dB. When limiting is needed, each correction is a secant step on the
 * measured loudness, since a dB of gain then buys less than a LU; a target only reachable by
 * crushing the peaks is missed rather than forced (the caller's `after` report shows by how much).
 */
export function* planNormalizationJob(
  pcm: Float32Array | PcmSource,
  sampleRate: number,
  options: NormalizeOptions,
): ChunkedJob<{ gainDb: number; before: LoudnessReport }> {
  const share = 1 / (MAX_LIMITED_PASSES + 1);
  const level = (report: LoudnessReport) => (options.level === 'rms' ? report.rmsDbfs : report.integratedLufs);
  const before = yield* withinProgress(measureJob(pcm, sampleRate), 0, share);
  if (!Number.isFinite(level(before))) return { gainDb: 0, before };
  const plainGainDb = options.targetLufs - level(before);
  let gainDb = plainGainDb;
  let previous = { gainDb: 0, lufs: level(before) };
  for (let pass = 1; pass <= MAX_LIMITED_PASSES; pass++) {
    if (before.truePeakDbtp + gainDb <= options.truePeakCeilingDbtp - LIMITER_IDLE_MARGIN_DB) break;
    const meter = new LoudnessMeter(sampleRate);
    const limited = limitJob(pcm, sampleRate, gainDb, options.truePeakCeilingDbtp, (chunk) => meter.push(chunk));
    yield* withinProgress(limited, pass * share, (pass + 1) * share);
    const lufs = level(meter.result());
    const miss = options.targetLufs - lufs;
    if (Math.abs(miss) <= TOLERANCE_LU) break;
    const step = gainDb - previous.gainDb;
    const slope = Math.abs(step) > 1e-6 ? Math.min(1, Math.max(0.1, (lufs - previous.lufs) / step)) : 1;
    previous = { gainDb, lufs };
    const next = Math.min(plainGainDb + MAX_MAKEUP_DB, gainDb + miss / slope);
    if (next === gainDb) break;
    gainDb = next;
  }
  return { gainDb, before };
}

/** Normalises a whole signal to a target loudness under a true-peak ceiling; reports before and after. */
export function normalizeLoudness(pcm: Float32Array, sampleRate: number, options: NormalizeOptions): NormalizeResult {
  const { gainDb, before } = runJob(planNormalizationJob(pcm, sampleRate, options));
  const out = new Float32Array(pcm.length);
  let at = 0;
  runJob(
    limitJob(pcm, sampleRate, gainDb, options.truePeakCeilingDbtp, (chunk) => {
      out.set(chunk, at);
      at += chunk.length;
    }),
  );
  return { pcm: out, gainDb, before, after: measureLoudness(out, sampleRate) };
}
