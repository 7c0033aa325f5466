import { MARKUP_ELEMENT } from '../../../shared/markup';
import type { Aggregation, TextPiece } from '../../../shared/synthesis';

/**
 * Turns text into the pieces a provider sends, as Pipecat's aggregators do: whole sentences
 * (`sentence`, the default; best prosody) or words as they come (`token`; lowest latency), with
 * `sentenceEnd` marking where a sentence closes in both modes. The same rules serve a whole script
 * and an LLM-like stream of fragments: a boundary is only decided once the text after it is known,
 * so `push` holds back what is still undecided and `flush` settles it at the end.
 *
 * The rules, in the order they are applied at each sentence punctuation mark:
 * - markup elements (`<break/>`, `<digits>…</digits>`, `<phonemes>…</phonemes>`) are unbreakable;
 * - a newline always ends a sentence (scripts put titles, list items and dialogue on their own lines);
 * - nothing ends inside quotes or brackets: closing quotes/brackets after the mark belong to the
 *   sentence (`He said "Stop." Then` splits after the quote);
 * - ASCII marks (`.`, `!`, `?`, `…`, runs like `?!` and `...`) need whitespace after them, which
 *   keeps decimals, versions, URLs and `e.g.` whole; CJK marks (。！？) need none;
 * - the next word must not start in lower case (`"Stop!" he said`, `wait... and then`);
 * - a single `.` after a title (Mr., Dr.), an initial (J. R. R.), a dotted acronym (U.S., e.g.,
 *   a.m.), a number prefix before a number (No. 5) or a list number (`1. First`) does not end one.
 */

const MARKUP_AT = new RegExp(MARKUP_ELEMENT.source, 'iy');
const MARKUP_OPENINGS = ['<break', '<digits>', '<phonemes>'];

const ASCII_TERMINATORS = new Set(['.', '!', '?', '…', '‼', '⁇', '⁈', '⁉', '؟', '۔', '।', '॥', '։']);
const CJK_TERMINATORS = new Set(['。', '！', '？', '｡']);
/** Opening quote or bracket → the character that closes it. Straight `"` closes itself. */
const CLOSER_OF: Record<string, string> = {
  '(': ')',
  '[': ']',
  '{': '}',
  '“': '”',
  '„': '“',
  '«': '»',
  '»': '«',
  '"': '"',
  '「': '」',
  '『': '』',
  '（': '）',
  '【': '】',
  '《': '》',
  '〈': '〉',
};
/** What may follow a sentence mark and still belong to the sentence. Single quotes are apostrophes too. */
const TRAILING_CLOSERS = new Set([
  ')',
  ']',
  '}',
  '”',
  '“',
  '»',
  '«',
  '"',
  "'",
  '’',
  '」',
  '』',
  '）',
  '】',
  '》',
  '〉',
]);

/** Abbreviations after which a `.` never ends a sentence: a name or a continuation always follows. */
const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'mx',
  'dr',
  'prof',
  'sr',
  'st',
  'mt',
  'rev',
  'hon',
  'gen',
  'gov',
  'capt',
  'lt',
  'col',
  'sgt',
  'maj',
  'pres',
  'messrs',
  'mme',
  'mlle',
  'sra',
  'srta',
  'vs',
  'cf',
  'viz',
  'approx',
]);
/** Abbreviations that do not end a sentence when a number follows (`No. 5`, `Fig. 3`, `Vol. 2`). */
const NUMBER_PREFIXES = new Set(['no', 'nos', 'nr', 'vol', 'fig', 'figs', 'pp', 'ch', 'sec', 'art', 'op', 'ex']);
/** A quotation longer than this is taken to be a stray quote mark, so it cannot stall splitting. */
const MAX_QUOTED_CHARS = 500;

const SPACE = /\s/;
const LOWER = /\p{Ll}/u;
const WORD_CHAR = /[\p{L}\p{M}\p{N}.]/u;
/** Scripts written without spaces: a token may end after any of their characters. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

type Scan =
  /** The first sentence is `text[0, end)`; the next one starts at `resume`. */
  | { kind: 'boundary'; end: number; resume: number }
  /** No sentence end yet; in token mode `text[0, safe)` can be sent (it ends between words). */
  | { kind: 'open'; safe: number };

