import { plainText } from '../../../shared/markup';
import { blockTimeToSample, voicedRange, type TimelineBlock, type TimelinePlan } from '../audio/pauses';
import type { CaptionCue } from './caption-files';
import { cuesFromSentences, cuesFromWords, DEFAULT_CUE_OPTIONS, type CaptionWord, type CueOptions } from './build-cues';

/** A word timing as the engines report it: ms from the start of the block's own take. */
export interface BlockWordTiming {
  word: string;
  startMs: number;
  endMs: number;
}

/** What is known about one block's speech, in the order of the plan's blocks. */
export interface BlockCaptionSource {
  /** Word timings (`/text_to_speech/with_timestamps`, the offline engine); null or omitted when unknown. */
  words?: readonly BlockWordTiming[] | null;
  /** The block's sentences in order, one per sentence of the timeline; markup is removed for display. */
  sentences: readonly string[];
}

/** Moves a word's edges inward to its first and last audible samples, in the block's own audio. */
function tighten(plan: TimelinePlan, block: TimelineBlock, word: BlockWordTiming): { startMs: number; endMs: number } {
  const rate = plan.sampleRate;
  const from = Math.max(0, Math.round((word.startMs * rate) / 1000));
  const to = Math.min(block.source.length, Math.round((word.endMs * rate) / 1000));
  const voiced = voicedRange(block.source, from, to, plan.silenceThreshold);
  if (!voiced) return { startMs: word.startMs, endMs: word.endMs };
  return { startMs: (voiced.from * 1000) / rate, endMs: (voiced.to * 1000) / rate };
}

/** Which sentence of the block a position of the output falls in (the last one starting at or before it). */
function sentenceAt(block: TimelineBlock, sample: number): number {
  let index = 0;
  block.sentences.forEach((s, i) => {
    if (s.start <= sample && s.end > s.start) index = i;
  });
  return index;
}

/** Whole ms inside the span, so a cue never reaches into the silence around it. */
const msIn = (plan: TimelinePlan, start: number, end: number) => ({
  startMs: Math.ceil((start * 1000) / plan.sampleRate),
  endMs: Math.floor((end * 1000) / plan.sampleRate),
});

function wordCues(plan: TimelinePlan, block: TimelineBlock, words: readonly BlockWordTiming[], options: CueOptions) {
  const placed: CaptionWord[] = [];
  let sentence = -1;
  for (const word of words) {
    const edges = tighten(plan, block, word);
    const start = blockTimeToSample(plan, block, edges.startMs, 'start');
    const end = blockTimeToSample(plan, block, edges.endMs, 'end');
    if (end <= start) continue;
    const index = sentenceAt(block, start);
    placed.push({ text: word.word, ...msIn(plan, start, end), breakBefore: index !== sentence });
    sentence = index;
  }
  return cuesFromWords(placed, options);
}

function sentenceCues(plan: TimelinePlan, block: TimelineBlock, texts: readonly string[], options: CueOptions) {
  const spans = block.sentences.filter((s) => s.voicedEnd > s.voicedStart);
  if (spans.length === 0) return [];
  const clean = texts.map((t) => plainText(t).replace(/\s+/g, ' ').trim()).filter(Boolean);
  // Sentence texts that do not line up with the audio's sentences are spread over the whole block.
  const sentences =
    clean.length === spans.length
      ? clean.map((text, i) => ({ text, ...msIn(plan, spans[i]!.voicedStart, spans[i]!.voicedEnd) }))
      : [{ text: clean.join(' '), ...msIn(plan, spans[0]!.voicedStart, spans[spans.length - 1]!.voicedEnd) }];
  return cuesFromSentences(sentences, options);
}

/**
 * Captions for an assembled timeline: from each block's word timings when it has them, otherwise
 * from its sentence timing, always placed where the words are heard after the spliced pauses.
 */
export function timelineCaptions(
  plan: TimelinePlan,
  sources: readonly BlockCaptionSource[],
  options: CueOptions = DEFAULT_CUE_OPTIONS,
): CaptionCue[] {
  if (sources.length !== plan.blocks.length) {
    throw new Error(`timelineCaptions: ${sources.length} caption sources for ${plan.blocks.length} blocks.`);
  }
  return plan.blocks.flatMap((block, i) => {
    const source = sources[i]!;
    return source.words?.length
      ? wordCues(plan, block, source.words, options)
      : sentenceCues(plan, block, source.sentences, options);
  });
}
