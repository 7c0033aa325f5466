import { describe, expect, it } from 'vitest';
import {
  importScript,
  parseMarkdownScript,
  parsePlainTextScript,
  scriptFormatOf,
  splitLongText,
  stripInlineMarkdown,
  type ScriptChapter,
} from '../../../electron/engine/project/import-script';
import { newProject } from '../../../electron/engine/project/project-store';
import { StudioError } from '../../../shared/errors';
import { PROJECT_LIMITS } from '../../../shared/project';
import { counterIds } from './sample';

const md = (...lines: string[]) => lines.join('\n');

describe('markdown import', () => {
  it.each<[string, string, ScriptChapter[]]>([
    [
      'headings # and ## start chapters, paragraphs are blocks',
      md('# Part One', '', 'First paragraph,', 'wrapped.', '', 'Second.', '## Chapter 2', 'Third.'),
      [
        { title: 'Part One', blocks: ['First paragraph, wrapped.', 'Second.'] },
        { title: 'Chapter 2', blocks: ['Third.'] },
      ],
    ],
    [
      'text before the first heading has no title',
      md('Preface.', '', '# One', 'Body.'),
      [
        { title: null, blocks: ['Preface.'] },
        { title: 'One', blocks: ['Body.'] },
      ],
    ],
    [
      'a heading with nothing under it is an empty chapter',
      md('# Book', '## One', 'Text.'),
      [
        { title: 'Book', blocks: [] },
        { title: 'One', blocks: ['Text.'] },
      ],
    ],
    [
      'closing hashes and emphasis in a heading go',
      md('## *The* Storm ##', 'Rain.'),
      [{ title: 'The Storm', blocks: ['Rain.'] }],
    ],
    [
      'deeper headings are blocks of their own',
      md('# One', '### A scene', 'Text.'),
      [{ title: 'One', blocks: ['A scene', 'Text.'] }],
    ],
    [
      'setext headings start chapters',
      md('Title', '=====', 'Text.', '', 'Sub', '---', 'More.'),
      [
        { title: 'Title', blocks: ['Text.'] },
        { title: 'Sub', blocks: ['More.'] },
      ],
    ],
    [
      'each list item is a block, continuation lines join it',
      md('Intro:', '- first', '  continued', '* second', '1. third', '2) fourth'),
      [{ title: null, blocks: ['Intro:', 'first continued', 'second', 'third', 'fourth'] }],
    ],
    [
      'a block quote is a block, its markers stripped',
      md('Before.', '> Quoted line', '> and more.', '>', '> Second quote.', 'After.'),
      [{ title: null, blocks: ['Before.', 'Quoted line and more.', 'Second quote.', 'After.'] }],
    ],
    [
      'rules, link definitions and comments are dropped',
      md('One.', '', '***', '', '[ref]: https://x.test', '<!-- note -->', 'Two.'),
      [{ title: null, blocks: ['One.', 'Two.'] }],
    ],
    [
      'fenced code keeps its text as a block',
      md('Say:', '```', 'hello *world*', '```', 'Done.'),
      [{ title: null, blocks: ['Say:', 'hello *world*', 'Done.'] }],
    ],
    [
      'Windows line ends and a byte-order mark',
      '\uFEFF# One\r\nA.\r\n\r\nB.\r\n',
      [{ title: 'One', blocks: ['A.', 'B.'] }],
    ],
    ['nothing to read', md('', '   ', '---'), []],
  ])('%s', (_, source, expected) => {
    expect(parseMarkdownScript(source)).toEqual(expected);
  });

  it.each([
    ['*emphasis* and **strong** and ***both***', 'emphasis and strong and both'],
    ['_under_ and __double__, snake_case_name stays', 'under and double, snake_case_name stays'],
    ['~~gone~~ marks', 'gone marks'],
    ['a [link](https://example.com "title") here', 'a link here'],
    ['an ![image alt](pic.png) here', 'an image alt here'],
    ['a [reference][ref] link', 'a reference link'],
    ['`code *stays* literal` text', 'code *stays* literal text'],
    ['``a `tick` inside``', 'a `tick` inside'],
    ['escaped \\*stars\\* and \\_underscores\\_', 'escaped *stars* and _underscores_'],
    ['see <https://example.com>', 'see https://example.com'],
    ['2*3*4 is arithmetic', '2*3*4 is arithmetic'],
    ['a pause <break time="1s"/> stays', 'a pause <break time="1s"/> stays'],
  ])('strips inline markdown: %s', (source, expected) => {
    expect(stripInlineMarkdown(source)).toBe(expected);
  });
});