function couldBeMarkup(text: string, at: number): boolean {
  const rest = text.slice(at, at + 12).toLowerCase();
  return MARKUP_OPENINGS.some((opening) =>
    rest.length < opening.length
      ? opening.startsWith(rest)
      : // An opening whose element has not been completed yet; a `<break …>` without `/>` never will be.
        rest.startsWith(opening) && (opening !== '<break' || !text.includes('>', at)),
  );
}

function markupLengthAt(text: string, at: number): number {
  MARKUP_AT.lastIndex = at;
  return MARKUP_AT.exec(text)?.[0].length ?? 0;
}

function wordBefore(text: string, at: number): { word: string; start: number } {
  let start = at;
  while (start > 0 && WORD_CHAR.test(text[start - 1]!)) start--;
  return { word: text.slice(start, at), start };
}

/** Whether a single `.` after `word` leaves the sentence open, given the character after the space. */
function periodContinues(word: string, next: string, isFirstWord: boolean): boolean {
  const lower = word.toLowerCase();
  if (TITLES.has(lower)) return true;
  if (/^(\p{L}\.)*\p{L}$/u.test(word)) return true; // initial (J.) or dotted acronym (U.S., e.g., a.m.)
  if (NUMBER_PREFIXES.has(lower) && /\d/.test(next)) return true;
  return isFirstWord && /^\d+$/.test(word); // "1. First item"
}

/**
 * Finds where the first sentence of `text` ends. When `final` is false, a mark whose meaning
 * depends on text not yet received leaves the sentence open (the caller waits for more).
 */
function scanSentence(text: string, final: boolean): Scan {
  const closers: string[] = []; // the closing characters the open quotes/brackets wait for
  let quotedFrom = 0;
  let contentFrom = -1; // first non-space character
  let safe = 0;
  let i = 0;
  const quoted = (at: number) => closers.length > 0 && at - quotedFrom <= MAX_QUOTED_CHARS;
  const track = (c: string, at: number) => {
    if (closers.length > 0 && closers[closers.length - 1] === c) closers.pop();
    else if (CLOSER_OF[c] !== undefined) {
      if (closers.length === 0) quotedFrom = at;
      closers.push(CLOSER_OF[c]);
    }
  };
  const skipSpaces = (from: number) => {
    let at = from;
    while (at < text.length && SPACE.test(text[at]!)) at++;
    return at;
  };
  const pending = (): Scan => ({ kind: 'open', safe });

  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n' || c === '\r') {
      if (contentFrom >= 0) return { kind: 'boundary', end: i, resume: skipSpaces(i) };
      safe = ++i;
      continue;
    }
    if (SPACE.test(c)) {
      safe = ++i;
      continue;
    }
    if (contentFrom < 0) contentFrom = i;
    if (c === '<') {
      const length = markupLengthAt(text, i);
      if (length > 0) {
        i += length;
        continue;
      }
      if (!final && couldBeMarkup(text, i)) return pending();
    }
    const cjk = CJK_TERMINATORS.has(c);
    if (!cjk && !ASCII_TERMINATORS.has(c)) {
      track(c, i);
      i++;
      if (UNSPACED.test(c)) safe = i;
      continue;
    }

    // A run of marks (`?!`, `...`), then what closes with it: quotes, brackets, a markup element.
    let j = i;
    while (j < text.length && (ASCII_TERMINATORS.has(text[j]!) || CJK_TERMINATORS.has(text[j]!))) j++;
    const run = text.slice(i, j);
    const quotedMark = quoted(i);
    let k = j;
    for (;;) {
      const spaced = skipSpaces(k); // French sets a space before its closing guillemet: « Non. »
      if (k < text.length && TRAILING_CLOSERS.has(text[k]!)) {
        if (closers[closers.length - 1] === text[k]) closers.pop();
        k++;
      } else if (spaced < text.length && closers.length > 0 && closers[closers.length - 1] === text[spaced]) {
        closers.pop();
        k = spaced + 1;
      } else if (k < text.length && text[k] === '<' && markupLengthAt(text, k) > 0) {
        k += markupLengthAt(text, k);
      } else if (!final && k < text.length && text[k] === '<' && couldBeMarkup(text, k)) {
        return pending();
      } else break;
    }
    const stillQuoted = quoted(i);
    if (!stillQuoted) closers.length = 0;
    if (k === text.length) {
      if (!final) return pending();
      if (!stillQuoted) return { kind: 'boundary', end: k, resume: k };
      break;
    }
    if (stillQuoted) {
      i = k;
      continue;
    }
    if (cjk || CJK_TERMINATORS.has(run[run.length - 1]!)) {
      // Without spaces or case to go by, a quoted sentence is taken to continue the one quoting it:
      // 彼は「止まれ。」と言った。 is one sentence.
      if (quotedMark) {
        i = k;
        continue;
      }
      return { kind: 'boundary', end: k, resume: skipSpaces(k) };
    }
    if (!SPACE.test(text[k]!)) {
      i = k; // 3.14, v1.2, example.com, e.g.x, Yahoo!Mail
      continue;
    }
    const m = skipSpaces(k);
    if (/[\n\r]/.test(text.slice(k, m))) return { kind: 'boundary', end: k, resume: m };
    if (m === text.length) {
      if (!final) return pending();
      return { kind: 'boundary', end: k, resume: m };
    }
    const next = text[m]!;
    const singlePeriod = run === '.';
    const { word, start } = wordBefore(text, i);
    if (LOWER.test(next) || (singlePeriod && word && periodContinues(word, next, start === contentFrom))) {
      i = safe = m;
      continue;
    }
    return { kind: 'boundary', end: k, resume: m };
  }
  return { kind: 'open', safe: final ? text.length : safe };
}

