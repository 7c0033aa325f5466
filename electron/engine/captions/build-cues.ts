import type { CaptionCue } from './caption-files';

/** How cues are cut: the usual subtitle limits (42 characters a line, two lines, six seconds). */
export interface CueOptions {
  maxCharsPerLine: number;
  maxLines: number;
  maxDurationMs: number;
  /** A silence at least this long between words starts a new cue. */
  breakGapMs: number;
}

export const DEFAULT_CUE_OPTIONS: CueOptions = {
  maxCharsPerLine: 42,
  maxLines: 2,
  maxDurationMs: 6000,
  breakGapMs: 800,
};

/** A word at its place in the exported audio. `breakBefore` forces a new cue (a new sentence or block). */
export interface CaptionWord {
  text: string;
  startMs: number;
  endMs: number;
  breakBefore?: boolean;
}

const SENTENCE_END = /[.!?…]["'”’)\]]*$/;

/**
 * Lays words out in at most `maxLines` lines of `maxCharsPerLine`, balancing two lines so neither
 * is much longer than the other. Returns null when they do not fit (a single word always does).
 */
export function layoutLines(words: readonly string[], options: CueOptions): string[] | null {
  const one = words.join(' ');
  if (one.length <= options.maxCharsPerLine || words.length === 1) return [one];
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const next = current ? `${current} ${word}` : word;
    if (next.length > options.maxCharsPerLine && current) {
      lines.push(current);
      current = word;
    } else current = next;
  }
  lines.push(current);
  if (lines.length > options.maxLines || lines.some((l) => l.length > options.maxCharsPerLine && l.includes(' '))) {
    return null;
  }
  if (lines.length !== 2) return lines;
  // Greedy filling leaves a long first line and a stub; the most even split reads better.
  let best = lines;
  for (let split = 1; split < words.length; split++) {
    const a = words.slice(0, split).join(' ');
    const b = words.slice(split).join(' ');
    if (a.length > options.maxCharsPerLine || b.length > options.maxCharsPerLine) continue;
    if (Math.max(a.length, b.length) < Math.max(best[0]!.length, best[1]!.length)) best = [a, b];
  }
  return best;
}

/**
 * Groups timed words into cues: a cue ends at a sentence end, a forced break or a long silence,
 * and never exceeds the line and duration limits. Cues are in order and never overlap.
 */
export function cuesFromWords(words: readonly CaptionWord[], options: CueOptions = DEFAULT_CUE_OPTIONS): CaptionCue[] {
  const cues: CaptionCue[] = [];
  let group: CaptionWord[] = [];
  const flush = () => {
    if (group.length === 0) return;
    cues.push({
      startMs: group[0]!.startMs,
      endMs: group[group.length - 1]!.endMs,
      lines: layoutLines(
        group.map((w) => w.text),
        options,
      )!,
    });
    group = [];
  };
  for (const word of words) {
    if (!word.text.trim()) continue;
    const previous = group[group.length - 1];
    const fits =
      previous &&
      !word.breakBefore &&
      !SENTENCE_END.test(previous.text) &&
      word.startMs - previous.endMs < options.breakGapMs &&
      word.endMs - group[0]!.startMs <= options.maxDurationMs &&
      layoutLines(
        [...group, word].map((w) => w.text),
        options,
      ) !== null;
    if (!fits) flush();
    group.push(word);
  }
  flush();
  return cues;
}

/** A sentence's text and where it is heard, when there are no word timings. */
export interface CaptionSentence {
  text: string;
  startMs: number;
  endMs: number;
}

/**
 * Cues from sentence timing alone: one cue per sentence, or, when a sentence is too long for one
 * cue, the fewest equal runs of words that fit, each timed in proportion to its characters.
 */
export function cuesFromSentences(
  sentences: readonly CaptionSentence[],
  options: CueOptions = DEFAULT_CUE_OPTIONS,
): CaptionCue[] {
  const cues: CaptionCue[] = [];
  for (const sentence of sentences) {
    const words = sentence.text.split(/\s+/).filter(Boolean);
    if (words.length === 0 || sentence.endMs <= sentence.startMs) continue;
    const duration = sentence.endMs - sentence.startMs;
    for (let parts = 1; parts <= words.length; parts++) {
      const runs = Array.from({ length: parts }, (_, i) =>
        words.slice(Math.round((i * words.length) / parts), Math.round(((i + 1) * words.length) / parts)),
      );
      const layouts = runs.map((run) => layoutLines(run, options));
      const chars = runs.map((run) => run.join(' ').length + 1);
      const totalChars = chars.reduce((a, b) => a + b, 0);
      const tooLong = chars.some((c) => (duration * c) / totalChars > options.maxDurationMs);
      if (parts < words.length && (layouts.some((l) => l === null) || tooLong)) continue;
      let at = sentence.startMs;
      runs.forEach((run, i) => {
        const end = i === parts - 1 ? sentence.endMs : at + (duration * chars[i]!) / totalChars;
        cues.push({ startMs: at, endMs: end, lines: layouts[i] ?? [run.join(' ')] });
        at = end;
      });
      break;
    }
  }
  return cues;
}
