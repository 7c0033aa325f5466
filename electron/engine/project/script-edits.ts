import { basename, extname } from 'node:path';
import { StudioError } from '../../../shared/errors';
import type { UserEdit } from '../../../shared/project-edits';
import type { Project } from '../../../shared/project';
import { importScript, scriptFormatOf } from './import-script';

const HINT =
  'Import a plain-text (.txt) or Markdown (.md) file saved as UTF-8, with paragraphs separated by blank lines.';

/** Text that is not text: a binary file read as UTF-8 has NULs or many replacement characters. */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const replaced = text.match(/\uFFFD/g)?.length ?? 0;
  return replaced > 16 && replaced > text.length / 100;
}

/**
 * `project:import-script` as edits: the script's chapters (headings → chapters, paragraphs →
 * blocks of the default speaker, long paragraphs split) as `add-chapter`s to append, so the import
 * reaches the UI like any other change. Empty or binary input is BAD_INPUT saying what to import.
 */
export function scriptEdits(
  project: Project,
  fileName: string,
  text: string,
): { edits: UserEdit[]; chapters: number; blocks: number } {
  if (looksBinary(text)) {
    throw new StudioError({ code: 'BAD_INPUT', message: `"${fileName}" does not look like a text file.`, hint: HINT });
  }
  const imported = importScript(project, text, {
    format: scriptFormatOf(fileName),
    title: basename(fileName, extname(fileName)),
  });
  const added = imported.chapters.slice(project.chapters.length);
  const blocks = added.reduce((n, chapter) => n + chapter.blocks.length, 0);
  if (blocks === 0) {
    throw new StudioError({ code: 'BAD_INPUT', message: `"${fileName}" has no text to import.`, hint: HINT });
  }
  const edits: UserEdit[] = added.map((chapter) => ({
    op: 'add-chapter',
    chapter: {
      id: chapter.id,
      title: chapter.title,
      blocks: chapter.blocks.map(({ id, text: said, speakerId }) => ({ id, text: said, speakerId })),
    },
  }));
  return { edits, chapters: added.length, blocks };
}
