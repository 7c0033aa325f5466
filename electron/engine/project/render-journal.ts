import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  BlockSchema,
  PROJECT_LIMITS,
  SpeakerVoiceSchema,
  TakeProvenanceSchema,
  TakeSchema,
} from '../../../shared/project';
import { describeIssues } from '../../../shared/errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { createLogger } from '../log';
import type { RenderJob } from './render-block';

const log = createLogger('render-queue');

/*
 * The render queue's journal, `<project>/render-queue.json`: every job enqueued and not yet
 * finished, failed or cancelled, so a render interrupted by a crash or a quit resumes at the next
 * open. It is the list of what is left, not a log: finished jobs leave it once their take is on
 * disk, and a job that was being rendered when the app died is in it, to be asked for again.
 */

export const RENDER_JOURNAL_FILE = 'render-queue.json';
const JOURNAL_VERSION = 1;
/** Far above a 50,000-block book; a bigger file is not one this studio wrote. */
const MAX_JOURNAL_BYTES = 64 * 1024 * 1024;

const JournalEntrySchema = z.object({
  blockId: BlockSchema.shape.id,
  cacheKey: TakeSchema.shape.cacheKey,
  text: TakeProvenanceSchema.shape.text,
  voice: SpeakerVoiceSchema,
  regenerate: z.boolean(),
  /**
   * Chosen when the job is enqueued, so a regenerate's file `<cacheKey>-<takeId>.wav` is known
   * before its request is sent: after a crash, finding that file means it was billed already.
   */
  takeId: TakeSchema.shape.id,
});

const JournalSchema = z.object({
  version: z.literal(JOURNAL_VERSION),
  jobs: z.array(JournalEntrySchema).max(PROJECT_LIMITS.blocks),
});

export type JournalEntry = z.infer<typeof JournalEntrySchema> & RenderJob;

const journalPath = (dir: string) => join(dir, RENDER_JOURNAL_FILE);

/**
 * The jobs a previous run left. A missing journal is an empty one; a damaged one is logged and
 * treated as empty, because refusing to open a project over its queue would be far worse than
 * forgetting a render (whose finished takes are on disk anyway, and cost nothing to find again).
 */
export async function readRenderJournal(dir: string): Promise<JournalEntry[]> {
  const path = journalPath(dir);
  let problem: string;
  try {
    const size = (await stat(path)).size;
    if (size > MAX_JOURNAL_BYTES) {
      problem = `it is ${size} bytes, more than a journal can be`;
    } else {
      const parsed = JournalSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
      if (parsed.success) {
        // One job per block: a later entry is a newer job for the same block.
        return [...new Map(parsed.data.jobs.map((job) => [job.blockId, job])).values()];
      }
      problem = describeIssues(parsed.error);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    problem = error instanceof Error ? error.message : String(error);
  }
  log.warn(`${path} is damaged (${problem}); the unfinished render it listed is forgotten.`);
  return [];
}

/**
 * Writes the journal atomically, one write at a time. `save` asks for the current state (read from
 * `entries()` when the write starts) to reach the disk; calls made while a write is under way are
 * folded into one more write, so a burst of finished blocks costs two writes, not one each.
 */
export class JournalWriter {
  private writing: Promise<void> | null = null;
  private dirty = false;

  constructor(
    private readonly dir: string,
    private readonly entries: () => readonly JournalEntry[],
  ) {}

  /** Resolves once a write that began after this call has finished; rejects when that write fails. */
  save(): Promise<void> {
    this.dirty = true;
    this.writing ??= this.drain();
    return this.writing;
  }

  /** Waits for writes under way (closing the project). */
  async flush(): Promise<void> {
    await this.writing?.catch(() => undefined);
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        const jobs = this.entries().map(({ blockId, cacheKey, text, voice, regenerate, takeId }) => ({
          blockId,
          cacheKey,
          text,
          voice,
          regenerate,
          takeId,
        }));
        await writeFileAtomic(journalPath(this.dir), `${JSON.stringify({ version: JOURNAL_VERSION, jobs })}\n`);
      }
    } catch (error) {
      // The state that failed to reach the disk is still owed to it: the next save writes it.
      this.dirty = true;
      throw error;
    } finally {
      this.writing = null;
    }
  }
}
