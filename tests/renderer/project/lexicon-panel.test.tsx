// @vitest-environment jsdom
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mergeLexicon } from '../../../renderer/components/project/LexiconPanel';
import { useProjectStore } from '../../../renderer/stores/useProjectStore';
import type { LexiconEntry } from '../../../shared/lexicon';
import { makeProject } from '../fake-project';
import { cleanupAfterEach } from '../studio-harness';
import { renderProjectApp } from './project-app';

cleanupAfterEach();

const entry = (id: string, match: string, replacement: string, kind: LexiconEntry['kind'] = 'text'): LexiconEntry => ({
  id,
  match,
  kind,
  replacement,
  caseSensitive: false,
  wholeWord: true,
});

function book() {
  return makeProject(
    'Book',
    [
      {
        id: 'c1',
        title: 'Ships',
        blocks: [
          ['b1', 'The SQL ship sailed.'],
          ['b2', 'Nothing to replace here.'],
          ['b3', 'Another SQL query, and Nguyen waved.'],
        ],
      },
    ],
    { lexicon: [entry('e1', 'SQL', 'sequel')] },
  );
}

async function openLexicon() {
  const fake = await renderProjectApp(book(), { panel: 'lexicon' });
  return fake;
}

const setLexiconEdits = (calls: unknown[]) =>
  calls
    .flatMap((r) => (r as { edits: { op: string; entries?: LexiconEntry[] }[] }).edits)
    .filter((e) => e.op === 'set-lexicon');

