import { describe, expect, it } from 'vitest';
import { planTimeline } from '../../../electron/engine/audio/pauses';
import { readTakeAudio } from '../../../electron/engine/project/take-files';
import {
  chapterParts,
  loadScope,
  selectedTake,
  takeTimelineInput,
} from '../../../electron/engine/project/project-timeline';
import type { StreamMessage } from '../../../shared/ipc-contract';
import type { ProjectSnapshot } from '../../../shared/project-session';
import { useStudio, type StudioUnderTest } from './project-harness';

/** Chapter playback with the offline engine's real speech: what is streamed, block by block. */
const start = useStudio();
const RATE = 44_100;

const SCRIPT = [
  'The tide turned at noon. The boats came home.',
  'A bell rang twice.',
  'Then the harbour was still.',
  'Night fell over the water. Lamps were lit.',
].join('\n\n');

async function renderedChapter(studio: StudioUnderTest): Promise<ProjectSnapshot> {
  const created = await studio.invoke('project:create', { name: 'Playback' });
  await studio.invoke('project:import-script', { fileName: 'tide.txt', text: SCRIPT });
  const imported = (await studio.invoke('project:get', {}))!;
  const chapter = imported.project.chapters[0]!;
  const b2 = chapter.blocks[1]!;
  await studio.invoke('project:edit', {
    revision: imported.revision,
    edits: [
      { op: 'set-pauses', pauses: { betweenBlocksMs: 700, betweenSentencesMs: 250, headRoomMs: 900 } },
      { op: 'update-block', blockId: b2.id, pauseAfterMs: 1300 },
      // A block with nothing to say: it is announced as skipped and takes no time.
      {
        op: 'add-block',
        chapterId: chapter.id,
        index: 1,
        block: { id: 'blank', text: '', speakerId: created.project.defaults.speakerId },
      },
    ],
  });
  await studio.invoke('render:start', { scope: { kind: 'chapter', chapterId: chapter.id }, regenerate: false });
  await expect
    .poll(async () => Object.values((await studio.invoke('project:get', {}))!.status).map((s) => s.state), {
      timeout: 60_000,
      interval: 50,
    })
    .toEqual(['ready', 'empty', 'ready', 'ready', 'ready']);
  return (await studio.invoke('project:get', {}))!;
}

/** The stream's audio as one array, and where each block-start fell in it (in samples). */
function heard(messages: StreamMessage[]) {
  const parts: Float32Array[] = [];
  const starts: Array<{ blockId: string; at: number; startSeconds: number; skipped: boolean }> = [];
  let length = 0;
  for (const m of messages) {
    if (m.type === 'chunk') {
      const pcm = new Float32Array(m.pcm.slice().buffer);
      parts.push(pcm);
      length += pcm.length;
    }
    if (m.type === 'block-start')
      starts.push({ blockId: m.blockId, at: length, startSeconds: m.startSeconds, skipped: m.skipped });
  }
  const pcm = new Float32Array(length);
  let at = 0;
  for (const part of parts) {
    pcm.set(part, at);
    at += part.length;
  }
  return { pcm, starts };
}

