import { stat } from 'node:fs/promises';
import { StudioError } from '../../../shared/errors';
import { plainText } from '../../../shared/markup';
import type { Block, Chapter, Project, Take } from '../../../shared/project';
import { aggregateText } from '../async/text-aggregator';
import type { PcmSource } from '../audio/chunked-job';
import { timelineChunks, type TimelineBlockInput, type TimelineInput, type TimelinePlan } from '../audio/pauses';
import type { BlockCaptionSource } from '../captions/timeline-captions';
import { splitSentences } from '../studio/sentence-plan';
import { takeAudioPath } from './project-store';
import { PROJECT_RENDER_FORMAT, readTakeAudio, readTakeTiming, type TakeTiming } from './take-files';
import { spokenWords } from './word-timed-sentences';

/*
 * A scope of a project (a chapter, some blocks, the whole book) as the audio planner takes it: the
 * selected take of every block, read from disk with its timing, laid out by planTimeline with the
 * project's pauses. The export reads it; so can anything else that needs a stretch of the book.
 */

/** The blocks of one chapter that a scope covers, in project order. */
export interface ChapterPart {
  chapter: Chapter;
  /** The chapter's position in the project, from 1 (file names and marker titles use it). */
  number: number;
  blocks: Block[];
}

export function selectedTake(block: Block): Take | null {
  return block.takes.find((t) => t.id === block.selectedTakeId) ?? null;
}

/** A block with no take and nothing to say (empty, or markup only) has no place in the audio: it is skipped, not missing. */
export function hasNothingToSay(block: Block): boolean {
  return selectedTake(block) === null && plainText(block.text).trim() === '';
}

/** The chapters holding blocks `keep` accepts, each with those blocks; chapters left with none are dropped. */
export function chapterParts(project: Project, keep: (block: Block) => boolean = () => true): ChapterPart[] {
  return project.chapters
    .map((chapter, i) => ({ chapter, number: i + 1, blocks: chapter.blocks.filter(keep) }))
    .filter((part) => part.blocks.length > 0);
}

/** A block the scope needs audio for and has none: no selected take, or its audio file is gone. */
export interface UnrenderedBlock {
  part: ChapterPart;
  block: Block;
}

export async function findUnrendered(dir: string, parts: readonly ChapterPart[]): Promise<UnrenderedBlock[]> {
  const checks = parts.flatMap((part) =>
    part.blocks.map(async (block) => {
      const take = selectedTake(block);
      const present =
        take !== null &&
        (await stat(takeAudioPath(dir, take.file)).then(
          (s) => s.isFile(),
          () => false,
        ));
      return present ? null : { part, block };
    }),
  );
  return (await Promise.all(checks)).filter((b) => b !== null);
}

/** The timeline's rate: the one project takes are rendered at, so no take is resampled in the usual case. */
export const TIMELINE_RATE = PROJECT_RENDER_FORMAT.sampleRate;

/** One block's selected take as the planner takes it: sentence starts from its timing file when there is one. */
export async function takeTimelineInput(
  dir: string,
  block: Block,
  take: Take,
): Promise<{ input: TimelineBlockInput; caption: BlockCaptionSource }> {
  const [audio, timing] = await Promise.all([readTakeAudio(dir, take), readTakeTiming(dir, take)]);
  // The timing counts samples of the take's own audio; a file that says another rate is scaled to it.
  const scale = timing ? audio.sampleRate / timing.sampleRate : 1;
  return {
    input: {
      id: block.id,
      pcm: audio.pcm,
      sampleRate: audio.sampleRate,
      sentenceStarts: timing?.sentences.slice(1).map((s) => Math.round(s.startSample * scale)),
      pauseAfterMs: block.pauseAfterMs,
    },
    caption: {
      words: captionWords(block, timing?.words ?? null),
      sentences: captionSentences(block, timing?.sentences ?? []),
    },
  };
}

/**
 * The timed words as the block writes them: engines time the words they were sent (respelled by
 * the lexicon, often without punctuation), so where the block has as many words, its own take
 * their places; otherwise the engine's words stand, since they at least match the audio.
 */
function captionWords(block: Block, words: TakeTiming['words']): TakeTiming['words'] {
  if (!words) return null;
  const own = spokenWords(block.text);
  return own.length === words.length ? words.map((w, i) => ({ ...w, word: own[i]! })) : words;
}

/**
 * What the captions say for each sentence of a take: the block's own words, not the text sent to
 * the engine, which the lexicon may have respelled ("Nguyen" sent as "Win") or turned into IPA.
 * The lexicon replaces words inside sentences, so the block's text splits into the same sentences
 * as the take; where it does not (the block was edited after the take), the sent text is used,
 * because it at least matches what is heard.
 */
function captionSentences(block: Block, spoken: readonly { text: string }[]): string[] {
  if (spoken.length === 0) return [block.text];
  const own = splitSentences(aggregateText(block.text, 'sentence')).map((pieces) => pieces.map((p) => p.text).join(''));
  return own.length === spoken.length ? own : spoken.map((s) => s.text);
}

export interface LoadedScope {
  input: TimelineInput;
  /** One per block, in the order of the input's blocks (what timelineCaptions expects). */
  captions: BlockCaptionSource[];
}

/**
 * Reads the selected take of every block of `parts`, one at a time (a block's WAV is decoded and
 * dropped before the next is read). Every block must have a take whose audio exists: check with
 * `findUnrendered` first; a take that cannot be read after all is NOT_FOUND naming its block.
 */
export async function loadScope(
  dir: string,
  project: Project,
  parts: readonly ChapterPart[],
  options: { onBlock?: (done: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<LoadedScope> {
  const total = parts.reduce((n, part) => n + part.blocks.length, 0);
  const captions: BlockCaptionSource[] = [];
  const chapters: TimelineInput['chapters'][number][] = [];
  let done = 0;
  for (const part of parts) {
    const blocks: TimelineBlockInput[] = [];
    for (const block of part.blocks) {
      throwIfCancelled(options.signal, 'Reading the takes was cancelled.');
      const where = `Chapter ${part.number}, block ${part.chapter.blocks.indexOf(block) + 1}`;
      const take = selectedTake(block);
      const loaded = take
        ? await takeTimelineInput(dir, block, take).catch((error: unknown) => {
            throw new StudioError(
              {
                code: 'NOT_FOUND',
                message: `${where}: the audio of its take (${take.file}) cannot be read.`,
                hint: 'Render the block again.',
              },
              { cause: error },
            );
          })
        : null;
      if (!loaded) {
        throw new StudioError({
          code: 'BAD_INPUT',
          message: `${where} has no take.`,
          hint: 'Render it first.',
        });
      }
      blocks.push(loaded.input);
      captions.push(loaded.caption);
      options.onBlock?.(++done, total);
    }
    chapters.push({ id: part.chapter.id, blocks });
  }
  return { input: { sampleRate: TIMELINE_RATE, chapters, pauses: project.defaults.pauses }, captions };
}

/** A planned timeline as a PcmSource: the assembled audio, produced piece by piece each time it is read. */
export function timelineSource(plan: TimelinePlan): PcmSource {
  return { length: plan.length, chunks: () => timelineChunks(plan) };
}

/** Throws CANCELLED with `message` once `signal` has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined, message: string): void {
  if (signal?.aborted) throw new StudioError({ code: 'CANCELLED', message });
}
