import { describe, expect, it } from 'vitest';
import { sentencesFromWords } from '../../../electron/engine/project/word-timed-sentences';

const RATE = 1000;
const timed = (...words: [string, number, number][]) =>
  words.map(([word, startMs, endMs]) => ({ word, startMs, endMs }));

describe('sentencesFromWords', () => {
  it('starts each sentence at its first word and ends it where the next begins', () => {
    const words = timed(['Hello', 0, 300], ['there', 300, 600], ['Go', 900, 1100], ['now', 1100, 1400]);
    expect(sentencesFromWords(['Hello there. ', 'Go now.'], words, RATE, 1500)).toEqual([
      { text: 'Hello there. ', startSample: 0, endSample: 900 },
      { text: 'Go now.', startSample: 900, endSample: 1500 },
    ]);
  });

  it('counts the spoken words of the text, without markup or stray punctuation', () => {
    const words = timed(['Wait', 0, 200], ['then', 1300, 1500], ['go', 1600, 1800]);
    const sentences = sentencesFromWords(["Wait <break time='1s'/>. ", 'then go.'], words, RATE, 2000);
    expect(sentences.map((s) => s.startSample)).toEqual([0, 1300]);
  });

  it('keeps the block whole rather than guess when the counts disagree', () => {
    const words = timed(['N', 0, 100], ['A', 100, 200], ['S', 200, 300], ['A', 300, 400], ['flies', 400, 800]);
    expect(sentencesFromWords(['NASA. ', 'flies.'], words, RATE, 900)).toEqual([
      { text: 'NASA. flies.', startSample: 0, endSample: 900 },
    ]);
  });
});
