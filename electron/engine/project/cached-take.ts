import { readFile } from 'node:fs/promises';
import type { Take } from '../../../shared/project';
import type { Transport } from '../../../shared/synthesis';
import { probeAudio } from '../audio/probe';
import { createLogger } from '../log';
import type { RenderJob } from './render-block';
import { takeAudioPath } from './project-store';
import { readTakeTiming } from './take-files';

const log = createLogger('render-queue');

/**
 * The take a render finds already on disk: `audio/<file>` and its timing, made earlier from the
 * same inputs (the file name is their content address). Null when either file is missing or
 * unreadable, and the block must be rendered. The provenance is rebuilt: text, voice and engine
 * are certain (the key hashes them), the audio's rate and length are read from the file, and what
 * carried the request and how long it took were not kept with the audio.
 */
export async function readCachedTake(
  dir: string,
  file: string,
  job: RenderJob,
  take: { id: string; createdAt: string; transport: Transport },
): Promise<Take | null> {
  const timing = await readTakeTiming(dir, { file });
  if (!timing) return null;
  let audio: ReturnType<typeof probeAudio>;
  try {
    audio = probeAudio(await readFile(takeAudioPath(dir, file)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      log.warn(`${file} is not a readable take (${String(error)}); the block is rendered again.`);
    }
    return null;
  }
  const { engine, ...voice } = job.voice;
  return {
    id: take.id,
    file,
    createdAt: take.createdAt,
    cacheKey: job.cacheKey,
    provenance: {
      text: job.text,
      voice,
      engine,
      transport: take.transport,
      sampleRate: audio.sampleRate,
      durationSeconds: audio.durationSeconds,
      timings: { timeToFirstAudioMs: null, totalMs: 0 },
    },
  };
}