describe('project playback', () => {
  it('plays a chapter block by block with exactly the pauses asked for, announcing each block where it starts', async () => {
    const studio = await start();
    const project = await renderedChapter(studio);
    const chapter = project.project.chapters[0]!;
    const { sink, finished } = studio.stream('project:play', { chapterId: chapter.id, fromBlockId: null });
    await finished;
    expect(sink.messages[0]).toMatchObject({ type: 'format', sampleRate: RATE });
    expect(sink.messages.at(-1)).toMatchObject({ type: 'done', takeId: null });
    const { pcm, starts } = heard(sink.messages);
    expect(starts.map((s) => [s.blockId, s.skipped])).toEqual(chapter.blocks.map((b) => [b.id, b.id === 'blank']));
    for (const s of starts) expect(Math.round(s.startSeconds * RATE)).toBe(s.at);

    // Each block as the planner lays it out alone (its trimmed edges and its sentence pauses).
    const spoken = chapter.blocks.filter((b) => b.id !== 'blank');
    const lengths: number[] = [];
    for (const block of spoken) {
      const { input } = await takeTimelineInput(project.dir, block, selectedTake(block)!);
      const plan = planTimeline({
        sampleRate: RATE,
        chapters: [{ id: chapter.id, blocks: [input] }],
        pauses: { ...project.project.defaults.pauses, headRoomMs: 0, tailRoomMs: 0 },
      });
      lengths.push(plan.length);
    }
    const voiced = starts.filter((s) => !s.skipped);
    // Between one block's audio and the next: exactly the pause, in silence. The blank block adds nothing.
    const pauses = [700, 1300, 700].map((ms) => Math.round((ms * RATE) / 1000));
    for (let i = 0; i + 1 < voiced.length; i++) {
      const end = voiced[i]!.at + lengths[i]!;
      expect(voiced[i + 1]!.at - end).toBe(pauses[i]);
      expect(pcm.subarray(end, voiced[i + 1]!.at).every((s) => s === 0)).toBe(true);
      // The block's own audio ends with speech, not with the engine's silence (it was trimmed).
      expect(Math.max(...pcm.subarray(end - 200, end).map(Math.abs))).toBeGreaterThan(0.001);
    }
    // The blank block is announced where the block before it ended: it takes no time and no pause.
    expect(starts[1]!.at).toBe(voiced[0]!.at + lengths[0]!);
    expect(pcm.length).toBe(voiced.at(-1)!.at + lengths.at(-1)!);
    // No head room in playback: the first block starts at once.
    expect(voiced[0]!.at).toBe(0);
    // And the blocks fall where the export lays out the whole chapter (less its head room).
    const { input } = await loadScope(
      project.dir,
      project.project,
      chapterParts(project.project, (b) => b.id !== 'blank'),
    );
    const whole = planTimeline(input);
    expect(voiced.map((s) => s.at)).toEqual(whole.blocks.map((b) => b.start - whole.blocks[0]!.start));

    // From the third block on: it starts at once, and the rest follows as before.
    const from = studio.stream('project:play', { chapterId: chapter.id, fromBlockId: spoken[2]!.id });
    await from.finished;
    const later = heard(from.sink.messages);
    expect(later.starts.map((s) => [s.blockId, s.at])).toEqual([
      [spoken[2]!.id, 0],
      [spoken[3]!.id, lengths[2]! + pauses[2]!],
    ]);
  });

  it('stops when the listener stops, plays one take on its own, and names what is missing', async () => {
    const studio = await start();
    const project = await renderedChapter(studio);
    const chapter = project.project.chapters[0]!;
    const { sink, finished } = studio.stream('project:play', { chapterId: chapter.id, fromBlockId: null });
    await sink.waitFor((m) => m.type === 'chunk');
    sink.close();
    await finished;
    expect(sink.ofType('done')).toEqual([]);
    expect(sink.ofType('block-start').length).toBeLessThan(chapter.blocks.length);

    const block = chapter.blocks[0]!;
    const take = selectedTake(block)!;
    const one = studio.stream('project:take-audio', { blockId: block.id, takeId: take.id });
    await one.finished;
    const audio = await readTakeAudio(project.dir, take);
    expect(one.sink.messages[0]).toMatchObject({ type: 'format', sampleRate: audio.sampleRate });
    expect(heard(one.sink.messages).pcm).toEqual(audio.pcm);
    expect(one.sink.messages.at(-1)).toMatchObject({ type: 'done', takeId: take.id });

    const missing = studio.stream('project:take-audio', { blockId: block.id, takeId: 'nope' });
    await missing.finished;
    expect(missing.sink.messages).toEqual([
      expect.objectContaining({ type: 'error', error: expect.objectContaining({ code: 'NOT_FOUND' }) }),
    ]);
    const noChapter = studio.stream('project:play', { chapterId: 'nope', fromBlockId: null });
    await noChapter.finished;
    expect(noChapter.sink.messages[0]).toMatchObject({ type: 'error', error: { code: 'NOT_FOUND' } });
  });
});
