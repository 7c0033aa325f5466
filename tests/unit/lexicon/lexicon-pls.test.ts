import { describe, expect, it } from 'vitest';
import type { LexiconEntry } from '../../../shared/lexicon';
import { exportLexiconPls, importLexiconPls } from '../../../electron/engine/lexicon/lexicon-pls';
import { parseXml, XmlError } from '../../../electron/engine/lexicon/strict-xml';

const ids = () => {
  let n = 0;
  return () => `id${++n}`;
};

const entries: LexiconEntry[] = [
  { id: 'id1', match: 'Nguyen', kind: 'ipa', replacement: 'ŋwiən', caseSensitive: false, wholeWord: true },
  { id: 'id2', match: 'AT&T', kind: 'text', replacement: 'A T & T <corp>', caseSensitive: false, wholeWord: true },
  { id: 'skip', match: '1234', kind: 'digits', replacement: '', caseSensitive: false, wholeWord: true },
  { id: 'id3', match: `"Quoted" it's`, kind: 'ipa', replacement: 'kwoʊtɪd', caseSensitive: false, wholeWord: true },
];

const PLS = (body: string, alphabet = 'ipa') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="${alphabet}" xml:lang="en-US">${body}</lexicon>`;

describe('lexicon PLS', () => {
  it('writes a PLS 1.0 document with escaped text and reads it back', () => {
    const { xml, skipped } = exportLexiconPls(entries, 'en-GB');
    expect(skipped).toEqual(['skip']);
    expect(xml).toContain(
      '<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-GB">',
    );
    expect(xml).toContain('<grapheme>AT&amp;T</grapheme>');
    expect(xml).toContain('<alias>A T &amp; T &lt;corp&gt;</alias>');
    expect(importLexiconPls(xml, { makeId: ids() })).toEqual(entries.filter((e) => e.id !== 'skip'));
  });

  it('reads several graphemes per lexeme, the first pronunciation, comments, CDATA and character references', () => {
    const xml = PLS(`
      <!-- names -->
      <lexeme>
        <grapheme>colour</grapheme><grapheme>color</grapheme>
        <phoneme prefer="true">ˈkʌlə</phoneme>
        <phoneme>ˈkʌlɚ</phoneme>
      </lexeme>
      <lexeme><grapheme><![CDATA[R&D]]></grapheme><alias>research and development</alias></lexeme>
      <lexeme><grapheme>caf&#233;</grapheme><phoneme>&#x6B;&#xE6;ˈfeɪ</phoneme></lexeme>`);
    const read = importLexiconPls(xml, { makeId: ids(), caseSensitive: true, wholeWord: false });
    expect(read.map((e) => [e.match, e.kind, e.replacement])).toEqual([
      ['colour', 'ipa', 'ˈkʌlə'],
      ['color', 'ipa', 'ˈkʌlə'],
      ['R&D', 'text', 'research and development'],
      ['café', 'ipa', 'kæˈfeɪ'],
    ]);
    expect(read.every((e) => e.caseSensitive && !e.wholeWord)).toBe(true);
  });

  it('refuses DOCTYPE, entity declarations and unknown entities', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE lexicon [<!ENTITY x SYSTEM "file:///etc/passwd">]>${PLS('').replace(/^<\?xml[^>]*>/, '')}`;
    expect(() => importLexiconPls(xxe)).toThrow(/DOCTYPE/);
    expect(() => importLexiconPls(PLS('<lexeme><grapheme>&x;</grapheme><alias>a</alias></lexeme>'))).toThrow(
      /unknown entity &x;/,
    );
    expect(() => importLexiconPls(PLS('<lexeme><!DOCTYPE x><grapheme>a</grapheme></lexeme>'))).toThrow(/DOCTYPE/);
  });

  it('refuses other alphabets, other roots and malformed documents, naming the line', () => {
    expect(() =>
      importLexiconPls(PLS('<lexeme><grapheme>a</grapheme><phoneme>a</phoneme></lexeme>', 'x-sampa')),
    ).toThrow(/alphabet "x-sampa" is not ipa/);
    expect(() => importLexiconPls('<lexicon version="1.0"></lexicon>')).toThrow(/not a PLS <lexicon>/);
    expect(() => importLexiconPls(PLS('\n<lexeme>\n<grapheme>a</grapheme>\n</lexicon>'))).toThrow(/line \d+/);
    expect(() => importLexiconPls(PLS('<lexeme><grapheme>a</grapheme></lexeme>'))).toThrow(
      /lexeme without <phoneme> or <alias>/,
    );
  });

  it('parses attributes strictly', () => {
    expect(parseXml(`<a x='1' y="&lt;2&gt;"/>`).attributes).toEqual({ x: '1', y: '<2>' });
    expect(() => parseXml('<a x=1/>')).toThrow(XmlError);
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/twice/);
    expect(() => parseXml('<a>b &c</a>')).toThrow(/"&"/);
    expect(() => parseXml('<a></a><b/>')).toThrow(/after the root/);
    expect(() => parseXml('<a>\n<b>\n\n<c x=1/></b></a>')).toThrow(/^XML line 4: attribute x value must be quoted/);
    expect(() => parseXml('<a>'.repeat(10_000))).toThrow(/nested more than 32 deep/);
  });
});
