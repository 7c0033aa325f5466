import { copyFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_FILE, takeAudioPath } from '../../../electron/engine/project/project-store';
import { RENDER_JOURNAL_FILE } from '../../../electron/engine/project/render-journal';
import { parseWav } from '../../../electron/engine/audio/wav';
import { estimateCost, DEFAULT_VOICE_ID } from '../../../shared/models';
import type { ProjectSnapshot } from '../../../shared/project-session';
import type { Block, SpeakerVoice } from '../../../shared/project';
import { useSimulator, useStudio, type StudioUnderTest } from './project-harness';

/** Rendering against the real local Async server: WebSocket client, render queue, take files. */
const start = useStudio();
const simulator = useSimulator();
const startAsync = () => start({ env: simulator.env() });

const ASYNC_VOICE: SpeakerVoice = {
  engine: 'async',
  voiceId: DEFAULT_VOICE_ID,
  modelId: 'async_flash_v1.0',
  language: 'en',
};

const SCRIPT = [
  '# Chapter one',
  'The harbour was quiet before dawn.',
  'A single gull circled the mast.',
  'Nobody on the quay said a word.',
  'The ferry was late again.',
].join('\n\n');

/** Every text the simulator was asked to speak, over either transport. */
function spokenTexts(): string[] {
  const ws = simulator
    .sim()
    .recording.ws.flatMap((c) =>
      c.messages
        .map((m) => (m.data as { transcript?: unknown }).transcript)
        .filter((t): t is string => typeof t === 'string' && t.trim() !== ''),
    );
  const http = simulator
    .sim()
    .recording.http.map((r) => (r.body as { transcript?: unknown } | undefined)?.transcript)
    .filter((t): t is string => typeof t === 'string');
  return [...ws, ...http].map((t) => t.trim());
}

/**
 * What the simulator is asked to speak from now on. (Not clearRecording: a connection already open
 * keeps recording into its old record, which clearing takes out of the list.)
 */
function spokenFromNow(): () => string[] {
  const before = spokenTexts();
  return () => {
    const now = spokenTexts();
    for (const text of before) {
      const at = now.indexOf(text);
      if (at >= 0) now.splice(at, 1);
    }
    return now;
  };
}

const blocksOf = (snapshot: ProjectSnapshot): Block[] => snapshot.project.chapters.flatMap((c) => c.blocks);

async function snapshot(studio: StudioUnderTest): Promise<ProjectSnapshot> {
  return (await studio.invoke('project:get', {}))!;
}

/** Waits until every block of the open project is ready (the queue has finished and recorded its takes). */
async function allReady(studio: StudioUnderTest): Promise<ProjectSnapshot> {
  await expect
    .poll(async () => Object.values((await snapshot(studio)).status).map((s) => s.state), {
      timeout: 30_000,
      interval: 50,
    })
    .toSatisfy((states: string[]) => states.length > 0 && states.every((s) => s === 'ready'));
  return snapshot(studio);
}

/** A project of the script, its narrator on the Async voice. */
async function asyncProject(studio: StudioUnderTest, name = 'Harbour'): Promise<ProjectSnapshot> {
  const created = await studio.invoke('project:create', { name });
  await studio.invoke('project:edit', {
    revision: 0,
    edits: [{ op: 'update-speaker', speakerId: created.project.defaults.speakerId, voice: ASYNC_VOICE }],
  });
  await studio.invoke('project:import-script', { fileName: 'harbour.md', text: SCRIPT });
  return snapshot(studio);
}

/** A project of the script with its block at `index` (of chapter one) rendered alone. */
async function oneBlockRendered(studio: StudioUnderTest, name: string, index: number) {
  const project = await asyncProject(studio, name);
  const block = project.project.chapters[0]!.blocks[index]!;
  await studio.invoke('render:start', { scope: { kind: 'blocks', blockIds: [block.id] }, regenerate: false });
  await expect.poll(async () => (await snapshot(studio)).status[block.id]?.state).toBe('ready');
  return { project, block };
}

