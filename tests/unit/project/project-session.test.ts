import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectSession } from '../../../electron/engine/project/project-session';
import { PROJECT_FILE, newProject } from '../../../electron/engine/project/project-store';
import { PROJECT_RENDER_FORMAT } from '../../../electron/engine/project/take-files';
import { blockCacheKey } from '../../../electron/engine/render-cache/render-cache-key';
import type { EventPayloads } from '../../../shared/ipc-contract';
import type { LexiconEntry } from '../../../shared/lexicon';
import { applyProjectEdits, findBlock, type ProjectEdit } from '../../../shared/project-edits';
import type { ProjectChange } from '../../../shared/project-session';
import type { Project, SpeakerVoice } from '../../../shared/project';
import { recordEvents } from '../studio/fakes';
import { counterIds, sampleBlock, sampleTake, useTempDir } from './sample';

const tempDir = useTempDir();

const entry = (id: string, match: string, replacement: string): LexiconEntry => ({
  id,
  match,
  kind: 'text',
  replacement,
  caseSensitive: false,
  wholeWord: true,
});

const SECOND_VOICE: SpeakerVoice = { engine: 'offline', voiceId: 'offline:rms', modelId: 'async_flash_v1.0' };

/**
 * A project whose blocks all have a take made from their current inputs (so all are ready), with
 * `lexicon` in place: two speakers, blocks that the lexicon does and does not touch.
 */
function readyProject(lexicon: LexiconEntry[]): Project {
  const base = newProject('Session test', { newId: counterIds('p') });
  const narrator = base.defaults.speakerId;
  const withCast: Project = {
    ...base,
    lexicon,
    cast: [...base.cast, { id: 'second', name: 'Second', voice: SECOND_VOICE }],
  };
  const texts: Array<[string, string, string]> = [
    ['winston', 'Winston walked home.', narrator],
    ['winstonian', 'A Winstonian mood.', narrator],
    ['plain', 'Nothing to replace here.', narrator],
    ['april', 'It was April.', narrator],
    ['second', 'The second speaker talks of Winston.', 'second'],
  ];
  const blocks = texts.map(([id, text, speakerId]) => {
    const voice = withCast.cast.find((s) => s.id === speakerId)!.voice;
    const take = { ...sampleTake(`t-${id}`), cacheKey: blockCacheKey({ text }, voice, lexicon, PROJECT_RENDER_FORMAT) };
    return { ...sampleBlock(withCast, id, text, [take]), speakerId };
  });
  return {
    ...withCast,
    chapters: [
      { id: 'c1', title: 'One', blocks: [...blocks, sampleBlock(withCast, 'blank', '   ')] },
      { id: 'c2', title: 'Two', blocks: [] },
    ],
  };
}

let session: ProjectSession | null = null;
afterEach(async () => {
  await session?.close();
  session = null;
});

function open(project: Project, autosaveDelayMs = 60_000) {
  const { emit, events } = recordEvents();
  session = new ProjectSession({
    dir: tempDir(),
    opened: { project, recoveredFromBackup: false, messages: [] },
    emit,
    autosaveDelayMs,
  });
  const changes = () =>
    events.filter((e) => e.event === 'project:changed').map((e) => e.payload as EventPayloads['project:changed']);
  return { session, events, changes };
}

const states = (change: ProjectChange) =>
  Object.fromEntries(Object.entries(change.status).map(([id, s]) => [id, s.state]));

