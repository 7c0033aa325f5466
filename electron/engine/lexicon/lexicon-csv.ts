import { randomUUID } from 'node:crypto';
import { LexiconEntrySchema, type LexiconEntry } from '../../../shared/lexicon';
import { StudioError } from '../../../shared/errors';

export const LEXICON_CSV_HEADER = ['match', 'kind', 'replacement', 'case_sensitive', 'whole_word'] as const;

/** Schema field → CSV column, so errors name what the user sees in the file. */
const CSV_COLUMN: Record<string, string> = {
  match: 'match',
  kind: 'kind',
  replacement: 'replacement',
  caseSensitive: 'case_sensitive',
  wholeWord: 'whole_word',
};

/** One CSV record and the physical line it starts on (1-based), for error messages. */
interface CsvRecord {
  line: number;
  fields: string[];
}

/** Splits RFC 4180 CSV into records: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): CsvRecord[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let i = 0;
  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
  };
  while (i < source.length) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') endField();
    // CRLF: skip the CR, the LF ends the record.
    else if (ch === '\r' && source[i + 1] === '\n') {
      i++;
      continue;
    } else if (ch === '\n') {
      endRecord();
      line++;
      recordLine = line;
    } else field += ch;
    i++;
  }
  if (quoted)
    throw new StudioError({ code: 'BAD_INPUT', message: `CSV line ${recordLine}: a quoted field is not closed.` });
  if (field !== '' || fields.length > 0) endRecord();
  // Blank lines (a trailing newline, spacing between blocks of rows) are not records.
  return records.filter((r) => !(r.fields.length === 1 && r.fields[0]!.trim() === ''));
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes a lexicon as CSV (header row, CRLF line ends as RFC 4180 says, fields quoted when needed). */
export function exportLexiconCsv(entries: readonly LexiconEntry[]): string {
  const rows = [LEXICON_CSV_HEADER.join(',')];
  for (const e of entries) {
    rows.push([e.match, e.kind, e.replacement, String(e.caseSensitive), String(e.wholeWord)].map(quote).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}

function parseBoolean(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'no') return false;
  return null;
}

/**
 * Reads a lexicon CSV. All or nothing: if any row is bad, throws one BAD_INPUT error listing every
 * bad line and why, and nothing is imported. `makeId` names the new entries.
 */
export function importLexiconCsv(text: string, makeId: () => string = randomUUID): LexiconEntry[] {
  const records = parseCsv(text);
  const header = records.shift();
  const expected = LEXICON_CSV_HEADER.join(',');
  if (!header || header.fields.map((f) => f.trim().toLowerCase()).join(',') !== expected) {
    throw new StudioError({
      code: 'BAD_INPUT',
      message: `This CSV file is not a lexicon: its first line must be "${expected}".`,
    });
  }
  const problems: string[] = [];
  const entries: LexiconEntry[] = [];
  for (const { line, fields } of records) {
    if (fields.length !== LEXICON_CSV_HEADER.length) {
      problems.push(`line ${line}: ${fields.length} fields instead of ${LEXICON_CSV_HEADER.length}`);
      continue;
    }
    const [match, kind, replacement, caseSensitive, wholeWord] = fields as [string, string, string, string, string];
    const parsed = LexiconEntrySchema.safeParse({
      id: makeId(),
      match,
      kind: kind.trim().toLowerCase(),
      replacement,
      caseSensitive: parseBoolean(caseSensitive),
      wholeWord: parseBoolean(wholeWord),
    });
    if (parsed.success) entries.push(parsed.data);
    else {
      const why = parsed.error.issues.map((issue) => `${CSV_COLUMN[String(issue.path[0])] ?? 'row'}: ${issue.message}`);
      problems.push(`line ${line}: ${why.join('; ')}`);
    }
  }
  if (problems.length > 0) {
    throw new StudioError({
      code: 'BAD_INPUT',
      message: `Nothing was imported: ${problems.length} bad row(s) — ${problems.join(' / ')}.`,
      hint: `Each row needs ${expected}; kind is text, ipa or digits; the last two are true or false.`,
    });
  }
  return entries;
}
