import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import type { TakeSummary } from '../../../shared/takes';
import { encodeWav, parseWav } from '../audio/wav';
import { writeFileAtomic } from '../fs/atomic-write';
import { createLogger } from '../log';
import type { EmitEvent } from './dispatch';

const log = createLogger('takes');

/** Ids become file names, so only these characters are accepted, whatever a file on disk says. */
const TAKE_ID = /^[A-Za-z0-9_-]{1,100}$/;
const INDEX_FILE = 'takes.json';
/** Decoded takes kept in memory: enough for A/B comparison and an export right after a replay. */
const AUDIO_CACHE = 2;

const VoiceSettingsSchema = z.object({
  voiceId: z.string(),
  modelId: z.string(),
  language: z.string().nullable().optional(),
  speed: z.number().optional(),
  stability: z.number().optional(),
});

const MetricsSchema = z.object({
  timeToFirstAudioMs: z.number().nullable(),
  charactersSent: z.number(),
  audioSeconds: z.number(),
});

/** A take's record as stored in the index and beside its audio; anything else on disk is ignored. */
const TakeSummarySchema = z.object({
  id: z.string().regex(TAKE_ID),
  name: z.string(),
  createdAt: z.string(),
  text: z.string(),
  engine: z.enum(['async', 'offline']),
  transport: z.enum(['ws', 'http']),
  settings: VoiceSettingsSchema,
  sampleRate: z.number().int().positive(),
  durationSeconds: z.number().min(0),
  sentences: z.array(
    z.object({
      index: z.number().int().min(0),
      text: z.string(),
      startSeconds: z.number(),
      endSeconds: z.number(),
      settings: VoiceSettingsSchema,
      metrics: MetricsSchema,
    }),
  ),
  timeToFirstAudioMs: z.number().nullable(),
}) satisfies z.ZodType<TakeSummary>;

export interface TakeAudio {
  pcm: Float32Array;
  sampleRate: number;
}

export interface TakeStore {
  /** Newest first. */
  list(): TakeSummary[];
  get(takeId: string): TakeSummary | undefined;
  /** Writes (or replaces) a finished take: its audio, its metadata beside it, then the index. */
  save(take: TakeSummary, pcm: Float32Array): Promise<void>;
  rename(takeId: string, name: string): Promise<TakeSummary>;
  remove(takeId: string): Promise<void>;
  /** The take's audio as float PCM at its own rate. */
  audio(takeId: string): Promise<TakeAudio>;
  /** Waits for writes in progress. */
  flush(): Promise<void>;
}

function notFound(takeId: string): StudioError {
  return new StudioError({
    code: 'NOT_FOUND',
    message: `There is no take "${takeId}".`,
    hint: 'It may have been deleted; pick another take from the list.',
  });
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn(`Cannot read ${path}: ${String(error)}`);
    return undefined;
  }
}

function newestFirst(takes: Iterable<TakeSummary>): TakeSummary[] {
  return [...takes].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}

/**
 * Takes kept in `dataDir/takes`: `<id>.wav` (32-bit float, exactly what was streamed), `<id>.json`
 * (the take's record) and `takes.json` (the index, rewritten atomically). A take is written only
 * once finished and listed only once its audio is on disk, so a crash never lists half a take; at
 * start the index is reconciled with the folder (entries without audio dropped, audio with a
 * record but no entry put back).
 */
export async function openTakeStore(options: { dataDir: string; emit: EmitEvent }): Promise<TakeStore> {
  const dir = join(options.dataDir, 'takes');
  await mkdir(dir, { recursive: true });
  const wavPath = (id: string) => join(dir, `${id}.wav`);
  const recordPath = (id: string) => join(dir, `${id}.json`);
  const indexPath = join(dir, INDEX_FILE);

  const takes = new Map<string, TakeSummary>();
  const cache = new Map<string, Promise<TakeAudio>>();

  const files = new Set(await readdir(dir));
  const indexed = await readJson(indexPath);
  let reconciled = !Array.isArray(indexed);
  for (const entry of Array.isArray(indexed) ? indexed : []) {
    const parsed = TakeSummarySchema.safeParse(entry);
    if (parsed.success && files.has(`${parsed.data.id}.wav`)) takes.set(parsed.data.id, parsed.data);
    else reconciled = true;
  }
  for (const file of files) {
    const id = file.endsWith('.wav') ? file.slice(0, -4) : null;
    if (!id || !TAKE_ID.test(id) || takes.has(id)) continue;
    const parsed = TakeSummarySchema.safeParse(await readJson(recordPath(id)));
    if (parsed.success && parsed.data.id === id) {
      takes.set(id, parsed.data);
      reconciled = true;
      log.info(`Re-indexed take ${id} from its record.`);
    } else {
      log.warn(`Audio file ${file} has no readable record; it is left in place but not listed.`);
    }
  }

  let queue: Promise<unknown> = Promise.resolve();
  /** Changes run one at a time so the index on disk always matches the last change. */
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  const writeIndex = () => writeFileAtomic(indexPath, JSON.stringify(newestFirst(takes.values())));
  const changed = () => options.emit('takes:changed', { takes: newestFirst(takes.values()) });

  if (reconciled) {
    await writeIndex();
    log.info(`Rebuilt the take index (${takes.size} takes).`);
  }

  const existing = (takeId: string) => {
    const take = takes.get(takeId);
    if (!take) throw notFound(takeId);
    return take;
  };

  return {
    list: () => newestFirst(takes.values()),
    get: (takeId) => takes.get(takeId),
    save: (take, pcm) =>
      serially(async () => {
        const record = TakeSummarySchema.parse(take);
        await writeFileAtomic(wavPath(record.id), encodeWav(pcm, record.sampleRate, { format: 'f32' }));
        // Only now: a read started while the file was being written may have cached the old audio.
        cache.delete(record.id);
        await writeFileAtomic(recordPath(record.id), JSON.stringify(record));
        takes.set(record.id, record);
        await writeIndex();
        changed();
      }),
    rename: (takeId, name) =>
      serially(async () => {
        const take = { ...existing(takeId), name };
        await writeFileAtomic(recordPath(takeId), JSON.stringify(take));
        takes.set(takeId, take);
        await writeIndex();
        changed();
        return take;
      }),
    remove: (takeId) =>
      serially(async () => {
        existing(takeId);
        // Record first: a crash part-way leaves audio that is no longer re-indexed, never a listed take without audio.
        await rm(recordPath(takeId), { force: true });
        takes.delete(takeId);
        cache.delete(takeId);
        await writeIndex();
        await rm(wavPath(takeId), { force: true });
        changed();
      }),
    async audio(takeId) {
      existing(takeId);
      let audio = cache.get(takeId);
      if (!audio) {
        audio = readFile(wavPath(takeId)).then(
          (bytes) => {
            const { pcm, sampleRate } = parseWav(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
            return { pcm, sampleRate };
          },
          (error: unknown) => {
            log.warn(`The audio of take ${takeId} cannot be read: ${String(error)}`);
            throw notFound(takeId);
          },
        );
        audio.catch(() => cache.delete(takeId));
        cache.set(takeId, audio);
        while (cache.size > AUDIO_CACHE) cache.delete(cache.keys().next().value!);
      } else {
        // Most recently used last, so the oldest is the one dropped.
        cache.delete(takeId);
        cache.set(takeId, audio);
      }
      return audio;
    },
    flush: () => queue.then(() => undefined),
  };
}
