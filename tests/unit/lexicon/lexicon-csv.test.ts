import { describe, expect, it } from 'vitest';
import type { LexiconEntry } from '../../../shared/lexicon';
import { StudioError } from '../../../shared/errors';
import { exportLexiconCsv, importLexiconCsv, parseCsv } from '../../../electron/engine/lexicon/lexicon-csv';

const ids = () => {
  let n = 0;
  return () => `id${++n}`;
};

const sample: LexiconEntry[] = [
  { id: 'id1', match: 'Nguyen', kind: 'ipa', replacement: 'ŋwiən', caseSensitive: true, wholeWord: true },
  {
    id: 'id2',
    match: 'Smith, Jr.',
    kind: 'text',
    replacement: 'Smith "junior"',
    caseSensitive: false,
    wholeWord: false,
  },
  { id: 'id3', match: 'line\nbreak', kind: 'text', replacement: 'a\r\nb', caseSensitive: false, wholeWord: true },
  { id: 'id4', match: 'PIN', kind: 'digits', replacement: '', caseSensitive: true, wholeWord: true },
  { id: 'id5', match: ' padded ', kind: 'text', replacement: 'x', caseSensitive: false, wholeWord: true },
];

function importError(text: string): StudioError {
  try {
    importLexiconCsv(text, ids());
  } catch (error) {
    if (error instanceof StudioError) return error;
    throw error;
  }
  throw new Error('expected the import to fail');
}

describe('lexicon CSV', () => {
  it('round-trips entries with commas, quotes, line breaks and padding', () => {
    const csv = exportLexiconCsv(sample);
    expect(csv.split('\r\n')[0]).toBe('match,kind,replacement,case_sensitive,whole_word');
    expect(csv).toContain('"Smith, Jr.",text,"Smith ""junior""",false,false');
    expect(importLexiconCsv(csv, ids())).toEqual(sample);
  });

  it('tolerates a UTF-8 BOM, LF line ends, blank lines and booleans as 1/0/yes/no', () => {
    const csv = '\uFEFFmatch,kind,replacement,case_sensitive,whole_word\nGIF,text,jif,1,yes\n\nSQL,IPA,ˈsiːkwəl,0,no\n';
    expect(importLexiconCsv(csv, ids())).toEqual([
      { id: 'id1', match: 'GIF', kind: 'text', replacement: 'jif', caseSensitive: true, wholeWord: true },
      { id: 'id2', match: 'SQL', kind: 'ipa', replacement: 'ˈsiːkwəl', caseSensitive: false, wholeWord: false },
    ]);
  });

  it('refuses the whole file and lists every bad line, counting lines inside quoted fields', () => {
    const csv = [
      'match,kind,replacement,case_sensitive,whole_word',
      'ok,text,fine,true,true',
      '"two',
      'lines",loud,x,true,true',
      'short,text',
      ',text,empty match,true,true',
      'flag,text,x,maybe,true',
      'ipa,ipa,,true,true',
    ].join('\n');
    const error = importError(csv);
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toMatch(/^Nothing was imported: 5 bad row/);
    for (const line of [3, 5, 6, 7, 8]) expect(error.message).toContain(`line ${line}:`);
    expect(error.message).not.toContain('line 2:');
    expect(error.message).not.toContain('line 4:');
    expect(error.message).toContain('case_sensitive');
    expect(error.message).toContain('kind');
  });

  it('refuses a file without the lexicon header', () => {
    expect(importError('word,replacement\nGIF,jif\n').message).toContain('match,kind,replacement');
  });

  it('refuses an unclosed quoted field', () => {
    expect(importError('match,kind,replacement,case_sensitive,whole_word\n"open,text,x,true,true\n').message).toMatch(
      /line 2: a quoted field is not closed/,
    );
  });

  it('parses RFC 4180 records', () => {
    expect(parseCsv('a,"b,c","d""e"\r\n"f\ng",,h').map((r) => r.fields)).toEqual([
      ['a', 'b,c', 'd"e'],
      ['f\ng', '', 'h'],
    ]);
  });
});