describe('ProjectSession', () => {
  it('starts with every block empty, stale or ready from its text and selected take', () => {
    const project = readyProject([entry('e1', 'April', 'Avril')]);
    const stale = applyProjectEdits(project, [
      { op: 'update-block', blockId: 'plain', text: 'Changed since its take.' },
    ]);
    const { session } = open(stale);
    const snapshot = session.snapshot();
    expect(snapshot.revision).toBe(0);
    expect(Object.fromEntries(Object.entries(snapshot.status).map(([id, s]) => [id, s.state]))).toEqual({
      winston: 'ready',
      winstonian: 'ready',
      plain: 'stale',
      april: 'ready',
      second: 'ready',
      blank: 'empty',
    });
  });

  it('announces each batch once, and the UI reducer applied to the announced edits gives the engine’s project', () => {
    const { session, changes } = open(readyProject([]));
    const ui = { project: session.snapshot().project, revision: 0 };
    const batches: ProjectEdit[][] = [
      [{ op: 'update-block', blockId: 'plain', text: 'New words.' }],
      [
        {
          op: 'add-chapter',
          chapter: { id: 'c3', title: 'Three', blocks: [{ id: 'n1', text: 'Hi.', speakerId: 'second' }] },
        },
        { op: 'move-block', blockId: 'april', chapterId: 'c2', index: 0 },
        { op: 'rename-project', name: 'Renamed' },
      ],
      [{ op: 'remove-block', blockId: 'winstonian' }],
    ];
    for (const [i, edits] of batches.entries()) expect(session.apply(edits)).toBe(i + 1);
    for (const change of changes()) {
      expect(change.revision).toBe(ui.revision + 1);
      ui.project = applyProjectEdits(ui.project, change.edits);
      ui.revision = change.revision;
    }
    expect(ui.project).toEqual(session.current);
    expect(changes().map(states)).toEqual([{ plain: 'stale' }, { n1: 'stale' }, {}]);
    expect(changes().every((c) => c.saved === false)).toBe(true);
  });

  it('refuses a whole batch when one edit fails or the result is not a valid project, changing nothing', () => {
    const { session, changes } = open(readyProject([]));
    session.snapshot();
    const before = session.current;
    const narrator = before.defaults.speakerId;
    // The second edit names a missing block: the reducer refuses.
    expect(() =>
      session.apply([
        { op: 'update-block', blockId: 'plain', text: 'Would change.' },
        { op: 'update-block', blockId: 'nope', text: 'x' },
      ]),
    ).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringContaining('nope') }));
    // Each edit is fine alone, but two blocks with one id is not a valid project.
    expect(() =>
      session.apply([
        { op: 'update-block', blockId: 'plain', text: 'Would change.' },
        { op: 'add-block', chapterId: 'c2', block: { id: 'winston', text: 'Duplicate.', speakerId: narrator } },
      ]),
    ).toThrow(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/refused.*duplicate id/) }));
    expect(session.current).toBe(before);
    expect(session.snapshot().revision).toBe(0);
    expect(changes()).toEqual([]);
    expect(session.saved).toBe(true);
  });

  it('marks exactly the blocks a lexicon change alters stale', () => {
    const { session, changes } = open(readyProject([entry('e1', 'April', 'Avril'), entry('e2', 'mood', 'mood')]));
    session.snapshot();
    // April goes, Winston comes, and "mood" is the same rule under a new id.
    session.apply([{ op: 'set-lexicon', entries: [entry('e3', 'mood', 'mood'), entry('e4', 'Winston', 'Winnston')] }]);
    expect(changes().map(states)).toEqual([{ winston: 'stale', april: 'stale', second: 'stale' }]);
    // Back to the lexicon the takes were made with: the same blocks are ready again.
    session.apply([{ op: 'set-lexicon', entries: [entry('e5', 'April', 'Avril')] }]);
    expect(changes().map(states)[1]).toEqual({ winston: 'ready', april: 'ready', second: 'ready' });
  });

  it('marks the blocks of a speaker whose voice changed stale, and no others', () => {
    const { session, changes } = open(readyProject([]));
    session.snapshot();
    session.apply([{ op: 'update-speaker', speakerId: 'second', voice: { ...SECOND_VOICE, speed: 1.2 } }]);
    session.apply([{ op: 'update-speaker', speakerId: 'second', name: 'Renamed only' }]);
    expect(changes().map(states)).toEqual([{ second: 'stale' }, {}]);
  });

  it('overlays the render queue’s statuses, told once per tick, and a changed block forgets its failure', async () => {
    const { session, changes } = open(readyProject([]));
    session.snapshot();
    session.setQueueStatus('plain', { state: 'queued' });
    session.setQueueStatus('april', { state: 'queued' });
    session.setQueueStatus('plain', { state: 'rendering' });
    expect(changes()).toEqual([]);
    await Promise.resolve();
    expect(changes().map(states)).toEqual([{ plain: 'rendering', april: 'queued' }]);
    expect(changes()[0]!.edits).toEqual([]);

    const error = { code: 'BAD_INPUT' as const, message: 'The API refused this text.' };
    session.setQueueStatus('plain', { state: 'failed', error });
    session.setQueueStatus('april', null);
    await Promise.resolve();
    expect(session.status('plain')).toEqual({ state: 'failed', error });
    expect(session.status('april')).toEqual({ state: 'ready' });
    session.apply([{ op: 'update-block', blockId: 'plain', text: 'Fixed text.' }]);
    expect(session.status('plain')).toEqual({ state: 'stale' });
    expect(changes().map((c) => c.revision)).toEqual([1, 2, 3]);
  });

  it('saves within the autosave delay, says so, and close writes what is left', async () => {
    const { session, changes } = open(readyProject([]), 20);
    session.snapshot();
    session.apply([{ op: 'rename-project', name: 'Saved soon' }]);
    expect(session.saved).toBe(false);
    await expect.poll(() => changes().at(-1)?.saved, { timeout: 2_000 }).toBe(true);
    const onDisk = JSON.parse(await readFile(join(tempDir(), PROJECT_FILE), 'utf8')) as Project;
    expect(onDisk.name).toBe('Saved soon');

    session.apply([{ op: 'update-block', blockId: 'plain', text: 'Written on close.' }]);
    await session.close();
    const closed = JSON.parse(await readFile(join(tempDir(), PROJECT_FILE), 'utf8')) as Project;
    expect(findBlock(closed, 'plain').block.text).toBe('Written on close.');
    expect(() => session.apply([{ op: 'rename-project', name: 'Too late' }])).toThrow(/closed/);
  });

  it('tells the UI nothing before its first snapshot (changes made while opening ride in it)', () => {
    const { session, changes } = open(readyProject([]));
    session.apply([{ op: 'update-block', blockId: 'plain', text: 'Recovered while opening.' }]);
    expect(changes()).toEqual([]);
    const snapshot = session.snapshot();
    expect(snapshot.status.plain).toEqual({ state: 'stale' });
    expect(findBlock(snapshot.project, 'plain').block.text).toBe('Recovered while opening.');
  });
});
