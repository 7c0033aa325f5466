import { useProjectStore } from '../../stores/useProjectStore';
import { useStatusStore } from '../../stores/useStatusStore';
import { useViewStore } from '../../stores/useViewStore';

/** What the import reads: Markdown (headings become chapters) and plain text. */
export const SCRIPT_ACCEPT = '.md,.markdown,.txt,text/markdown,text/plain';
const SCRIPT_NAME = /\.(md|markdown|mdown|mkd|txt|text)$/i;
/** The contract's limit on an imported script. */
const SCRIPT_MAX_CHARS = 5_000_000;

/**
 * Reads a script file in the page and sends its text; the engine appends its chapters. The first
 * new chapter is shown. Refusals say why in the status bar; the project is left as it was.
 */
export async function importScriptFile(file: File): Promise<void> {
  const status = useStatusStore.getState().api;
  if (!SCRIPT_NAME.test(file.name)) {
    status.report({
      code: 'BAD_INPUT',
      message: `“${file.name}” is not a script the studio can import.`,
      hint: 'Import a Markdown (.md) or plain-text (.txt) file.',
    });
    return;
  }
  const text = await file.text();
  if (text.length > SCRIPT_MAX_CHARS) {
    status.report({
      code: 'BAD_INPUT',
      message: `“${file.name}” is too long to import at once (${text.length.toLocaleString()} characters).`,
      hint: 'Split it into parts of at most 5,000,000 characters.',
    });
    return;
  }
  const before = useProjectStore.getState().snapshot?.project.chapters.length ?? 0;
  const imported = await useProjectStore.getState().api.importScript(file.name, text);
  if (!imported) return;
  status.notify(
    `Imported ${imported.chapters} ${imported.chapters === 1 ? 'chapter' : 'chapters'} and ${imported.blocks} blocks from ${file.name}.`,
  );
  const first = useProjectStore.getState().snapshot?.project.chapters[before];
  if (first) useViewStore.getState().api.showChapter(first.id);
}