describe('lexicon panel', () => {
  it('previews what is sent for a line, the replacements marked, and how many blocks the lexicon changes', async () => {
    const fake = await openLexicon();
    const line = screen.getByRole('textbox', { name: 'Preview line' });
    // The line starts as the block in hand.
    expect((line as HTMLInputElement).value).toBe('The SQL ship sailed.');
    fireEvent.change(line, { target: { value: 'Run the SQL now.' } });
    const sent = await screen.findByLabelText('Sent to the engine', {}, { timeout: 2000 });
    expect(sent.textContent).toBe('Run the sequel now.');
    expect([...sent.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['sequel']);
    expect(screen.getByText(/changes 2 blocks of this project/)).toBeTruthy();
    expect(fake.callsTo('lexicon:preview').at(-1)).toEqual({ text: 'Run the SQL now.' });
  });

  it('sends a new entry only once it is complete, and the blocks it touches turn stale', async () => {
    const fake = await openLexicon();
    // Every block rendered with the current lexicon: all ready before the change.
    act(() => {
      void fake.project.handlers['render:start']({ scope: { kind: 'stale' }, regenerate: false });
      fake.project.renderAll();
    });
    const state = (n: number) => screen.getByRole('article', { name: `Block ${n}` }).getAttribute('data-state');
    expect([1, 2, 3].map(state)).toEqual(['ready', 'ready', 'ready']);
    fireEvent.click(screen.getByRole('button', { name: '+ Add entry' }));
    const match = screen.getByRole('textbox', { name: 'Match 2' });
    fireEvent.change(match, { target: { value: 'Nguyen' } });
    fireEvent.blur(match);
    expect(setLexiconEdits(fake.callsTo('project:edit'))).toEqual([]);
    expect(screen.getByText(/row 2: Type what to say instead/)).toBeTruthy();

    fireEvent.change(screen.getByRole('combobox', { name: 'Kind 2' }), { target: { value: 'ipa' } });
    expect(setLexiconEdits(fake.callsTo('project:edit'))).toEqual([]);
    const replacement = screen.getByRole('textbox', { name: 'Replacement 2' });
    fireEvent.change(replacement, { target: { value: 'ŋwiən' } });
    await act(async () => fireEvent.blur(replacement));
    const sent = setLexiconEdits(fake.callsTo('project:edit'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.entries!.map(({ match, kind, replacement: r }) => [match, kind, r])).toEqual([
      ['SQL', 'text', 'sequel'],
      ['Nguyen', 'ipa', 'ŋwiən'],
    ]);
    expect(useProjectStore.getState().snapshot!.project.lexicon).toHaveLength(2);
    // Only the block that says "Nguyen" sends something else now.
    expect([1, 2, 3].map(state)).toEqual(['ready', 'ready', 'stale']);
  });

  it('imports a CSV: shows what was read and what was skipped, and merges only when asked', async () => {
    const fake = await openLexicon();
    const csv = [
      'match,kind,replacement,case_sensitive,whole_word',
      'SQL,text,S Q L,true,true',
      'Nguyen,ipa,ŋwiən,false,true',
      'broken,ipa,,false,true',
    ].join('\n');
    const file = new File([csv], 'names.csv', { type: 'text/csv' });
    await act(async () => fireEvent.change(screen.getByLabelText('Lexicon file'), { target: { files: [file] } }));
    const imported = await screen.findByRole('region', { name: 'Imported lexicon' });
    expect(imported.textContent).toContain('names.csv: 2 entries read, 1 lines skipped.');
    expect(within(imported).getByRole('list', { name: 'Skipped lines' }).textContent).toMatch(/line 4: replacement/);
    expect(setLexiconEdits(fake.callsTo('project:edit'))).toEqual([]);

    await act(async () => fireEvent.click(within(imported).getByRole('button', { name: 'Merge into lexicon' })));
    const [merge] = setLexiconEdits(fake.callsTo('project:edit'));
    // SQL is replaced in place (keeping its id), Nguyen is added.
    expect(merge!.entries!.map(({ id, match, replacement }) => [id, match, replacement])).toEqual([
      ['e1', 'SQL', 'S Q L'],
      ['lex-2', 'Nguyen', 'ŋwiən'],
    ]);
    expect(screen.queryByRole('region', { name: 'Imported lexicon' })).toBeNull();
  });

  it('a project opened while rows are unapplied shows its own lexicon, and applying sends only its rows', async () => {
    const fake = await openLexicon();
    fireEvent.click(screen.getByRole('button', { name: '+ Add entry' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Match 2' }), { target: { value: 'Nguyen' } });
    fake.project.recent.push({ dir: '/home/user/Projects/Other', name: 'Other', openedAt: '2025-03-02T08:30:00.000Z' });
    await act(() => useProjectStore.getState().api.open('/home/user/Projects/Other'));
    expect(useProjectStore.getState().snapshot!.project.name).toBe('Other');
    // Book's rows (SQL, and the unapplied Nguyen) are not Other's.
    expect(screen.queryByRole('textbox', { name: 'Match 1' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: '+ Add entry' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Match 1' }), { target: { value: 'GIF' } });
    const replacement = screen.getByRole('textbox', { name: 'Replacement 1' });
    fireEvent.change(replacement, { target: { value: 'jif' } });
    await act(async () => fireEvent.blur(replacement));
    const sent = setLexiconEdits(fake.callsTo('project:edit'));
    expect(sent.map((e) => e.entries!.map((r) => r.match))).toEqual([['GIF']]);
    expect(useProjectStore.getState().snapshot!.project.lexicon.map((r) => r.match)).toEqual(['GIF']);
  });

  it('exports as CSV and says where the file went', async () => {
    const fake = await openLexicon();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export CSV' })));
    expect(fake.callsTo('lexicon:export')).toEqual([{ format: 'csv' }]);
    expect(screen.getByText('lexicon.csv')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Show in folder' })));
    expect(fake.callsTo('export:reveal')).toEqual([{ path: '/home/user/Projects/Book/exports/lexicon.csv' }]);
  });
});

describe('mergeLexicon', () => {
  it('replaces entries with the same match whatever the case, and appends the rest', () => {
    const merged = mergeLexicon(
      [entry('a', 'SQL', 'sequel'), entry('b', 'GIF', 'jif')],
      [entry('x', 'sql', 'S Q L'), entry('y', 'Nguyen', 'win')],
    );
    expect(merged.entries.map((e) => [e.id, e.match, e.replacement])).toEqual([
      ['a', 'sql', 'S Q L'],
      ['b', 'GIF', 'jif'],
      ['y', 'Nguyen', 'win'],
    ]);
    expect(merged).toMatchObject({ added: 1, replaced: 1 });
  });
});
