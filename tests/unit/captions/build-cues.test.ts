import { describe, expect, it } from 'vitest';
import {
  cuesFromSentences,
  cuesFromWords,
  DEFAULT_CUE_OPTIONS,
  layoutLines,
  type CaptionWord,
} from '../../../electron/engine/captions/build-cues';

/** Words 300 ms long with 100 ms between them, from `startMs`. */
function timed(text: string, startMs = 0, extra: Partial<CaptionWord> = {}): CaptionWord[] {
  return text
    .split(' ')
    .map((word, i) => ({ text: word, startMs: startMs + i * 400, endMs: startMs + i * 400 + 300, ...extra }));
}

describe('layoutLines', () => {
  it('keeps short text on one line and balances two lines', () => {
    expect(layoutLines(['Short', 'line.'], DEFAULT_CUE_OPTIONS)).toEqual(['Short line.']);
    const words = 'The quick brown fox jumps over the lazy dog and runs far away'.split(' ');
    const lines = layoutLines(words, DEFAULT_CUE_OPTIONS)!;
    expect(lines).toHaveLength(2);
    expect(lines.join(' ')).toBe(words.join(' '));
    expect(lines.every((l) => l.length <= 42)).toBe(true);
    expect(Math.abs(lines[0]!.length - lines[1]!.length)).toBeLessThanOrEqual(6);
  });

  it('refuses more than two lines, but always places a single word', () => {
    expect(
      layoutLines(
        'a'
          .repeat(30)
          .split('')
          .map(() => 'word'),
        DEFAULT_CUE_OPTIONS,
      ),
    ).toBeNull();
    expect(layoutLines(['x'.repeat(60)], DEFAULT_CUE_OPTIONS)).toEqual(['x'.repeat(60)]);
  });
});

describe('cuesFromWords', () => {
  it('ends a cue at a sentence end', () => {
    const cues = cuesFromWords(timed('One two. Three four'));
    expect(cues.map((c) => c.lines.join(' '))).toEqual(['One two.', 'Three four']);
    expect(cues.map((c) => [c.startMs, c.endMs])).toEqual([
      [0, 700],
      [800, 1500],
    ]);
  });

  it('ends a cue at a forced break and at a long silence', () => {
    const words = [...timed('alpha beta'), ...timed('gamma', 1600), ...timed('delta', 2000, { breakBefore: true })];
    expect(cuesFromWords(words).map((c) => c.lines.join(' '))).toEqual(['alpha beta', 'gamma', 'delta']);
  });

  it('keeps cues within 2 lines of 42 characters and 6 seconds, in order and without overlap', () => {
    const text = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const cues = cuesFromWords(timed(text));
    expect(cues.map((c) => c.lines.join(' ')).join(' ')).toBe(text);
    for (const [i, cue] of cues.entries()) {
      expect(cue.lines.length).toBeLessThanOrEqual(2);
      expect(cue.lines.every((l) => l.length <= 42)).toBe(true);
      expect(cue.endMs - cue.startMs).toBeLessThanOrEqual(6000);
      if (i > 0) expect(cue.startMs).toBeGreaterThanOrEqual(cues[i - 1]!.endMs);
    }
    const slow = cuesFromWords(
      'a b c d e f g h'.split(' ').map((w, i) => ({ text: w, startMs: i * 1400, endMs: i * 1400 + 700 })),
    );
    expect(slow.map((c) => c.lines.join(' '))).toEqual(['a b c d', 'e f g h']);
  });
});

describe('cuesFromSentences', () => {
  it('gives a short sentence one cue over its span', () => {
    expect(cuesFromSentences([{ text: 'Hello there.', startMs: 100, endMs: 900 }])).toEqual([
      { startMs: 100, endMs: 900, lines: ['Hello there.'] },
    ]);
  });

  it('splits a long sentence into the fewest even runs of words, timed by their characters', () => {
    const text = Array.from({ length: 40 }, (_, i) => `w${String(i).padStart(2, '0')}`).join(' ');
    const cues = cuesFromSentences([{ text, startMs: 1000, endMs: 17000 }]);
    // 40 four-character words: 159 characters need 2 cues, 16 s need 3 at most 6 s each.
    expect(cues).toHaveLength(3);
    expect(cues.map((c) => c.lines.join(' ').split(' ').length)).toEqual([13, 14, 13]);
    expect(cues[0]!.startMs).toBe(1000);
    expect(cues[2]!.endMs).toBe(17000);
    for (let i = 1; i < cues.length; i++) expect(cues[i]!.startMs).toBe(cues[i - 1]!.endMs);
    const durations = cues.map((c) => c.endMs - c.startMs);
    expect(durations.every((d) => d <= 6000)).toBe(true);
    expect(durations[1]! / durations[0]!).toBeCloseTo(14 / 13, 1);
  });
});