describe('plain text import', () => {
  it.each<[string, string, ScriptChapter[]]>([
    [
      'paragraphs are blocks in one chapter',
      md('One line', 'wrapped.', '', '', 'Two.'),
      [{ title: null, blocks: ['One line wrapped.', 'Two.'] }],
    ],
    [
      '"Chapter 3" starts a chapter',
      md('Front matter.', '', 'Chapter 3', '', 'Text.', 'CHAPTER THREE', 'More.'),
      [
        { title: null, blocks: ['Front matter.'] },
        { title: 'Chapter 3', blocks: ['Text.'] },
        { title: 'CHAPTER THREE', blocks: ['More.'] },
      ],
    ],
    [
      'numbers in words, roman numerals, titles after a colon, parts',
      md('Chapter Twenty-One', 'A.', 'chapter xiv', 'B.', 'Chapter 2: The Storm', 'C.', 'PART IV', 'D.'),
      [
        { title: 'Chapter Twenty-One', blocks: ['A.'] },
        { title: 'chapter xiv', blocks: ['B.'] },
        { title: 'Chapter 2: The Storm', blocks: ['C.'] },
        { title: 'PART IV', blocks: ['D.'] },
      ],
    ],
    [
      'prologue and epilogue',
      md('Prologue', 'Begin.', '', 'Epilogue', 'End.'),
      [
        { title: 'Prologue', blocks: ['Begin.'] },
        { title: 'Epilogue', blocks: ['End.'] },
      ],
    ],
    [
      'sentences that mention a chapter are text',
      md('Chapter 3 was the best part of the book.', 'Chapter dim lights.', 'Part of me.'),
      [{ title: null, blocks: ['Chapter 3 was the best part of the book. Chapter dim lights. Part of me.'] }],
    ],
    [
      'markdown characters are kept as written',
      md('# not a heading', '*not emphasis*'),
      [{ title: null, blocks: ['# not a heading *not emphasis*'] }],
    ],
  ])('%s', (_, source, expected) => {
    expect(parsePlainTextScript(source)).toEqual(expected);
  });
});

describe('script import into a project', () => {
  it.each([
    ['notes.md', 'markdown'],
    ['BOOK.MARKDOWN', 'markdown'],
    ['chapter.txt', 'text'],
    ['script', 'text'],
  ])('%s is read as %s', (name, format) => {
    expect(scriptFormatOf(name)).toBe(format);
  });

  it('appends chapters whose blocks all have the default speaker and fresh ids', () => {
    const project = newProject('Book', { newId: counterIds('p') });
    const imported = importScript(project, md('Lead.', '# One', 'A.', '', 'B.'), {
      format: 'markdown',
      title: 'notes',
      newId: counterIds('i'),
    });
    expect(imported.chapters).toEqual([
      { id: 'i1', title: 'notes', blocks: [expect.objectContaining({ id: 'i2', text: 'Lead.' })] },
      {
        id: 'i3',
        title: 'One',
        blocks: [
          { id: 'i4', text: 'A.', speakerId: 'p1', locked: false, pauseAfterMs: null, takes: [], selectedTakeId: null },
          expect.objectContaining({ id: 'i5', text: 'B.', speakerId: 'p1' }),
        ],
      },
    ]);
    const again = importScript(imported, 'More text.', { format: 'text', newId: counterIds('j') });
    expect(again.chapters.map((c) => c.title)).toEqual(['notes', 'One', 'Chapter 3']);
  });

  it('splits a paragraph longer than a block may be at sentence ends', () => {
    const sentence = 'This sentence is exactly fifty characters long ok. ';
    const paragraph = sentence.repeat(Math.ceil((PROJECT_LIMITS.blockChars * 2.5) / sentence.length)).trim();
    const project = importScript(newProject('Book'), paragraph, { format: 'text' });
    const blocks = project.chapters[0]!.blocks.map((b) => b.text);
    expect(blocks.length).toBe(3);
    for (const text of blocks) {
      expect(text.length).toBeLessThanOrEqual(PROJECT_LIMITS.blockChars);
      expect(text.endsWith('ok.')).toBe(true);
    }
    expect(blocks.join(' ')).toBe(paragraph);
  });

  it.each([
    ['at spaces when there is no sentence end', 'aaaa bbbb cccc dddd', 9, ['aaaa bbbb', 'cccc dddd']],
    ['anywhere when there is no space', 'abcdefghij', 4, ['abcd', 'efgh', 'ij']],
    ['after closing quotes', 'He said "go." Then left.', 15, ['He said "go."', 'Then left.']],
  ])('splits long text %s', (_, text, max, expected) => {
    expect(splitLongText(text, max)).toEqual(expected);
  });

  it('refuses a script that would exceed the project limits, changing nothing', () => {
    const project = newProject('Book');
    const chapters = Array.from({ length: PROJECT_LIMITS.chapters + 1 }, (_, i) => `# C${i}\nText.`).join('\n');
    expect(() => importScript(project, chapters, { format: 'markdown' })).toThrow(StudioError);
    expect(project.chapters).toEqual([]);
  });
});
