import { describe, expect, it } from 'vitest';
import type { LexiconEntry } from '../../../shared/lexicon';
import { useStudio, type StudioUnderTest } from './project-harness';

/** The pronunciation lexicon through the service, on a project rendered by the offline engine. */
const start = useStudio();

const CSV =
  'match,kind,replacement,case_sensitive,whole_word\r\nWinston,text,Winnston,false,true\r\nOceania,ipa,oʊʃiˈeɪniə,false,true\r\n';
const PLS = `<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en">
  <lexeme><grapheme>Eurasia</grapheme><phoneme>jʊˈreɪʒə</phoneme></lexeme>
</lexicon>
`;

async function readyProject(studio: StudioUnderTest) {
  await studio.invoke('project:create', { name: 'Lexicon: test' });
  await studio.invoke('project:import-script', {
    fileName: 'book.txt',
    text: 'Winston walked home.\n\nA Winstonian mood.\n\nNothing to change here.',
  });
  await studio.invoke('render:start', { scope: { kind: 'stale' }, regenerate: false });
  await expect
    .poll(async () => Object.values((await studio.invoke('project:get', {}))!.status).map((s) => s.state), {
      timeout: 60_000,
      interval: 50,
    })
    .toEqual(['ready', 'ready', 'ready']);
  return (await studio.invoke('project:get', {}))!;
}

describe('the project lexicon', () => {
  it('imports rules, previews what is sent, and dirties exactly the blocks it changes', async () => {
    const exported: Array<{ fileName: string; text: string }> = [];
    const studio = await start({
      exportTarget: {
        deliver: async (fileName, bytes) => {
          exported.push({ fileName, text: new TextDecoder().decode(bytes) });
          return { path: `/exports/${fileName}`, downloadUrl: null };
        },
      },
    });
    const project = await readyProject(studio);
    const [winston, winstonian, plain] = project.project.chapters[0]!.blocks;

    expect(await studio.invoke('lexicon:preview', { text: 'Winston is here.' })).toEqual({
      sent: 'Winston is here.',
      spans: [],
      affectedBlocks: 0,
    });
    const fromCsv = await studio.invoke('lexicon:import', { fileName: 'rules.CSV', text: CSV });
    expect(fromCsv.skipped).toEqual([]);
    expect(fromCsv.entries.map((e) => [e.match, e.kind, e.replacement])).toEqual([
      ['Winston', 'text', 'Winnston'],
      ['Oceania', 'ipa', 'oʊʃiˈeɪniə'],
    ]);
    const fromPls = await studio.invoke('lexicon:import', { fileName: 'rules.pls', text: PLS });
    expect(fromPls.entries.map((e) => [e.match, e.kind])).toEqual([['Eurasia', 'ipa']]);
    // Importing does not apply: the project is as it was until the UI sends the merged lexicon.
    expect((await studio.invoke('project:get', {}))!.project.lexicon).toEqual([]);

    const mark = studio.eventsOf('project:changed').length;
    const lexicon: LexiconEntry[] = [...fromCsv.entries, ...fromPls.entries];
    await studio.invoke('project:edit', {
      revision: project.revision,
      edits: [{ op: 'set-lexicon', entries: lexicon }],
    });
    expect(studio.eventsOf('project:changed')[mark]!.status).toEqual({ [winston!.id]: { state: 'stale' } });
    const after = (await studio.invoke('project:get', {}))!;
    expect(after.status[winstonian!.id]).toEqual({ state: 'ready' });
    expect(after.status[plain!.id]).toEqual({ state: 'ready' });

    const preview = await studio.invoke('lexicon:preview', { text: 'Winston left Oceania.' });
    expect(preview.sent).toBe('Winnston left <phonemes>oʊʃiˈeɪniə</phonemes>.');
    expect(preview.spans.map((s) => preview.sent.slice(s.start, s.end))).toEqual([
      'Winnston',
      '<phonemes>oʊʃiˈeɪniə</phonemes>',
    ]);
    expect(preview.affectedBlocks).toBe(1);
    expect(await studio.invoke('render:estimate', { scope: { kind: 'stale' }, regenerate: false })).toMatchObject({
      blocks: 1,
      characters: 'Winnston walked home.'.length,
    });

    // The same rules again: nothing new, each named.
    expect(await studio.invoke('lexicon:import', { fileName: 'again.csv', text: CSV })).toEqual({
      entries: [],
      skipped: ['"Winston": already in the lexicon', '"Oceania": already in the lexicon'],
    });

    const csv = await studio.invoke('lexicon:export', { format: 'csv' });
    expect(csv).toMatchObject({ fileName: 'Lexicon test lexicon.csv', path: '/exports/Lexicon test lexicon.csv' });
    const pls = await studio.invoke('lexicon:export', { format: 'pls' });
    expect(pls.fileName).toBe('Lexicon test lexicon.pls');
    // What was exported reads back as the same rules.
    const roundTrip = await studio.invoke('lexicon:import', {
      fileName: exported[0]!.fileName,
      text: exported[0]!.text,
    });
    expect(roundTrip.skipped).toHaveLength(3);
    expect(exported[1]!.text).toContain('<grapheme>Eurasia</grapheme>');
  });

  it('refuses files it cannot read, naming what it expects', async () => {
    const studio = await start();
    await studio.invoke('project:create', { name: 'Bad files' });
    expect(await studio.refusal('lexicon:import', { fileName: 'rules.docx', text: 'x' })).toMatchObject({
      code: 'BAD_INPUT',
      hint: expect.stringContaining('.csv'),
    });
    expect(
      await studio.refusal('lexicon:import', { fileName: 'rules.csv', text: 'word,say\nfoo,bar\n' }),
    ).toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('not a lexicon'),
    });
    expect(await studio.refusal('lexicon:import', { fileName: 'rules.pls', text: '<lexicon' })).toMatchObject({
      code: 'BAD_INPUT',
    });
  });
});
