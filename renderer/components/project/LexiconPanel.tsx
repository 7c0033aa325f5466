import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { StudioErrorInfo } from '../../../shared/errors';
import type { ExportResult, InvokeResponses } from '../../../shared/ipc-contract';
import { LexiconEntrySchema, type LexiconEntry, type LexiconKind } from '../../../shared/lexicon';
import type { Project } from '../../../shared/project';
import { studio } from '../../studio';
import { newId, useProjectStore } from '../../stores/useProjectStore';
import { useStatusStore } from '../../stores/useStatusStore';
import { currentBlock } from './project-commands';
import { Problem } from '../Problem';
import { Select } from '../SelectField';

const KINDS: { value: LexiconKind; label: string; hint: string }[] = [
  { value: 'text', label: 'Text', hint: 'what to say' },
  { value: 'ipa', label: 'IPA', hint: 'phonemes, e.g. ˈdeɪtə' },
  { value: 'digits', label: 'Digits', hint: 'read digit by digit' },
];

/** How long the preview waits for typing to rest before asking the engine. */
const PREVIEW_AFTER_MS = 250;

/** Imported entries replace entries with the same match (ignoring case); the rest are added. */
export function mergeLexicon(
  current: readonly LexiconEntry[],
  imported: readonly LexiconEntry[],
): { entries: LexiconEntry[]; added: number; replaced: number } {
  const key = (e: LexiconEntry) => e.match.trim().toLowerCase();
  const byKey = new Map(imported.map((e) => [key(e), e]));
  let replaced = 0;
  const entries = current.map((e) => {
    const incoming = byKey.get(key(e));
    if (!incoming) return e;
    byKey.delete(key(e));
    replaced++;
    return { ...incoming, id: e.id };
  });
  const added = [...byKey.values()];
  return { entries: [...entries, ...added], added: added.length, replaced };
}

/** Why a row cannot be applied yet, in the user's words; null when it can. */
function rowProblem(entry: LexiconEntry): string | null {
  const parsed = LexiconEntrySchema.safeParse(entry);
  if (parsed.success) return null;
  const field = parsed.error.issues[0]?.path[0];
  if (field === 'match') return 'Type the word or phrase to match.';
  if (field === 'replacement')
    return entry.kind === 'ipa' ? 'Type the IPA to say instead.' : 'Type what to say instead.';
  return parsed.error.issues[0]?.message ?? 'This entry is not valid.';
}

