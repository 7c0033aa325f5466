import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECTS_DIR } from '../../../electron/engine/project/project-folders';
import { PROJECT_FILE } from '../../../electron/engine/project/project-store';
import { RECENT_PROJECTS_FILE } from '../../../electron/engine/project/recent-projects';
import { applyProjectEdits, type UserEdit } from '../../../shared/project-edits';
import type { ProjectSnapshot } from '../../../shared/project-session';
import type { Project } from '../../../shared/project';
import { captureLogs } from '../../unit/studio/fakes';
import { useStudio } from './project-harness';

const start = useStudio();

const SCRIPT = `# The First Chapter

It was a bright cold day in April.

The clocks were *striking* thirteen.

## The Second Chapter

- A list item is a block.
- So is this one.
`;

const readProject = async (dir: string) => JSON.parse(await readFile(join(dir, PROJECT_FILE), 'utf8')) as Project;

describe('projects through the studio service', () => {
  it('asks for a project before any project work, in plain words', async () => {
    const studio = await start();
    for (const [channel, payload] of [
      ['project:edit', { revision: 0, edits: [{ op: 'rename-project', name: 'x' }] }],
      ['render:estimate', { scope: { kind: 'stale' }, regenerate: false }],
      ['lexicon:preview', { text: 'Hello' }],
      ['project:import-script', { fileName: 'a.md', text: 'Hello.' }],
    ] as const) {
      expect(await studio.refusal(channel, payload)).toMatchObject({
        code: 'BAD_INPUT',
        hint: 'Open or create a project first.',
      });
    }
    expect(await studio.invoke('project:get', {})).toBeNull();
    expect(await studio.invoke('render:status', {})).toMatchObject({ state: 'idle', total: 0 });
    const { sink, finished } = studio.stream('project:play', { chapterId: 'c1', fromBlockId: null });
    await finished;
    expect(sink.messages).toEqual([
      expect.objectContaining({
        type: 'error',
        error: expect.objectContaining({ hint: 'Open or create a project first.' }),
      }),
    ]);
  });

  it('creates projects under the data folder, lists them as recent, reopens one from the list and refuses other folders', async () => {
    const studio = await start();
    const book = await studio.invoke('project:create', { name: 'Nineteen Eighty-Four: A Novel' });
    expect(dirname(book.dir)).toBe(join(studio.dataDir, PROJECTS_DIR));
    expect(basename(book.dir)).toMatch(/^nineteen-eighty-four-a-novel-[0-9a-f]{8}$/);
    expect(book).toMatchObject({ revision: 0, status: {}, recoveredFromBackup: false, messages: [] });
    expect((await readProject(book.dir)).name).toBe('Nineteen Eighty-Four: A Novel');

    const second = await studio.invoke('project:create', { name: 'Second' });
    expect(second.dir).not.toBe(book.dir);
    expect(studio.eventsOf('project:opened').map((s) => s?.project.name)).toEqual([
      'Nineteen Eighty-Four: A Novel',
      'Second',
    ]);
    expect((await studio.invoke('project:recent', {})).map((r) => r.name)).toEqual([
      'Second',
      'Nineteen Eighty-Four: A Novel',
    ]);

    const reopened = await studio.invoke('project:open', { dir: book.dir });
    expect(reopened?.project.id).toBe(book.project.id);
    expect((await studio.invoke('project:get', {}))?.project.id).toBe(book.project.id);

    const elsewhere = join(studio.dataDir, 'not-recent');
    await mkdir(elsewhere);
    expect(await studio.refusal('project:open', { dir: elsewhere })).toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('not one of the recent projects'),
    });
    // The web shell has no folder picker: it says where to go instead.
    expect(await studio.refusal('project:open', { dir: null })).toMatchObject({
      code: 'BAD_INPUT',
      hint: expect.stringContaining('recent list'),
    });
    expect((await studio.invoke('project:get', {}))?.project.id).toBe(book.project.id);

    expect(await studio.invoke('project:close', {})).toEqual({ closed: true });
    expect(studio.eventsOf('project:opened').at(-1)).toBeNull();
    expect(await studio.invoke('project:get', {})).toBeNull();
  });

  it('opens a folder the shell’s picker chooses, and does nothing when it is cancelled', async () => {
    let choice: string | null = null;
    const studio = await start({ chooseProjectFolder: async () => choice });
    const made = await studio.invoke('project:create', { name: 'Picked' });
    await studio.invoke('project:close', {});
    expect(await studio.invoke('project:open', { dir: null })).toBeNull();
    expect(await studio.invoke('project:get', {})).toBeNull();
    choice = made.dir;
    expect((await studio.invoke('project:open', { dir: null }))?.project.name).toBe('Picked');
  });

  it('opens a project even when the recent list cannot be written, saying so in the log', async () => {
    const studio = await start();
    // A folder where the list should be: it can be neither read nor replaced.
    await mkdir(join(studio.dataDir, RECENT_PROJECTS_FILE, 'in-the-way'), { recursive: true });
    const logs = captureLogs();
    try {
      const made = await studio.invoke('project:create', { name: 'Unlisted' });
      expect(made.project.name).toBe('Unlisted');
      expect(studio.eventsOf('project:opened').at(-1)?.dir).toBe(made.dir);
      expect((await studio.invoke('project:get', {}))?.dir).toBe(made.dir);
      expect(logs.lines.some((line) => line.includes('could not be added to the recent projects'))).toBe(true);
    } finally {
      logs.restore();
    }
  });

  it('saves a copy under a new name and carries on in the copy, the original left as it was', async () => {
    const studio = await start();
    const original = await studio.invoke('project:create', { name: 'Original' });
    await studio.invoke('project:import-script', { fileName: 'book.md', text: SCRIPT });
    const copy = await studio.invoke('project:save-as', { name: 'The Copy' });
    expect(copy.dir).not.toBe(original.dir);
    expect(copy.project.name).toBe('The Copy');
    expect(copy.project.id).not.toBe(original.project.id);
    expect(copy.project.chapters.map((c) => c.title)).toEqual(['The First Chapter', 'The Second Chapter']);
    // The original was saved before it was copied, and is not renamed.
    const onDisk = await readProject(original.dir);
    expect(onDisk.name).toBe('Original');
    expect(onDisk.chapters).toHaveLength(2);
    await studio.invoke('project:edit', {
      revision: copy.revision,
      edits: [{ op: 'rename-chapter', chapterId: copy.project.chapters[0]!.id, title: 'Only in the copy' }],
    });
    await studio.invoke('project:close', {});
    expect((await readProject(copy.dir)).chapters[0]!.title).toBe('Only in the copy');
    expect((await readProject(original.dir)).chapters[0]!.title).toBe('The First Chapter');
    expect((await studio.invoke('project:recent', {})).map((r) => r.name)).toEqual(['The Copy', 'Original']);
  });

  it('applies edits in batches whose events, run through the UI reducer, give the engine’s project; a bad batch changes nothing', async () => {
    const studio = await start();
    const created = await studio.invoke('project:create', { name: 'Edits' });
    const narrator = created.project.defaults.speakerId;
    const batches: UserEdit[][] = [
      [
        {
          op: 'add-chapter',
          chapter: { id: 'c1', title: 'One', blocks: [{ id: 'b1', text: 'First.', speakerId: narrator }] },
        },
        { op: 'add-block', chapterId: 'c1', block: { id: 'b2', text: '', speakerId: narrator } },
      ],
      [
        {
          op: 'add-speaker',
          speaker: {
            id: 'bob',
            name: 'Bob',
            voice: { engine: 'offline', voiceId: 'offline:rms', modelId: 'async_flash_v1.0' },
          },
        },
        { op: 'update-block', blockId: 'b2', text: 'Bob speaks.', speakerId: 'bob', pauseAfterMs: 1500 },
        { op: 'set-pauses', pauses: { betweenBlocksMs: 800 } },
      ],
    ];
    for (const edits of batches) await studio.invoke('project:edit', { revision: 0, edits });

    const refused = await studio.refusal('project:edit', {
      revision: 2,
      edits: [
        { op: 'rename-project', name: 'Would be renamed' },
        { op: 'remove-speaker', speakerId: 'bob', replacementId: 'nobody' },
      ],
    });
    expect(refused).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('nobody') });
    const schemaRefusal = await studio.refusal('project:edit', {
      revision: 2,
      edits: [{ op: 'add-block', chapterId: 'c1', block: { id: 'b1', text: 'Same id.', speakerId: narrator } }],
    });
    expect(schemaRefusal.message).toMatch(/duplicate id/);
    // Not an edit a page may send: add-take is the engine's.
    expect(await studio.refusal('project:edit', { revision: 2, edits: [{ op: 'add-take' }] })).toMatchObject({
      code: 'BAD_INPUT',
    });

    const changes = studio.eventsOf('project:changed').filter((c) => c.edits.length > 0);
    expect(changes.map((c) => c.edits.length)).toEqual([2, 3]);
    let ui: Project = created.project;
    for (const change of changes) ui = applyProjectEdits(ui, change.edits);
    const engine = (await studio.invoke('project:get', {})) as ProjectSnapshot;
    expect(ui).toEqual(engine.project);
    expect(engine.project.name).toBe('Edits');
    expect(engine.status).toEqual({ b1: { state: 'stale' }, b2: { state: 'stale' } });
    expect(changes[0]!.status).toEqual({ b1: { state: 'stale' }, b2: { state: 'empty' } });
    expect(changes[1]!.status).toEqual({ b2: { state: 'stale' } });
    // Revisions count every change the UI was told of.
    expect(engine.revision).toBe(studio.eventsOf('project:changed').at(-1)!.revision);

    await studio.invoke('project:close', {});
    expect((await readProject(created.dir)).chapters[0]!.blocks[1]).toMatchObject({
      text: 'Bob speaks.',
      pauseAfterMs: 1500,
    });
  });

  it('opens a project whose file is damaged from its backup, saying so', async () => {
    const studio = await start();
    const created = await studio.invoke('project:create', { name: 'Fragile' });
    await studio.invoke('project:edit', {
      revision: 0,
      edits: [{ op: 'rename-project', name: 'Fragile, saved twice' }],
    });
    await studio.invoke('project:close', {});
    await writeFile(join(created.dir, PROJECT_FILE), '{"formatVersion":1,"id":"torn');
    const reopened = await studio.invoke('project:open', { dir: created.dir });
    expect(reopened).toMatchObject({ recoveredFromBackup: true, project: { name: 'Fragile' } });
    expect(reopened!.messages.join(' ')).toMatch(/project\.json could not be used.*opened from project\.json\.bak/);
    expect((await readdir(created.dir)).some((f) => f.startsWith(`${PROJECT_FILE}.damaged-`))).toBe(true);
  });

  it('imports a Markdown script as chapters of blocks, and refuses empty or binary input changing nothing', async () => {
    const studio = await start();
    const created = await studio.invoke('project:create', { name: 'Imported' });
    expect(await studio.invoke('project:import-script', { fileName: 'book.md', text: SCRIPT })).toEqual({
      chapters: 2,
      blocks: 4,
    });
    const after = (await studio.invoke('project:get', {}))!;
    expect(after.project.chapters.map((c) => [c.title, c.blocks.map((b) => b.text)])).toEqual([
      ['The First Chapter', ['It was a bright cold day in April.', 'The clocks were striking thirteen.']],
      ['The Second Chapter', ['A list item is a block.', 'So is this one.']],
    ]);
    expect(
      after.project.chapters.flatMap((c) => c.blocks).every((b) => b.speakerId === created.project.defaults.speakerId),
    ).toBe(true);
    expect(Object.values(after.status).every((s) => s.state === 'stale')).toBe(true);

    // A paragraph longer than a block may be is split at sentence ends.
    const long = Array.from({ length: 400 }, (_, i) => `Sentence number ${i} goes on a while.`).join(' ');
    expect(await studio.invoke('project:import-script', { fileName: 'long.txt', text: long })).toMatchObject({
      chapters: 1,
    });
    const longChapter = (await studio.invoke('project:get', {}))!.project.chapters[2]!;
    expect(longChapter.title).toBe('long');
    expect(longChapter.blocks.length).toBeGreaterThan(2);
    expect(longChapter.blocks.map((b) => b.text).join(' ')).toBe(long);

    const revision = (await studio.invoke('project:get', {}))!.revision;
    expect(await studio.refusal('project:import-script', { fileName: 'empty.md', text: '\n\n  # \n' })).toMatchObject({
      code: 'BAD_INPUT',
      message: '"empty.md" has no text to import.',
    });
    expect(
      await studio.refusal('project:import-script', {
        fileName: 'cover.png',
        text: '\uFFFDPNG\r\n\u0000\u0000\u0000\rIHDR',
      }),
    ).toMatchObject({ code: 'BAD_INPUT', message: '"cover.png" does not look like a text file.' });
    expect((await studio.invoke('project:get', {}))!.revision).toBe(revision);
    expect((await studio.invoke('project:get', {}))!.project.chapters).toHaveLength(3);
  });
});
