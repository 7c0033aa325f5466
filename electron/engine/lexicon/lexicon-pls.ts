import { randomUUID } from 'node:crypto';
import { LexiconEntrySchema, type LexiconEntry } from '../../../shared/lexicon';
import { StudioError } from '../../../shared/errors';
import { escapeXml, parseXml, textOf, XmlError, type XmlElement } from './strict-xml';

export const PLS_NAMESPACE = 'http://www.w3.org/2005/01/pronunciation-lexicon';

export interface PlsExport {
  xml: string;
  /** Entries PLS cannot express (`<digits>` has no PLS form), left out of the file. */
  skipped: string[];
}

/**
 * Writes a lexicon as W3C PLS 1.0: IPA entries as `<phoneme>`, text entries as `<alias>`. PLS has
 * no case or whole-word options and no digits reading, so digits entries are reported as skipped.
 */
export function exportLexiconPls(entries: readonly LexiconEntry[], lang = 'en'): PlsExport {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<lexicon version="1.0" xmlns="${PLS_NAMESPACE}" alphabet="ipa" xml:lang="${escapeXml(lang)}">`,
  ];
  const skipped: string[] = [];
  for (const entry of entries) {
    if (entry.kind === 'digits') {
      skipped.push(entry.id);
      continue;
    }
    const pronunciation = entry.kind === 'ipa' ? 'phoneme' : 'alias';
    lines.push(
      '  <lexeme>',
      `    <grapheme>${escapeXml(entry.match)}</grapheme>`,
      `    <${pronunciation}>${escapeXml(entry.replacement)}</${pronunciation}>`,
      '  </lexeme>',
    );
  }
  lines.push('</lexicon>', '');
  return { xml: lines.join('\n'), skipped };
}

export interface PlsImportOptions {
  makeId?: () => string;
  /** PLS has no such options; imported entries get these (default: case-insensitive, whole words). */
  caseSensitive?: boolean;
  wholeWord?: boolean;
}

const elements = (parent: XmlElement, name: string) =>
  parent.children.filter((c): c is XmlElement => 'name' in c && c.name === name);

/**
 * Reads a W3C PLS 1.0 lexicon in IPA: one entry per grapheme of each lexeme, pronounced by the
 * lexeme's first `<phoneme>` or `<alias>`. All or nothing: any problem throws BAD_INPUT naming the lines.
 */
export function importLexiconPls(xml: string, options: PlsImportOptions = {}): LexiconEntry[] {
  const bad = (message: string) =>
    new StudioError({
      code: 'BAD_INPUT',
      message: `Nothing was imported: ${message}.`,
      hint: 'The file must be a W3C PLS 1.0 lexicon with alphabet="ipa".',
    });
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    if (error instanceof XmlError) throw bad(error.message);
    throw error;
  }
  if (root.name !== 'lexicon' || root.attributes.xmlns !== PLS_NAMESPACE) throw bad('the root is not a PLS <lexicon>');
  if (root.attributes.version !== '1.0') throw bad(`PLS version ${root.attributes.version ?? '(none)'} is not 1.0`);
  const lexiconAlphabet = root.attributes.alphabet;
  const makeId = options.makeId ?? randomUUID;
  const problems: string[] = [];
  const entries: LexiconEntry[] = [];
  for (const lexeme of elements(root, 'lexeme')) {
    const pronunciation = lexeme.children.find(
      (c): c is XmlElement => 'name' in c && (c.name === 'phoneme' || c.name === 'alias'),
    );
    if (!pronunciation) {
      problems.push(`line ${lexeme.line}: a lexeme without <phoneme> or <alias>`);
      continue;
    }
    const alphabet = pronunciation.attributes.alphabet ?? lexiconAlphabet;
    if (pronunciation.name === 'phoneme' && alphabet !== 'ipa') {
      problems.push(`line ${pronunciation.line}: alphabet "${alphabet ?? '(none)'}" is not ipa`);
      continue;
    }
    const graphemes = elements(lexeme, 'grapheme');
    if (graphemes.length === 0) problems.push(`line ${lexeme.line}: a lexeme without <grapheme>`);
    for (const grapheme of graphemes) {
      const parsed = LexiconEntrySchema.safeParse({
        id: makeId(),
        match: textOf(grapheme).trim(),
        kind: pronunciation.name === 'phoneme' ? 'ipa' : 'text',
        replacement: textOf(pronunciation).trim(),
        caseSensitive: options.caseSensitive ?? false,
        wholeWord: options.wholeWord ?? true,
      });
      if (parsed.success) entries.push(parsed.data);
      else problems.push(`line ${grapheme.line}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    }
  }
  if (problems.length > 0) throw bad(problems.join(' / '));
  return entries;
}
