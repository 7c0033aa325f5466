import { extname } from 'node:path';
import { StudioError } from '../../../shared/errors';
import type { InvokeRequest, InvokeResponses } from '../../../shared/ipc-contract';
import type { LexiconEntry } from '../../../shared/lexicon';
import type { Project } from '../../../shared/project';
import { affectedBy, applyLexicon, type CompiledLexicon } from '../lexicon/apply-lexicon';
import { exportLexiconCsv, importLexiconCsv } from '../lexicon/lexicon-csv';
import { exportLexiconPls, importLexiconPls } from '../lexicon/lexicon-pls';
import { exportFileName, type ExportTarget } from '../studio/export-take';
import { blocksOf } from './block-keys';

type Preview = InvokeResponses['lexicon:preview'];

/**
 * `lexicon:preview`: what the lexicon makes of a line, with the replaced spans to highlight, and
 * how many blocks of the project it changes. The count is kept until the lexicon or the chapters
 * change (a preview runs on every keystroke of a test line).
 */
export function createLexiconPreview(): (project: Project, compiled: CompiledLexicon, text: string) => Preview {
  let counted: { lexicon: Project['lexicon']; chapters: Project['chapters']; blocks: number } | null = null;
  return (project, compiled, text) => {
    if (counted?.lexicon !== project.lexicon || counted.chapters !== project.chapters) {
      let blocks = 0;
      for (const block of blocksOf(project)) if (affectedBy(block.text, compiled).length > 0) blocks++;
      counted = { lexicon: project.lexicon, chapters: project.chapters, blocks };
    }
    const { sent, replacements } = applyLexicon(text, compiled);
    return {
      sent,
      spans: replacements.map(({ start, end, entryId }) => ({ start, end, entryId })),
      affectedBlocks: counted.blocks,
    };
  };
}

/** What a rule does, whatever its id. */
const ruleOf = (e: LexiconEntry) => JSON.stringify([e.match, e.kind, e.replacement, e.caseSensitive, e.wholeWord]);

/**
 * `lexicon:import`: a CSV or W3C PLS file read into entries (nothing is applied: the UI merges
 * them and sends `set-lexicon`). Rules the lexicon (or the file) already has word for word are
 * left out and named in `skipped`.
 */
export function importLexiconFile(
  { fileName, text }: InvokeRequest<'lexicon:import'>,
  current: readonly LexiconEntry[],
): InvokeResponses['lexicon:import'] {
  const extension = extname(fileName).toLowerCase();
  let parsed: LexiconEntry[];
  if (extension === '.csv') parsed = importLexiconCsv(text);
  else if (extension === '.pls' || extension === '.xml') parsed = importLexiconPls(text);
  else {
    throw new StudioError({
      code: 'BAD_INPUT',
      message: `"${fileName}" is not a lexicon file the studio reads.`,
      hint: 'Import a .csv file (match,kind,replacement,case_sensitive,whole_word) or a W3C PLS (.pls) file.',
    });
  }
  const known = new Set(current.map(ruleOf));
  const entries: LexiconEntry[] = [];
  const skipped: string[] = [];
  for (const entry of parsed) {
    const rule = ruleOf(entry);
    if (known.has(rule)) skipped.push(`"${entry.match}": already in the lexicon`);
    else {
      known.add(rule);
      entries.push(entry);
    }
  }
  return { entries, skipped };
}

/** `lexicon:export`: the project's lexicon as CSV or PLS, handed to the shell's export target. */
export async function exportLexicon(
  project: Project,
  format: InvokeRequest<'lexicon:export'>['format'],
  target: ExportTarget,
): Promise<InvokeResponses['lexicon:export']> {
  const language = project.cast.find((s) => s.id === project.defaults.speakerId)?.voice.language ?? 'en';
  const text = format === 'csv' ? exportLexiconCsv(project.lexicon) : exportLexiconPls(project.lexicon, language).xml;
  const fileName = exportFileName(`${project.name} lexicon`, format, null);
  const where = await target.deliver(fileName, new TextEncoder().encode(text));
  if (!where) throw new StudioError({ code: 'CANCELLED', message: 'The export was cancelled.' });
  // The contract's export result describes audio; a lexicon has no length or loudness.
  return { ...where, fileName, durationSeconds: 0, integratedLufs: 0, truePeakDbtp: 0 };
}
