import type { LexiconEntry } from '../../../shared/lexicon';
import { MARKUP_ELEMENT, digitsTag, phonemesTag } from '../../../shared/markup';

/** One substitution: where the entry matched in the source and where its output lies in `sent`. */
export interface LexiconReplacement {
  entryId: string;
  /** Span of the output in `sent`. */
  start: number;
  end: number;
  /** Span of the matched text in the source. */
  sourceStart: number;
  sourceEnd: number;
}

export interface LexiconResult {
  /** The text as it is sent to the engine. */
  sent: string;
  replacements: LexiconReplacement[];
}

interface CompiledEntry {
  entry: LexiconEntry;
  /** Sticky pattern that confirms a match at one position (case and whitespace rules). */
  pattern: RegExp;
  order: number;
  /** The match starts / ends with a word character, so whole-word needs a boundary there. */
  wordStart: boolean;
  wordEnd: boolean;
}

/** A trie over the entries' folded matches: the scan only confirms entries whose text is really there. */
interface TrieNode {
  next: Map<string, TrieNode>;
  /** Entries whose whole match ends at this node, in lexicon order. */
  ends: CompiledEntry[];
}

/** A lexicon prepared for repeated use: every block of a project runs through the same one. */
export interface CompiledLexicon {
  root: TrieNode;
  entries: CompiledEntry[];
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;
const SPACE = /\s/;

/** Case-folds one code point; any whitespace folds to one space, as a phrase matches across any run. */
const fold = (ch: string) => (SPACE.test(ch) ? ' ' : ch.toLowerCase());

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The markup tags wrap the replacement, so angle brackets inside it could only break or nest them. */
const stripAngles = (text: string) => text.replace(/[<>]/g, '');

function compileEntry(entry: LexiconEntry, order: number): CompiledEntry | null {
  const match = entry.match.trim();
  if (!match) return null;
  // A phrase matches across any run of whitespace (line breaks, double spaces) in the text.
  const source = match.split(/\s+/).map(escapeRegExp).join('\\s+');
  return {
    entry,
    pattern: new RegExp(source, entry.caseSensitive ? 'uy' : 'iuy'),
    order,
    wordStart: WORD_CHAR.test(match[0]!),
    wordEnd: WORD_CHAR.test(match[match.length - 1]!),
  };
}

/** Prepares entries for repeated use. */
export function compileLexicon(entries: readonly LexiconEntry[]): CompiledLexicon {
  const root: TrieNode = { next: new Map(), ends: [] };
  const compiled: CompiledEntry[] = [];
  entries.forEach((entry, order) => {
    const c = compileEntry(entry, order);
    if (!c) return;
    compiled.push(c);
    let node = root;
    for (const ch of entry.match.trim().replace(/\s+/g, ' ')) {
      for (const unit of fold(ch)) {
        let child = node.next.get(unit);
        if (!child) node.next.set(unit, (child = { next: new Map(), ends: [] }));
        node = child;
      }
    }
    node.ends.push(c);
  });
  return { root, entries: compiled };
}

/**
 * The entries whose folded match starts at `at`, longest first and in lexicon order among equals,
 * so the result never depends on chance.
 */
function candidatesAt(root: TrieNode, text: string, at: number, end: number): CompiledEntry[] {
  const found: CompiledEntry[][] = [];
  let node: TrieNode | undefined = root;
  let i = at;
  while (node && i < end) {
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    i += ch.length;
    if (SPACE.test(ch)) while (i < end && SPACE.test(text[i]!)) i++;
    for (const unit of fold(ch)) node = node?.next.get(unit);
    if (node?.ends.length) found.push(node.ends);
  }
  return found.reverse().flat();
}

function output(entry: LexiconEntry, matched: string): string {
  if (entry.kind === 'text') return entry.replacement;
  if (entry.kind === 'ipa') return phonemesTag(stripAngles(entry.replacement));
  return digitsTag(stripAngles(entry.replacement || matched));
}

function matchAt(text: string, at: number, end: number, candidate: CompiledEntry): number | null {
  const { pattern, entry, wordStart, wordEnd } = candidate;
  pattern.lastIndex = at;
  const m = pattern.exec(text);
  if (!m) return null;
  const stop = at + m[0].length;
  if (stop > end) return null;
  if (entry.wholeWord) {
    if (wordStart && at > 0 && WORD_CHAR.test(text[at - 1]!)) return null;
    if (wordEnd && stop < text.length && WORD_CHAR.test(text[stop]!)) return null;
  }
  return stop;
}

/** Free-text spans of a transcript: everything outside existing markup elements. */
function freeSpans(text: string): Array<{ start: number; end: number; markup: boolean }> {
  const spans: Array<{ start: number; end: number; markup: boolean }> = [];
  let last = 0;
  for (const m of text.matchAll(MARKUP_ELEMENT)) {
    if (m.index > last) spans.push({ start: last, end: m.index, markup: false });
    spans.push({ start: m.index, end: m.index + m[0].length, markup: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) spans.push({ start: last, end: text.length, markup: false });
  return spans;
}

/**
 * Applies a lexicon to a block's text: what is actually sent to the engine, and where each entry
 * applied. One left-to-right pass, longest match first, never inside an existing markup element and
 * never over its own output, so the result has no nested markup and is the same on every run.
 */
export function applyLexicon(text: string, lexicon: readonly LexiconEntry[] | CompiledLexicon): LexiconResult {
  const compiled = 'root' in lexicon ? lexicon : compileLexicon(lexicon);
  const parts: string[] = [];
  const replacements: LexiconReplacement[] = [];
  let length = 0;
  const emit = (piece: string) => {
    parts.push(piece);
    length += piece.length;
  };
  for (const span of freeSpans(text)) {
    if (span.markup || compiled.entries.length === 0) {
      emit(text.slice(span.start, span.end));
      continue;
    }
    let copied = span.start;
    let at = span.start;
    while (at < span.end) {
      let hit: { candidate: CompiledEntry; stop: number } | null = null;
      for (const candidate of candidatesAt(compiled.root, text, at, span.end)) {
        const stop = matchAt(text, at, span.end, candidate);
        if (stop !== null) {
          hit = { candidate, stop };
          break;
        }
      }
      if (!hit) {
        at += text.codePointAt(at)! > 0xffff ? 2 : 1;
        continue;
      }
      emit(text.slice(copied, at));
      const piece = output(hit.candidate.entry, text.slice(at, hit.stop));
      replacements.push({
        entryId: hit.candidate.entry.id,
        start: length,
        end: length + piece.length,
        sourceStart: at,
        sourceEnd: hit.stop,
      });
      emit(piece);
      at = copied = hit.stop;
    }
    emit(text.slice(copied, span.end));
  }
  return { sent: parts.join(''), replacements };
}

/** The ids of the entries that change this text, in lexicon order: what a lexicon edit must re-render. */
export function affectedBy(text: string, lexicon: readonly LexiconEntry[] | CompiledLexicon): string[] {
  const compiled = 'root' in lexicon ? lexicon : compileLexicon(lexicon);
  const used = new Set(applyLexicon(text, compiled).replacements.map((r) => r.entryId));
  return compiled.entries.filter((c) => used.has(c.entry.id)).map((c) => c.entry.id);
}
