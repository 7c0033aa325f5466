import type { ProjectDefaults } from '../../../shared/project';
import { resample } from './resample';

/**
 * Exact pauses spliced locally. A project's blocks are laid end to end with silence of exactly the
 * requested length (to the sample) between sentences (optional), blocks and chapters, plus head and
 * tail room. Where a pause replaces the engine's own, the existing near-silence at that point is
 * trimmed first (threshold-based, at most `maxTrimMs` on each side), so what is heard is the pause
 * asked for, not that pause plus the engine's. The timeline says where every block and sentence
 * landed, for captions, chapter markers and highlighting.
 */
export type PauseSettings = ProjectDefaults['pauses'];

export interface TimelineBlockInput {
  id: string;
  pcm: Float32Array;
  /** The take's rate; resampled to the timeline's rate when it differs. */
  sampleRate: number;
  /** Where each sentence after the first starts, in samples of `pcm`, ascending. */
  sentenceStarts?: readonly number[];
  /** Replaces the pause between this block and the next in its chapter; null or omitted uses the default. */
  pauseAfterMs?: number | null;
}

export interface TimelineInput {
  sampleRate: number;
  chapters: ReadonlyArray<{ id: string; blocks: readonly TimelineBlockInput[] }>;
  pauses: PauseSettings;
  silence?: SilenceOptions;
}

export interface SilenceOptions {
  /** Samples quieter than this (dBFS) count as silence when trimming. Default −50. */
  thresholdDb?: number;
  /** At most this much is trimmed on each side of a spliced pause. Default 2000 ms. */
  maxTrimMs?: number;
  /** Trim the engine's silence at block edges, so block pauses and head room are exact. Default true. */
  trimBlockEdges?: boolean;
}

/** A run of the block's (resampled) audio kept in the output: samples [from, to) land at `at`. */
export interface TimelinePiece {
  from: number;
  to: number;
  at: number;
}

/** Positions in samples of the assembled audio; `end` is exclusive. */
export interface TimelineSentence {
  start: number;
  end: number;
  /** The first and last-plus-one audible samples of the sentence (both `start` when it is silent). */
  voicedStart: number;
  voicedEnd: number;
}

export interface TimelineBlock {
  id: string;
  chapterId: string;
  start: number;
  end: number;
  sentences: TimelineSentence[];
  /** How the block's own audio maps into the output (see `blockTimeToSample`). */
  pieces: TimelinePiece[];
  /** The block's audio at the timeline's rate, which the pieces index. */
  source: Float32Array;
}

export interface TimelineChapter {
  id: string;
  /** From the start of its first block to the end of its last (equal when it has no audio). */
  start: number;
  end: number;
}

export interface TimelinePlan {
  sampleRate: number;
  length: number;
  /** The linear level below which samples were taken as silence, so captions read the audio the same way. */
  silenceThreshold: number;
  blocks: TimelineBlock[];
  chapters: TimelineChapter[];
}

export interface AssembledTimeline extends TimelinePlan {
  pcm: Float32Array;
}

const msToSamples = (ms: number, rate: number) => Math.round((ms * rate) / 1000);

interface Trim {
  silent: (s: number) => boolean;
  maxTrim: number;
}

/** Splits a block at its sentence starts and trims silence where an exact pause will be spliced. */
function cutSentences(
  pcm: Float32Array,
  starts: readonly number[],
  trim: Trim,
  edges: boolean,
  replaceSentencePauses: boolean,
): Array<{ from: number; to: number }> {
  const bounds = [0, ...starts.filter((s) => s > 0 && s < pcm.length), pcm.length];
  const segments: Array<{ from: number; to: number }> = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    let from = bounds[i]!;
    let to = bounds[i + 1]!;
    if (to <= from) continue;
    const trimStart = i === 0 ? edges : replaceSentencePauses;
    const trimEnd = i + 2 === bounds.length ? edges : replaceSentencePauses;
    if (trimStart) {
      const limit = Math.min(to, from + trim.maxTrim);
      while (from < limit && trim.silent(pcm[from]!)) from++;
    }
    if (trimEnd) {
      const limit = Math.max(from, to - trim.maxTrim);
      while (to > limit && trim.silent(pcm[to - 1]!)) to--;
    }
    segments.push({ from, to });
  }
  return segments;
}

/** The default silence threshold: samples quieter than −50 dBFS are the engine's background. */
const SILENCE_THRESHOLD_DB = -50;

/**
 * The audible part of pcm[from, to): from its first to its last-plus-one sample at or above
 * `threshold` (linear), or null when it is all silence.
 */
export function voicedRange(
  pcm: Float32Array,
  from: number,
  to: number,
  threshold: number,
): { from: number; to: number } | null {
  let a = from;
  while (a < to && Math.abs(pcm[a]!) < threshold) a++;
  let b = to;
  while (b > a && Math.abs(pcm[b - 1]!) < threshold) b--;
  return a === b ? null : { from: a, to: b };
}

/**
 * Lays the blocks out with exact pauses and says where everything landed, without copying audio:
 * `timelineChunks` streams the result (a one-hour export never holds it twice), `assembleTimeline`
 * joins it. Between chapters the chapter pause applies; a block's override applies within its chapter.
 */
