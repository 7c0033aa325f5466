import { plainText } from '../../../shared/markup';
import type { WordTiming } from '../async/http-client';
import type { TakeTiming } from './take-files';

/** The words of a text as an engine times them, punctuation attached: a lone dash or full stop is not one. */
export function spokenWords(text: string): string[] {
  return plainText(text)
    .split(/\s+/)
    .filter((token) => /[\p{L}\p{N}]/u.test(token));
}

/**
 * Where each sentence of a block falls in audio rendered in one request with word timings: a
 * sentence starts where its first word starts (the first at 0) and ends where the next begins (the
 * last at the end). The API times words, not sentences, so sentences are found by counting the
 * words of each; when the counts disagree (markup the API reads differently), the block counts as
 * one sentence rather than a guess that would put captions and spliced pauses in the wrong place.
 */
export function sentencesFromWords(
  sentences: readonly string[],
  words: readonly WordTiming[],
  sampleRate: number,
  length: number,
): TakeTiming['sentences'] {
  const counts = sentences.map((sentence) => spokenWords(sentence).length);
  const total = counts.reduce((a, b) => a + b, 0);
  if (sentences.length < 2 || total !== words.length || counts.some((n) => n === 0)) {
    return [{ text: sentences.join(''), startSample: 0, endSample: length }];
  }
  const starts: number[] = [0];
  let word = 0;
  for (const count of counts.slice(0, -1)) {
    word += count;
    starts.push(Math.min(length, Math.round((words[word]!.startMs * sampleRate) / 1000)));
  }
  return sentences.map((text, i) => ({ text, startSample: starts[i]!, endSample: starts[i + 1] ?? length }));
}
