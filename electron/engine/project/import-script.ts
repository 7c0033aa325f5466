import { randomUUID } from 'node:crypto';
import { describeIssues, StudioError } from '../../../shared/errors';
import { PROJECT_LIMITS, ProjectSchema, type Chapter, type Project } from '../../../shared/project';

export type ScriptFormat = 'markdown' | 'text';

/** A chapter of an imported script; `title` is null for text before the first heading. */
export interface ScriptChapter {
  title: string | null;
  blocks: string[];
}

/** Markdown for .md and .markdown files, plain text for anything else. */
export function scriptFormatOf(fileName: string): ScriptFormat {
  return /\.(md|markdown|mdown|mkd)$/i.test(fileName) ? 'markdown' : 'text';
}

/**
 * Collects paragraphs into chapters. Each format's parser feeds it lines of text, paragraph
 * breaks and chapter starts; it joins a paragraph's lines with spaces and drops empty paragraphs.
 */
class ScriptBuilder {
  readonly chapters: ScriptChapter[] = [];
  private current: ScriptChapter | null = null;
  private lines: string[] = [];
  /** The paragraph is code: its text is read as written. */
  private literal = false;

  constructor(private readonly clean: (text: string) => string) {}

  line(text: string, literal = false): void {
    this.lines.push(text.trim());
    this.literal ||= literal;
  }

  /** A lone line's worth of text that is a block of its own (a list item, a minor heading). */
  startParagraph(text: string): void {
    this.endParagraph();
    this.line(text);
  }

  endParagraph(): void {
    const joined = this.lines.join(' ');
    const text = (this.literal ? joined : this.clean(joined)).replace(/\s+/g, ' ').trim();
    this.lines = [];
    this.literal = false;
    if (!text) return;
    if (!this.current) {
      this.current = { title: null, blocks: [] };
      this.chapters.push(this.current);
    }
    this.current.blocks.push(text);
  }

  /** The lines collected so far, taken away (a setext heading's text). */
  takeLines(): string[] {
    const taken = this.lines;
    this.lines = [];
    return taken;
  }

  get inParagraph(): boolean {
    return this.lines.length > 0;
  }

  chapter(title: string): void {
    this.endParagraph();
    this.current = { title: this.clean(title).replace(/\s+/g, ' ').trim(), blocks: [] };
    this.chapters.push(this.current);
  }

  finish(): ScriptChapter[] {
    this.endParagraph();
    return this.chapters;
  }
}

function splitLines(source: string): string[] {
  return source
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
}

/** Private-use marks around the index of a protected piece of text (code span, escaped character). */
const HOLD = /\uE000(\d+)\uE001/g;

/**
 * Strips inline Markdown so only what is meant to be read remains: emphasis, strikethrough, links
 * and images (their text), inline code (its text), escapes. Angle-bracket tags are kept, since the
 * studio's own markup (`<break time="1s"/>`) is written that way.
 */
export function stripInlineMarkdown(text: string): string {
  const held: string[] = [];
  const hold = (value: string) => `\uE000${held.push(value) - 1}\uE001`;
  let out = text
    .replace(/(`+)(.+?)\1/g, (_, __, code: string) => hold(code.trim()))
    .replace(/\\([\\`*_{}[\]()#+\-.!>~|])/g, (_, char: string) => hold(char))
    .replace(/<((?:https?|mailto):[^>\s]+)>/g, (_, url: string) => hold(url))
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/!?\[([^\]]+)\]\[[^\]]*\]/g, '$1');
  for (const emphasis of [
    /\*\*(?=\S)(.+?)(?<=\S)\*\*/g,
    /(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)/g,
    /(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\*)/g,
    /(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)/g,
    /~~(?=\S)(.+?)(?<=\S)~~/g,
  ]) {
    out = out.replace(emphasis, '$1');
  }
  return out.replace(/\\$/, '').replace(HOLD, (_, index: string) => held[Number(index)] ?? '');
}

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)$/;
const QUOTE = /^ {0,3}>[ \t]?/;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:[ \t]*\S+/;
const HTML_COMMENT = /^[ \t]*<!--.*-->[ \t]*$/;

/**
 * Markdown → chapters: `#` and `##` headings start chapters, deeper headings, paragraphs, list
 * items and block quotes become blocks. Code fences keep their text; rules and link definitions go.
 */