export function planTimeline(input: TimelineInput): TimelinePlan {
  const rate = input.sampleRate;
  const { pauses } = input;
  const threshold = 10 ** ((input.silence?.thresholdDb ?? SILENCE_THRESHOLD_DB) / 20);
  const trim: Trim = {
    silent: (s) => Math.abs(s) < threshold,
    maxTrim: msToSamples(input.silence?.maxTrimMs ?? 2000, rate),
  };
  const edges = input.silence?.trimBlockEdges ?? true;
  const sentencePause = pauses.betweenSentencesMs === null ? null : msToSamples(pauses.betweenSentencesMs, rate);
  const blocks: TimelineBlock[] = [];
  const chapters: TimelineChapter[] = [];
  let position = msToSamples(pauses.headRoomMs, rate);
  let pending: number | null = null;
  for (const chapter of input.chapters) {
    if (pending !== null) pending = msToSamples(pauses.betweenChaptersMs, rate);
    const first = blocks.length;
    for (const block of chapter.blocks) {
      const scale = rate / block.sampleRate;
      const source = block.sampleRate === rate ? block.pcm : resample(block.pcm, block.sampleRate, rate);
      const starts = (block.sentenceStarts ?? []).map((s) => Math.round(s * scale));
      const segments = cutSentences(source, starts, trim, edges, sentencePause !== null);
      const audible = segments.some((s) => s.to > s.from);
      if (audible && pending !== null) position += pending;
      const start = position;
      const pieces: TimelinePiece[] = [];
      const sentences: TimelineSentence[] = [];
      let spoke = false;
      segments.forEach((segment) => {
        // A sentence trimmed to nothing takes no pause, or its neighbours would get two.
        const heard = segment.to > segment.from;
        if (heard && spoke && sentencePause !== null) position += sentencePause;
        spoke ||= heard;
        const at = position;
        pieces.push({ from: segment.from, to: segment.to, at });
        position += segment.to - segment.from;
        const voiced = voicedRange(source, segment.from, segment.to, threshold);
        sentences.push({
          start: at,
          end: position,
          voicedStart: voiced ? at + voiced.from - segment.from : at,
          voicedEnd: voiced ? at + voiced.to - segment.from : at,
        });
      });
      blocks.push({ id: block.id, chapterId: chapter.id, start, end: position, sentences, pieces, source });
      if (audible) pending = msToSamples(block.pauseAfterMs ?? pauses.betweenBlocksMs, rate);
    }
    const own = blocks.slice(first);
    const start = own.find((b) => b.end > b.start)?.start ?? position;
    chapters.push({ id: chapter.id, start, end: Math.max(start, own[own.length - 1]?.end ?? start) });
  }
  const length = position + msToSamples(pauses.tailRoomMs, rate);
  return { sampleRate: rate, length, silenceThreshold: threshold, blocks, chapters };
}

const ZEROS = new Float32Array(65536);

/**
 * The assembled audio in order, as views of the blocks' audio and of a shared zero buffer for the
 * silences: read-only, to be consumed (written, encoded) before the next one is taken.
 */
export function* timelineChunks(plan: TimelinePlan): Generator<Float32Array> {
  let position = 0;
  function* silence(until: number) {
    while (position < until) {
      const n = Math.min(ZEROS.length, until - position);
      position += n;
      yield ZEROS.subarray(0, n);
    }
  }
  for (const block of plan.blocks) {
    for (const piece of block.pieces) {
      yield* silence(piece.at);
      if (piece.to > piece.from) yield block.source.subarray(piece.from, piece.to);
      position += piece.to - piece.from;
    }
  }
  yield* silence(plan.length);
}

/** Lays the blocks out with exact pauses and returns the audio with its timeline. */
export function assembleTimeline(input: TimelineInput): AssembledTimeline {
  const plan = planTimeline(input);
  const pcm = new Float32Array(plan.length);
  let offset = 0;
  for (const chunk of timelineChunks(plan)) {
    // Silence is already zero in the new array: only audio needs copying.
    if (chunk.buffer !== ZEROS.buffer) pcm.set(chunk, offset);
    offset += chunk.length;
  }
  return { ...plan, pcm };
}

/**
 * Where a moment of a block's own audio (ms from the start of its take, e.g. a word timing) lands
 * in the assembled audio, in samples. A moment inside trimmed silence snaps to the next kept audio
 * for a start and to the previous one for an end, so a word never straddles a spliced pause.
 */
export function blockTimeToSample(
  plan: Pick<TimelinePlan, 'sampleRate'>,
  block: TimelineBlock,
  ms: number,
  edge: 'start' | 'end',
): number {
  // The block's source is at the timeline's rate, so its own time converts directly.
  const sample = msToSamples(ms, plan.sampleRate);
  const pieces = block.pieces;
  if (pieces.length === 0) return block.start;
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!;
    if (sample < p.from) {
      // In the gap before piece i.
      if (edge === 'start' || i === 0) return p.at;
      const prev = pieces[i - 1]!;
      return prev.at + (prev.to - prev.from);
    }
    if (sample < p.to || (sample === p.to && edge === 'end')) return p.at + (sample - p.from);
  }
  const last = pieces[pieces.length - 1]!;
  return last.at + (last.to - last.from);
}
