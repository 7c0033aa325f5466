import { describe, expect, it } from 'vitest';
import type { LexiconEntry } from '../../../shared/lexicon';
import { parseMarkup } from '../../../shared/markup';
import { affectedBy, applyLexicon, compileLexicon } from '../../../electron/engine/lexicon/apply-lexicon';

let counter = 0;
function entry(match: string, replacement: string, extra: Partial<LexiconEntry> = {}): LexiconEntry {
  return {
    id: extra.id ?? `e${++counter}`,
    match,
    kind: 'text',
    replacement,
    caseSensitive: false,
    wholeWord: true,
    ...extra,
  };
}

describe('applyLexicon', () => {
  it('replaces text, wraps IPA in <phonemes> and digits in <digits>', () => {
    const lexicon = [
      entry('Dr.', 'Doctor', { id: 'dr', wholeWord: false }),
      entry('Nguyen', 'ŋwiən', { id: 'ng', kind: 'ipa' }),
      entry('PIN', '', { id: 'pin', kind: 'digits', caseSensitive: true }),
      entry('1234', '', { id: 'num', kind: 'digits' }),
    ];
    const { sent, replacements } = applyLexicon('Dr. Nguyen typed 1234 as his PIN.', lexicon);
    expect(sent).toBe('Doctor <phonemes>ŋwiən</phonemes> typed <digits>1234</digits> as his <digits>PIN</digits>.');
    expect(replacements.map((r) => r.entryId)).toEqual(['dr', 'ng', 'num', 'pin']);
    for (const r of replacements) expect(sent.slice(r.start, r.end)).not.toBe('');
    expect(sent.slice(replacements[1]!.start, replacements[1]!.end)).toBe('<phonemes>ŋwiən</phonemes>');
    expect('Dr. Nguyen typed 1234 as his PIN.'.slice(replacements[2]!.sourceStart, replacements[2]!.sourceEnd)).toBe(
      '1234',
    );
  });

  it('uses the replacement inside <digits> when one is given', () => {
    const { sent } = applyLexicon('Call ext. now', [entry('ext.', '4410', { kind: 'digits', wholeWord: false })]);
    expect(sent).toBe('Call <digits>4410</digits> now');
  });

  it('honours whole-word and case options', () => {
    const cat = entry('cat', 'dog');
    expect(applyLexicon('cat concat Cat cats', [cat]).sent).toBe('dog concat dog cats');
    expect(applyLexicon('cat concat Cat cats', [{ ...cat, wholeWord: false }]).sent).toBe('dog condog dog dogs');
    expect(applyLexicon('cat concat Cat cats', [{ ...cat, caseSensitive: true }]).sent).toBe('dog concat Cat cats');
  });

  it('prefers the longest match, and the earlier entry between equals', () => {
    const lexicon = [entry('New', 'Knew', { id: 'a' }), entry('New York', 'Noo Yawk', { id: 'b' })];
    expect(applyLexicon('New York is new', lexicon).sent).toBe('Noo Yawk is Knew');
    const tie = [entry('lead', 'led', { id: 'x' }), entry('LEAD', 'leed', { id: 'y' })];
    expect(applyLexicon('lead', tie).sent).toBe('led');
    expect(applyLexicon('lead', [...tie].reverse()).sent).toBe('leed');
  });

  it('falls back to a shorter entry when the longer one fails its whole-word check', () => {
    const lexicon = [entry('New York', 'NYC'), entry('New', 'Knew')];
    expect(applyLexicon('New Yorkers in New York', lexicon).sent).toBe('Knew Yorkers in NYC');
  });

  it('folds case beyond ASCII', () => {
    expect(applyLexicon('ÉMILE and émile', [entry('Émile', 'ay-meel')]).sent).toBe('ay-meel and ay-meel');
  });

  it('matches a phrase across any whitespace in the text', () => {
    expect(applyLexicon('in New\n  York', [entry('New York', 'NYC')]).sent).toBe('in NYC');
  });

  it('never substitutes inside existing markup and never nests markup', () => {
    const lexicon = [
      entry('time', 'tiem', { wholeWord: false }),
      entry('12', '', { kind: 'digits' }),
      entry('ab', 'a<b>', { kind: 'ipa' }),
    ];
    const text = "It is time <break time='300ms'/> for <digits>12</digits> and <phonemes>ab</phonemes>, 12 ab.";
    const { sent } = applyLexicon(text, lexicon);
    expect(sent).toBe(
      "It is tiem <break time='300ms'/> for <digits>12</digits> and <phonemes>ab</phonemes>, <digits>12</digits> <phonemes>ab</phonemes>.",
    );
    // Every markup element in the output parses as one flat element.
    const segments = parseMarkup(sent);
    for (const s of segments) {
      if (s.type === 'digits') expect(s.text).not.toMatch(/[<>]/);
      if (s.type === 'phonemes') expect(s.ipa).not.toMatch(/[<>]/);
    }
  });

  it('does not rescan its own output', () => {
    const lexicon = [entry('a', 'b', { id: 'ab' }), entry('b', 'c', { id: 'bc' })];
    expect(applyLexicon('a b', lexicon).sent).toBe('b c');
  });

  it('handles characters outside the BMP and special regex characters in matches', () => {
    const lexicon = [entry('C++', 'C plus plus'), entry('😀', 'smile', { wholeWord: false }), entry('a.b', 'dot')];
    expect(applyLexicon('I like C++ 😀 and a.b not axb', lexicon).sent).toBe(
      'I like C plus plus smile and dot not axb',
    );
  });

  it('is deterministic and gives the same result compiled or not', () => {
    const lexicon = [entry('one', '1'), entry('two', 'deux', { kind: 'ipa' }), entry('one two', 'both')];
    const text = 'one two one, two one two';
    const first = applyLexicon(text, lexicon);
    expect(applyLexicon(text, compileLexicon(lexicon))).toEqual(first);
    expect(applyLexicon(text, lexicon)).toEqual(first);
    expect(first.sent).toBe('both 1, <phonemes>deux</phonemes> both');
  });

  it('leaves the text as it is with an empty lexicon', () => {
    expect(applyLexicon('Nothing to do <break time="1s"/>.', [])).toEqual({
      sent: 'Nothing to do <break time="1s"/>.',
      replacements: [],
    });
  });
});

describe('affectedBy', () => {
  it('lists the entries that change the text, in lexicon order, and not the shadowed ones', () => {
    const lexicon = [
      entry('York', 'Yawk', { id: 'york' }),
      entry('New York', 'NYC', { id: 'ny' }),
      entry('Boston', 'Bahstun', { id: 'bos' }),
      entry('time', 'x', { id: 'time' }),
    ];
    expect(affectedBy('New York and Boston', lexicon)).toEqual(['ny', 'bos']);
    expect(affectedBy('York <break time="1s"/>', lexicon)).toEqual(['york']);
    expect(affectedBy('Nothing here', lexicon)).toEqual([]);
  });
});