/** What the engine sends for a line, the lexicon's replacements marked. */
function Preview({ project }: { project: Project }) {
  const [line, setLine] = useState(() => currentBlock()?.text ?? '');
  const [preview, setPreview] = useState<InvokeResponses['lexicon:preview'] | null>(null);
  useEffect(() => {
    if (!line.trim()) return setPreview(null);
    let current = true;
    const timer = setTimeout(() => {
      void studio()
        .lexicon.preview({ text: line })
        .then((result) => {
          if (current && result.ok) setPreview(result.value);
        });
    }, PREVIEW_AFTER_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [line, project.lexicon]);

  const pieces: { text: string; replaced: boolean }[] = [];
  if (preview) {
    let at = 0;
    for (const span of [...preview.spans].sort((a, b) => a.start - b.start)) {
      if (span.start > at) pieces.push({ text: preview.sent.slice(at, span.start), replaced: false });
      pieces.push({ text: preview.sent.slice(span.start, span.end), replaced: true });
      at = span.end;
    }
    if (at < preview.sent.length) pieces.push({ text: preview.sent.slice(at), replaced: false });
  }
  return (
    <div className="inset lexicon-preview">
      <label className="field">
        <span className="field__label">Try a line</span>
        <input type="text" aria-label="Preview line" value={line} onChange={(event) => setLine(event.target.value)} />
      </label>
      {preview && (
        <>
          <p className="lexicon-preview__sent" aria-label="Sent to the engine">
            {pieces.map((piece, i) =>
              piece.replaced ? <mark key={i}>{piece.text}</mark> : <span key={i}>{piece.text}</span>,
            )}
          </p>
          <p className="note">
            The lexicon changes {preview.affectedBlocks === 1 ? '1 block' : `${preview.affectedBlocks} blocks`} of this
            project; a change to it makes exactly those blocks stale.
          </p>
        </>
      )}
    </div>
  );
}

/** Where an exported lexicon went: a folder to show (desktop) or a link to download (browser). */
function Exported({ result }: { result: ExportResult }) {
  return (
    <p className="note" role="status">
      Exported <strong>{result.fileName}</strong>.{' '}
      {result.downloadUrl && (
        <a href={result.downloadUrl} download={result.fileName}>
          Download
        </a>
      )}
      {result.path && (
        <button
          type="button"
          className="link-button"
          onClick={() => void studio().export.reveal({ path: result.path! })}
        >
          Show in folder
        </button>
      )}
    </p>
  );
}

/**
 * The project's pronunciation lexicon: a table of rules (sent as one `set-lexicon` once every row
 * is complete), import and export as CSV or PLS, and a live preview of what is sent.
 */
export function LexiconPanel({ project }: { project: Project }) {
  const edit = useProjectStore((s) => s.api.edit);
  const [rows, setRows] = useState<LexiconEntry[]>(project.lexicon);
  const [dirty, setDirty] = useState(false);
  const [problem, setProblem] = useState<StudioErrorInfo | null>(null);
  const [imported, setImported] = useState<(InvokeResponses['lexicon:import'] & { fileName: string }) | null>(null);
  const [exported, setExported] = useState<ExportResult | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  // The engine's lexicon replaces the table unless the user has changes of their own not yet applied.
  useEffect(() => {
    if (!dirty) setRows(project.lexicon);
  }, [project.lexicon]);

  const problems = rows.map(rowProblem);
  const apply = async (next: LexiconEntry[]) => {
    if (next.some((row) => rowProblem(row) !== null)) return;
    const error = await edit([{ op: 'set-lexicon', entries: next }]);
    setProblem(error);
    if (!error) setDirty(false);
  };
  const change = (id: string, patch: Partial<LexiconEntry>, now: boolean) => {
    const next = rows.map((row) => (row.id === id ? { ...row, ...patch } : row));
    setRows(next);
    setDirty(true);
    if (now) void apply(next);
  };
  const remove = (id: string) => {
    const next = rows.filter((row) => row.id !== id);
    setRows(next);
    setDirty(true);
    void apply(next);
  };
  const add = () => {
    setRows([
      ...rows,
      { id: newId(), match: '', kind: 'text', replacement: '', caseSensitive: false, wholeWord: true },
    ]);
    setDirty(true);
  };

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const result = await studio().lexicon.import({ fileName: file.name, text: await file.text() });
    if (!result.ok) return setProblem(result.error);
    setProblem(null);
    setImported({ ...result.value, fileName: file.name });
  };
  const merge = async () => {
    if (!imported) return;
    const merged = mergeLexicon(rows, imported.entries);
    setRows(merged.entries);
    setDirty(true);
    setImported(null);
    await apply(merged.entries);
    useStatusStore
      .getState()
      .api.notify(`Lexicon: ${merged.added} entries added, ${merged.replaced} replaced from ${imported.fileName}.`);
  };
  const exportAs = async (format: 'csv' | 'pls') => {
    const result = await studio().lexicon.export({ format });
    if (!result.ok) return setProblem(result.error);
    setExported(result.value);
  };

  return (
    <div className="side__body lexicon">
      <Preview project={project} />
      <table className="lexicon-table">
        <thead>
          <tr>
            <th scope="col">Match</th>
            <th scope="col">Kind</th>
            <th scope="col">Say</th>
            <th scope="col" title="Match case">
              Aa
            </th>
            <th scope="col" title="Whole words only">
              Word
            </th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={row.id} className={problems[index] ? 'lexicon-row lexicon-row--incomplete' : 'lexicon-row'}>
              <td>
                <input
                  type="text"
                  aria-label={`Match ${index + 1}`}
                  value={row.match}
                  onChange={(event) => change(row.id, { match: event.target.value }, false)}
                  onBlur={() => {
                    if (dirty) void apply(rows);
                  }}
                />
              </td>
              <td>
                <Select
                  aria-label={`Kind ${index + 1}`}
                  value={row.kind}
                  options={KINDS}
                  onChange={(kind) => change(row.id, { kind }, true)}
                />
              </td>
              <td>
                <input
                  type="text"
                  aria-label={`Replacement ${index + 1}`}
                  placeholder={KINDS.find((k) => k.value === row.kind)?.hint}
                  value={row.replacement}
                  onChange={(event) => change(row.id, { replacement: event.target.value }, false)}
                  onBlur={() => {
                    if (dirty) void apply(rows);
                  }}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Match case ${index + 1}`}
                  checked={row.caseSensitive}
                  onChange={(event) => change(row.id, { caseSensitive: event.target.checked }, true)}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Whole word ${index + 1}`}
                  checked={row.wholeWord}
                  onChange={(event) => change(row.id, { wholeWord: event.target.checked }, true)}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="icon-button icon-button--small"
                  aria-label={`Remove entry ${index + 1}`}
                  onClick={() => remove(row.id)}
                >
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="empty">No entries. Add one, or import a CSV or PLS file.</p>}
      {problems.some(Boolean) && (
        <p className="note lexicon__pending">
          Not applied yet:{' '}
          {problems
            .map((p, i) => (p ? `row ${i + 1}: ${p}` : null))
            .filter(Boolean)
            .join(' ')}
        </p>
      )}
      <Problem error={problem} />
      <span className="speaker__actions">
        <button type="button" className="button button--small" onClick={add}>
          + Add entry
        </button>
        <button type="button" className="button button--small" onClick={() => fileInput.current?.click()}>
          Import…
        </button>
        <button type="button" className="button button--small" onClick={() => void exportAs('csv')}>
          Export CSV
        </button>
        <button type="button" className="button button--small" onClick={() => void exportAs('pls')}>
          Export PLS
        </button>
        <input
          ref={fileInput}
          type="file"
          hidden
          accept=".csv,.pls,.xml,text/csv,application/pls+xml"
          aria-label="Lexicon file"
          onChange={(event) => void importFile(event)}
        />
      </span>
      {imported && (
        <div className="inset lexicon-import" role="region" aria-label="Imported lexicon">
          <p>
            <strong>{imported.fileName}</strong>: {imported.entries.length} entries read
            {imported.skipped.length ? `, ${imported.skipped.length} lines skipped` : ''}.
          </p>
          {imported.skipped.length > 0 && (
            <ul className="lexicon-import__skipped" aria-label="Skipped lines">
              {imported.skipped.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          )}
          <span className="speaker__actions">
            <button
              type="button"
              className="button button--small button--primary"
              disabled={!imported.entries.length}
              onClick={() => void merge()}
            >
              Merge into lexicon
            </button>
            <button type="button" className="button button--small" onClick={() => setImported(null)}>
              Discard
            </button>
          </span>
        </div>
      )}
      {exported && <Exported result={exported} />}
    </div>
  );
}
