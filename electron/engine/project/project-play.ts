import { randomUUID } from 'node:crypto';
import { StudioError } from '../../../shared/errors';
import type { StreamRequest } from '../../../shared/ipc-contract';
import { findBlock } from '../../../shared/project-edits';
import { planTimeline, timelineChunks } from '../audio/pauses';
import type { StreamSink } from '../studio/dispatch';
import { PlaybackEstimate } from '../studio/playback-estimate';
import { SYNTHESIS_LEAD_MS, SYNTHESIS_RESUME_MS, type SetTimer } from '../studio/play-session';
import { sendStoredPcm } from '../studio/take-replay';
import type { ProjectSession } from './project-session';
import { TIMELINE_RATE, selectedTake, takeTimelineInput } from './project-timeline';
import { readTakeAudio } from './take-files';

const RATE = TIMELINE_RATE;
const msToSamples = (ms: number) => Math.round((ms * RATE) / 1000);

export interface ChapterPlayOptions {
  /** When to look again at how far ahead of the listener the stream is. */
  setTimer: SetTimer;
  now?: () => number;
}

/**
 * `project:play`: a chapter's selected takes from one block on, laid out as the export lays them
 * out (planTimeline: trimmed edges, exact pauses between sentences and blocks) but read and sent
 * one block at a time, never more than SYNTHESIS_LEAD_MS ahead of the listener, so an hour-long
 * chapter costs the memory of a block. Each block is announced by `block-start` at the second it
 * starts in the stream; blocks with no usable take are announced as skipped and take no time.
 */
export async function playChapter(
  session: ProjectSession,
  { chapterId, fromBlockId }: StreamRequest<'project:play'>,
  sink: StreamSink,
  options: ChapterPlayOptions,
): Promise<void> {
  const project = session.current;
  const chapter = project.chapters.find((c) => c.id === chapterId);
  if (!chapter) {
    throw new StudioError({ code: 'NOT_FOUND', message: `There is no chapter "${chapterId}" in this project.` });
  }
  const first = fromBlockId === null ? 0 : chapter.blocks.findIndex((b) => b.id === fromBlockId);
  if (first < 0) {
    throw new StudioError({ code: 'NOT_FOUND', message: `There is no block "${fromBlockId}" in this chapter.` });
  }
  const { pauses } = project.defaults;
  const playback = new PlaybackEstimate(options.now ?? (() => performance.now()));
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const stop = () => (cancel(), resolve());
      // The listener goes when the timer fires: an hour-long chapter waits hundreds of times on one signal.
      const cancel = options.setTimer(() => (sink.signal.removeEventListener('abort', stop), resolve()), ms);
      sink.signal.addEventListener('abort', stop, { once: true });
    });

  sink.send({ type: 'format', playId: randomUUID(), sampleRate: RATE });
  let position = 0;
  /** The pause owed before the next audible block, once a block has been heard. */
  let pending: number | null = null;
  for (let index = first; index < chapter.blocks.length; index++) {
    while (playback.remainingMs() > SYNTHESIS_LEAD_MS && !sink.signal.aborted) {
      await wait(playback.remainingMs() - SYNTHESIS_RESUME_MS);
    }
    if (sink.signal.aborted) return;
    const block = chapter.blocks[index]!;
    const take = selectedTake(block);
    const input = take
      ? await takeTimelineInput(session.dir, block, take).then(
          (t) => t.input,
          () => null,
        )
      : null;
    if (!input) {
      sink.send({ type: 'block-start', blockId: block.id, startSeconds: position / RATE, skipped: true });
      continue;
    }
    // The block alone, with no head or tail room: its own trimming and sentence pauses, exactly as in the whole chapter.
    const plan = planTimeline({
      sampleRate: RATE,
      chapters: [{ id: chapter.id, blocks: [input] }],
      pauses: { ...pauses, headRoomMs: 0, tailRoomMs: 0 },
    });
    const audible = plan.length > 0;
    if (audible && pending !== null) {
      if (!(await sendStoredPcm(sink, new Float32Array(pending), RATE, index))) return;
      playback.chunk(index, pending / RATE);
      position += pending;
    }
    sink.send({ type: 'block-start', blockId: block.id, startSeconds: position / RATE, skipped: false });
    for (const chunk of timelineChunks(plan)) {
      if (!(await sendStoredPcm(sink, chunk, RATE, index))) return;
      playback.chunk(index, chunk.length / RATE);
    }
    position += plan.length;
    if (audible) pending = msToSamples(block.pauseAfterMs ?? pauses.betweenBlocksMs);
  }
  if (!sink.signal.aborted) sink.send({ type: 'done', takeId: null });
}

/** `project:take-audio`: one take of a block, to compare takes before picking one. */
export async function playTake(
  session: ProjectSession,
  { blockId, takeId }: StreamRequest<'project:take-audio'>,
  sink: StreamSink,
): Promise<void> {
  const { block } = findBlock(session.current, blockId);
  const take = block.takes.find((t) => t.id === takeId);
  if (!take) throw new StudioError({ code: 'NOT_FOUND', message: `Block "${blockId}" has no take "${takeId}".` });
  const audio = await readTakeAudio(session.dir, take).catch((error: unknown) => {
    throw new StudioError(
      {
        code: 'NOT_FOUND',
        message: `The audio of this take (${take.file}) cannot be read.`,
        hint: 'Render the block again.',
      },
      { cause: error },
    );
  });
  sink.send({ type: 'format', playId: takeId, sampleRate: audio.sampleRate });
  if (!(await sendStoredPcm(sink, audio.pcm, audio.sampleRate, 0))) return;
  sink.send({ type: 'done', takeId });
}