export function parseMarkdownScript(source: string): ScriptChapter[] {
  const script = new ScriptBuilder(stripInlineMarkdown);
  let fence: string | null = null;
  let wasQuoted = false;
  for (const raw of splitLines(source)) {
    if (fence !== null) {
      if (raw.trim().startsWith(fence)) {
        script.endParagraph();
        fence = null;
      } else if (raw.trim()) script.line(raw, true);
      continue;
    }
    const quoted = QUOTE.test(raw);
    if (quoted !== wasQuoted) script.endParagraph();
    wasQuoted = quoted;
    let line = raw;
    while (QUOTE.test(line)) line = line.replace(QUOTE, '');

    const fenceMatch = FENCE.exec(line);
    const heading = ATX_HEADING.exec(line);
    const setext = SETEXT_UNDERLINE.exec(line);
    const item = LIST_ITEM.exec(line);
    if (!line.trim()) script.endParagraph();
    else if (fenceMatch) {
      script.endParagraph();
      fence = fenceMatch[1]!;
    } else if (heading) {
      if (heading[1]!.length <= 2) script.chapter(heading[2] ?? '');
      else {
        script.startParagraph(heading[2] ?? '');
        script.endParagraph();
      }
    } else if (setext && script.inParagraph && !item) {
      script.chapter(script.takeLines().join(' '));
    } else if (THEMATIC_BREAK.test(line)) script.endParagraph();
    else if (item) script.startParagraph(item[1]!);
    else if (!REFERENCE_DEFINITION.test(line) && !HTML_COMMENT.test(line)) script.line(line);
  }
  return script.finish();
}

const NUMBER_WORD =
  '(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?' +
  '|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)';
const ROMAN = '(?=[ivxlcdm])m{0,4}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})';
/** "Chapter 3", "CHAPTER THREE", "Part IV: The Return", "Prologue": a line that starts a chapter. */
const CHAPTER_LINE = new RegExp(
  `^\\s*(?:(?:chapter|part)\\s+(?:\\d{1,4}|${ROMAN}|${NUMBER_WORD})|prologue|epilogue)(?:\\s*[.:\\-–—]\\s*\\S.{0,80})?\\s*[.:]?\\s*$`,
  'i',
);

/** Plain text → chapters: blank lines separate blocks; a line like "Chapter 3" starts a chapter. */
export function parsePlainTextScript(source: string): ScriptChapter[] {
  const script = new ScriptBuilder((text) => text);
  for (const line of splitLines(source)) {
    if (!line.trim()) script.endParagraph();
    else if (CHAPTER_LINE.test(line)) script.chapter(line);
    else script.line(line);
  }
  return script.finish();
}

/**
 * Cuts a paragraph longer than a block may be at sentence ends (or, failing that, spaces) so that
 * every piece fits; a paragraph that fits is returned whole.
 */
export function splitLongText(text: string, maxChars: number = PROJECT_LIMITS.blockChars): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > maxChars) {
    const window = rest.slice(0, maxChars + 1);
    const sentenceEnd = Math.max(...[...window.matchAll(/[.!?…]["')\]]*\s/g)].map((m) => m.index + m[0].length - 1));
    const space = window.lastIndexOf(' ');
    const cut = sentenceEnd > 0 ? sentenceEnd : space > 0 ? space : maxChars;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

export interface ImportScriptOptions {
  format: ScriptFormat;
  /** Title of the chapter holding text before the first heading (the file's name, say). */
  title?: string;
  newId?: () => string;
}

/**
 * Appends an imported script's chapters to a project, every block spoken by the project's default
 * speaker. Throws BAD_INPUT (changing nothing) when the result would exceed a project's limits.
 */
export function importScript(project: Project, source: string, options: ImportScriptOptions): Project {
  const newId = options.newId ?? randomUUID;
  const parsed = options.format === 'markdown' ? parseMarkdownScript(source) : parsePlainTextScript(source);
  const chapters: Chapter[] = parsed.map((chapter, i) => ({
    id: newId(),
    title: (chapter.title ?? options.title ?? `Chapter ${project.chapters.length + i + 1}`).slice(
      0,
      PROJECT_LIMITS.nameChars,
    ),
    blocks: chapter.blocks
      .flatMap((text) => splitLongText(text))
      .map((text) => ({
        id: newId(),
        text,
        speakerId: project.defaults.speakerId,
        locked: false,
        pauseAfterMs: null,
        takes: [],
        selectedTakeId: null,
      })),
  }));
  const result = ProjectSchema.safeParse({ ...project, chapters: [...project.chapters, ...chapters] });
  if (result.success) return result.data;
  throw new StudioError({
    code: 'BAD_INPUT',
    message: `The script cannot be imported: ${describeIssues(result.error)}.`,
    hint: 'Import it in smaller parts, or into a new project.',
  });
}