describe('rendering a project', () => {
  it('renders Async blocks through /with_timestamps, keeping the time of every word for captions', async () => {
    const studio = await startAsync();
    await asyncProject(studio, 'Timed');
    const since = simulator.sim().recording.http.length;
    await studio.invoke('render:start', { scope: { kind: 'stale' }, regenerate: false });
    const ready = await allReady(studio);
    const paths = simulator
      .sim()
      .recording.http.slice(since)
      .map((r) => r.path);
    expect(paths).toEqual(Array(4).fill('/text_to_speech/with_timestamps'));
    for (const block of blocksOf(ready)) {
      const take = block.takes[0]!;
      expect(take.provenance.transport).toBe('http');
      const timing = JSON.parse(await readFile(takeAudioPath(ready.dir, `${take.file}.timing.json`), 'utf8')) as {
        words: { word: string; startMs: number; endMs: number }[] | null;
      };
      // The simulator times words as Flite speaks them, without punctuation.
      expect(timing.words?.map((w) => w.word).join(' ')).toBe(block.text.replace(/[.,]/g, ''));
      const ends = timing.words!.map((w) => w.endMs);
      expect(ends).toEqual([...ends].sort((a, b) => a - b));
    }
  });

  it('estimates, renders a chapter into selected takes, and sends only an edited block again', async () => {
    const studio = await startAsync();
    const before = await asyncProject(studio);
    const chapter = before.project.chapters[0]!;
    const texts = chapter.blocks.map((b) => b.text);

    const estimate = await studio.invoke('render:estimate', {
      scope: { kind: 'chapter', chapterId: chapter.id },
      regenerate: false,
    });
    const characters = texts.join('').length;
    expect(estimate).toEqual({
      blocks: 4,
      cachedBlocks: 0,
      lockedBlocks: 0,
      characters,
      priceUsd: expect.closeTo(
        texts.reduce((sum, t) => sum + estimateCost(t, 'async_flash_v1.0').usd, 0),
        10,
      ),
      audioSecondsEstimate: characters / 15,
    });

    let spoken = spokenFromNow();
    const started = await studio.invoke('render:start', {
      scope: { kind: 'chapter', chapterId: chapter.id },
      regenerate: false,
    });
    expect(started).toMatchObject({ total: 4, charactersTotal: characters });
    const ready = await allReady(studio);
    expect(spoken().sort()).toEqual([...texts].sort());
    for (const block of blocksOf(ready)) {
      expect(block.takes).toHaveLength(1);
      expect(block.selectedTakeId).toBe(block.takes[0]!.id);
      const take = block.takes[0]!;
      expect(take.file).toBe(`${take.cacheKey}.wav`);
      expect(take.provenance).toMatchObject({
        text: block.text,
        engine: 'async',
        voice: { voiceId: DEFAULT_VOICE_ID },
      });
      const wav = parseWav(await readFile(takeAudioPath(ready.dir, take.file)));
      expect(wav.sampleRate).toBe(44_100);
      expect(wav.pcm.length / wav.sampleRate).toBeCloseTo(take.provenance.durationSeconds, 3);
      await stat(takeAudioPath(ready.dir, `${take.file}.timing.json`));
    }
    // Progress is throttled: the last word comes at the end of its interval.
    await expect
      .poll(() => studio.eventsOf('render:progress').at(-1))
      .toMatchObject({ state: 'idle', done: 4, total: 4 });
    expect(await studio.invoke('render:estimate', { scope: { kind: 'stale' }, regenerate: false })).toMatchObject({
      blocks: 0,
    });

    // One block edited: it alone goes stale, and a render of everything stale sends it alone.
    const edited = chapter.blocks[2]!;
    const mark = studio.eventsOf('project:changed').length;
    await studio.invoke('project:edit', {
      revision: ready.revision,
      edits: [{ op: 'update-block', blockId: edited.id, text: 'Somebody on the quay whistled.' }],
    });
    expect(studio.eventsOf('project:changed')[mark]!.status).toEqual({ [edited.id]: { state: 'stale' } });
    expect(await studio.invoke('render:estimate', { scope: { kind: 'stale' }, regenerate: false })).toMatchObject({
      blocks: 1,
      characters: 'Somebody on the quay whistled.'.length,
    });
    spoken = spokenFromNow();
    await studio.invoke('render:start', { scope: { kind: 'stale' }, regenerate: false });
    const again = await allReady(studio);
    expect(spoken()).toEqual(['Somebody on the quay whistled.']);
    const fixed = blocksOf(again).find((b) => b.id === edited.id)!;
    expect(fixed.takes).toHaveLength(2);
    expect(fixed.selectedTakeId).toBe(fixed.takes[1]!.id);

    // Back to the old words: the cache holds them, so the estimate says so and the render sends nothing.
    await studio.invoke('project:edit', {
      revision: 0,
      edits: [{ op: 'update-block', blockId: edited.id, text: edited.text }],
    });
    expect(await studio.invoke('render:estimate', { scope: { kind: 'stale' }, regenerate: false })).toMatchObject({
      blocks: 1,
      cachedBlocks: 1,
      characters: 0,
    });
    spoken = spokenFromNow();
    await studio.invoke('render:start', { scope: { kind: 'stale' }, regenerate: false });
    await allReady(studio);
    expect(spoken()).toEqual([]);
  });

  it('regenerates a ready block as a new, selected take, billed again', async () => {
    const studio = await startAsync();
    const { block } = await oneBlockRendered(studio, 'Again', 1);
    const scope = { kind: 'blocks', blockIds: [block.id] };
    expect(await studio.invoke('render:estimate', { scope, regenerate: false })).toMatchObject({ blocks: 0 });
    expect(await studio.invoke('render:estimate', { scope, regenerate: true })).toMatchObject({
      blocks: 1,
      cachedBlocks: 0,
      characters: block.text.length,
    });
    const spoken = spokenFromNow();
    await studio.invoke('render:start', { scope, regenerate: true });
    await expect
      .poll(async () => blocksOf(await snapshot(studio)).find((b) => b.id === block.id)!.takes.length)
      .toBe(2);
    const [first, second] = blocksOf(await snapshot(studio)).find((b) => b.id === block.id)!.takes;
    expect(second!.cacheKey).toBe(first!.cacheKey);
    expect(second!.file).toBe(`${first!.cacheKey}-${second!.id}.wav`);
    expect((await snapshot(studio)).project.chapters[0]!.blocks[1]!.selectedTakeId).toBe(second!.id);
    expect(spoken()).toEqual([block.text]);
  });

  it('cancels a render: queued blocks are stale again and the next open does not resume it', async () => {
    simulator.sim().setFaults({ realtimeFactor: 1, firstAudioMs: 50 });
    try {
      const studio = await startAsync();
      const project = await asyncProject(studio, 'Cancelled');
      await studio.invoke('render:start', { scope: { kind: 'stale' }, regenerate: false });
      await expect
        .poll(async () => Object.values((await snapshot(studio)).status).some((s) => s.state === 'rendering'))
        .toBe(true);
      expect(await studio.invoke('render:cancel', {})).toMatchObject({ state: 'idle', total: 0, current: [] });
      await expect
        .poll(async () => Object.values((await snapshot(studio)).status).map((s) => s.state))
        .toEqual(['stale', 'stale', 'stale', 'stale']);
      await studio.invoke('project:close', {});
      const journal = JSON.parse(await readFile(join(project.dir, RENDER_JOURNAL_FILE), 'utf8')) as { jobs: unknown[] };
      expect(journal.jobs).toEqual([]);
      await studio.invoke('project:open', { dir: project.dir });
      expect(await studio.invoke('render:status', {})).toMatchObject({ state: 'idle', total: 0 });
    } finally {
      simulator.sim().resetFaults();
    }
  });

  it('a render asked for right after a cancel shows its blocks queued, not stale', async () => {
    simulator.sim().setFaults({ realtimeFactor: 1, firstAudioMs: 50 });
    try {
      const studio = await startAsync();
      await asyncProject(studio, 'Cancelled and again');
      const stale = { scope: { kind: 'stale' }, regenerate: false };
      await studio.invoke('render:start', stale);
      await expect
        .poll(async () => Object.values((await snapshot(studio)).status).some((s) => s.state === 'rendering'))
        .toBe(true);
      await Promise.all([studio.invoke('render:cancel', {}), studio.invoke('render:start', stale)]);
      // Statuses reach the session once per tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(await studio.invoke('render:status', {})).toMatchObject({ state: 'running', total: 4 });
      const states = Object.values((await snapshot(studio)).status).map((s) => s.state);
      expect(states.every((state) => state === 'queued' || state === 'rendering')).toBe(true);
      await studio.invoke('render:cancel', {});
    } finally {
      simulator.sim().resetFaults();
    }
  });

  it('leaves locked blocks out of a chapter render, and refuses to render a locked block by name', async () => {
    const studio = await startAsync();
    const project = await asyncProject(studio, 'Locks');
    const [first, second] = project.project.chapters[0]!.blocks;
    await studio.invoke('project:edit', {
      revision: 0,
      edits: [{ op: 'update-block', blockId: second!.id, locked: true }],
    });
    const estimate = await studio.invoke('render:estimate', {
      scope: { kind: 'chapter', chapterId: project.project.chapters[0]!.id },
      regenerate: false,
    });
    expect(estimate).toMatchObject({ blocks: 3, lockedBlocks: 1 });
    expect(
      await studio.refusal('render:start', {
        scope: { kind: 'blocks', blockIds: [first!.id, second!.id] },
        regenerate: false,
      }),
    ).toMatchObject({
      code: 'BAD_INPUT',
      message: 'The block at chapter 1, block 2 is locked.',
      hint: expect.stringContaining('Unlock it first'),
    });
    expect(await studio.invoke('render:status', {})).toMatchObject({ total: 0 });
    expect(
      await studio.refusal('render:estimate', { scope: { kind: 'chapter', chapterId: 'nope' }, regenerate: false }),
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('keeps a take made from words edited while it rendered, but does not select it', async () => {
    simulator.sim().setFaults({ realtimeFactor: 1, firstAudioMs: 50 });
    try {
      const studio = await startAsync();
      const project = await asyncProject(studio, 'Moving target');
      const block = project.project.chapters[0]!.blocks[0]!;
      await studio.invoke('render:start', { scope: { kind: 'blocks', blockIds: [block.id] }, regenerate: false });
      await expect.poll(async () => (await snapshot(studio)).status[block.id]?.state).toBe('rendering');
      await studio.invoke('project:edit', {
        revision: 0,
        edits: [{ op: 'update-block', blockId: block.id, text: 'New words.' }],
      });
      await expect.poll(async () => (await studio.invoke('render:status', {})).state, { timeout: 20_000 }).toBe('idle');
      const after = blocksOf(await snapshot(studio)).find((b) => b.id === block.id)!;
      expect(after.takes.map((t) => t.provenance.text)).toEqual([block.text]);
      expect(after.selectedTakeId).toBeNull();
      expect((await snapshot(studio)).status[block.id]).toEqual({ state: 'stale' });
    } finally {
      simulator.sim().resetFaults();
    }
  });

  it('does not bill a block locked while it waited, and does not select a take over a block locked while it rendered', async () => {
    simulator.sim().setFaults({ realtimeFactor: 1, firstAudioMs: 50 });
    try {
      const studio = await startAsync();
      const project = await asyncProject(studio, 'Locked midway');
      const blocks = project.project.chapters[0]!.blocks;
      const [rendering, , , waiting] = blocks;
      const spoken = spokenFromNow();
      await studio.invoke('render:start', { scope: { kind: 'stale' }, regenerate: false });
      await expect.poll(async () => (await snapshot(studio)).status[rendering!.id]?.state).toBe('rendering');
      await studio.invoke('project:edit', {
        revision: 0,
        edits: [
          { op: 'update-block', blockId: rendering!.id, locked: true },
          { op: 'update-block', blockId: waiting!.id, locked: true },
        ],
      });
      await expect.poll(async () => (await studio.invoke('render:status', {})).state, { timeout: 20_000 }).toBe('idle');
      expect(spoken()).not.toContain(waiting!.text);
      expect(spoken()).toContain(rendering!.text);
      expect(await studio.invoke('render:status', {})).toMatchObject({ total: 3, done: 3, failed: 0 });
      const after = await snapshot(studio);
      const kept = blocksOf(after).find((b) => b.id === rendering!.id)!;
      expect(kept.takes).toHaveLength(1);
      expect(kept.selectedTakeId).toBeNull();
      expect(blocksOf(after).find((b) => b.id === waiting!.id)!.takes).toEqual([]);
      expect(after.status[waiting!.id]).toEqual({ state: 'stale' });
    } finally {
      simulator.sim().resetFaults();
    }
  });

  it('gets back a finished take the project save lost, without a request', async () => {
    const studio = await startAsync();
    const project = await asyncProject(studio, 'Lost save');
    await studio.invoke('project:close', {});
    const unrendered = await readFile(join(project.dir, PROJECT_FILE), 'utf8');
    await studio.invoke('project:open', { dir: project.dir });
    await studio.invoke('render:start', { scope: { kind: 'stale' }, regenerate: false });
    const rendered = await allReady(studio);
    await studio.invoke('project:close', {});
    // The app died after the renders, before any save listed them.
    await writeFile(join(project.dir, PROJECT_FILE), unrendered);

    const spoken = spokenFromNow();
    const reopened = (await studio.invoke('project:open', { dir: project.dir }))!;
    expect(Object.values(reopened.status).every((s) => s.state === 'ready')).toBe(true);
    expect(reopened.messages).toEqual(['4 finished render(s) that the last save did not list were recovered.']);
    expect(blocksOf(reopened).map((b) => b.takes[0]!.file)).toEqual(blocksOf(rendered).map((b) => b.takes[0]!.file));
    expect(spoken()).toEqual([]);
  });

  it('gets back a regenerated take the project save lost, unselected beside the kept one, without a request', async () => {
    const studio = await startAsync();
    const { project, block } = await oneBlockRendered(studio, 'Lost regenerate', 0);
    const [kept] = blocksOf(await snapshot(studio)).find((b) => b.id === block.id)!.takes;
    await studio.invoke('project:close', {});
    // A regenerate finished and left the journal; the app died before the save listed it.
    const lost = `${kept!.cacheKey}-lost1.wav`;
    await copyFile(takeAudioPath(project.dir, kept!.file), takeAudioPath(project.dir, lost));
    await copyFile(
      takeAudioPath(project.dir, `${kept!.file}.timing.json`),
      takeAudioPath(project.dir, `${lost}.timing.json`),
    );

    const spoken = spokenFromNow();
    const reopened = (await studio.invoke('project:open', { dir: project.dir }))!;
    const recovered = blocksOf(reopened).find((b) => b.id === block.id)!;
    expect(recovered.takes.map((t) => [t.id, t.file])).toEqual([
      [kept!.id, kept!.file],
      ['lost1', lost],
    ]);
    expect(recovered.selectedTakeId).toBe(kept!.id);
    expect(reopened.status[block.id]).toEqual({ state: 'ready' });
    expect(reopened.messages).toEqual(['1 finished render(s) that the last save did not list were recovered.']);
    expect(await studio.invoke('render:status', {})).toMatchObject({ total: 0 });
    expect(spoken()).toEqual([]);
  });

  it('resumes a render the app quit in the middle of, sending no finished block again', async () => {
    simulator.sim().setFaults({ realtimeFactor: 3, firstAudioMs: 20 });
    try {
      const studio = await startAsync();
      const project = await asyncProject(studio, 'Interrupted');
      const texts = blocksOf(project).map((b) => b.text);
      const spokenSince = spokenFromNow();
      await studio.invoke('render:start', { scope: { kind: 'stale' }, regenerate: false });
      // Quit as soon as the first block is done, with the others queued or half spoken.
      await expect
        .poll(async () => Object.values((await snapshot(studio)).status).filter((s) => s.state === 'ready').length, {
          timeout: 30_000,
          interval: 20,
        })
        .toBeGreaterThan(0);
      await studio.close();
      const saved = JSON.parse(await readFile(join(project.dir, PROJECT_FILE), 'utf8')) as ProjectSnapshot['project'];
      const done = saved.chapters.flatMap((c) => c.blocks).filter((b) => b.takes.length > 0);
      expect(done.length).toBeGreaterThan(0);
      expect(done.length).toBeLessThan(4);
      const journal = JSON.parse(await readFile(join(project.dir, RENDER_JOURNAL_FILE), 'utf8')) as { jobs: unknown[] };
      expect(journal.jobs.length).toBe(4 - done.length);

      // The next run: opening the project picks the render up where it stopped.
      const next = await startAsync();
      await next.invoke('project:open', { dir: project.dir });
      const finished = await allReady(next);
      expect(blocksOf(finished).every((b) => b.takes.length === 1)).toBe(true);
      const spoken = spokenSince();
      for (const block of done) expect(spoken.filter((t) => t === block.text)).toHaveLength(1);
      for (const text of texts) expect(spoken.filter((t) => t === text).length).toBeGreaterThanOrEqual(1);
      await expect
        .poll(() => next.eventsOf('render:progress').at(-1))
        .toMatchObject({ state: 'idle', done: 4 - done.length });
    } finally {
      simulator.sim().resetFaults();
    }
  });
});