/**
 * Incremental text aggregation. `push` takes the next fragment and returns the pieces that became
 * complete; `flush` returns the rest. In sentence mode every piece is a whole, trimmed sentence
 * with `sentenceEnd: true`. In token mode a piece is the whole words of a fragment; its `text` may
 * be empty when the sentence end was only known after its last word had gone out.
 */
export class TextAggregator {
  private buffer = '';
  /** Token mode: how much of `buffer` has gone out already. */
  private emitted = 0;
  /** Token mode: whether the current sentence has produced a piece. */
  private sentenceOpen = false;

  constructor(readonly mode: Aggregation = 'sentence') {}

  push(fragment: string): TextPiece[] {
    this.buffer += fragment;
    return this.drain(false);
  }

  flush(): TextPiece[] {
    const pieces = this.drain(true);
    this.buffer = '';
    this.emitted = 0;
    this.sentenceOpen = false;
    return pieces;
  }

  private drain(final: boolean): TextPiece[] {
    const pieces: TextPiece[] = [];
    for (;;) {
      const scan = scanSentence(this.buffer, final);
      if (scan.kind === 'boundary') {
        this.endSentence(pieces, scan.end);
        this.buffer = this.buffer.slice(scan.resume);
        this.emitted = 0;
        continue;
      }
      if (final) this.endSentence(pieces, this.buffer.length);
      else if (this.mode === 'token') this.emitWords(pieces, scan.safe);
      return pieces;
    }
  }

  private endSentence(pieces: TextPiece[], end: number): void {
    if (this.mode === 'sentence') {
      const text = this.buffer.slice(0, end).trim();
      if (text) pieces.push({ text, sentenceEnd: true });
      return;
    }
    const text = this.buffer.slice(this.emitted, Math.max(end, this.emitted)).trim();
    if (text || this.sentenceOpen) pieces.push({ text, sentenceEnd: true });
    this.sentenceOpen = false;
  }

  private emitWords(pieces: TextPiece[], safe: number): void {
    if (safe <= this.emitted) return;
    const text = this.buffer.slice(this.emitted, safe);
    this.emitted = safe;
    if (!text.trim()) return;
    pieces.push({ text: this.sentenceOpen ? text : text.trimStart(), sentenceEnd: false });
    this.sentenceOpen = true;
  }
}

/** Aggregates a whole script; in token mode it is fed word by word, as a stream would be. */
export function aggregateText(text: string, mode: Aggregation = 'sentence'): TextPiece[] {
  const aggregator = new TextAggregator(mode);
  const fragments = mode === 'token' ? (text.match(/^\s+|\S+\s*/g) ?? []) : [text];
  const pieces = fragments.flatMap((fragment) => aggregator.push(fragment));
  return [...pieces, ...aggregator.flush()];
}

/** Aggregates a stream of text fragments (an LLM's tokens), yielding pieces as soon as they are complete. */
export async function* aggregateStream(
  fragments: AsyncIterable<string> | Iterable<string>,
  mode: Aggregation = 'sentence',
): AsyncGenerator<TextPiece> {
  const aggregator = new TextAggregator(mode);
  for await (const fragment of fragments) yield* aggregator.push(fragment);
  yield* aggregator.flush();
}
