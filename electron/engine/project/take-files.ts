import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { OutputFormat } from '../../../shared/audio-format';
import type { Take } from '../../../shared/project';
import { encodeWav, parseWav } from '../audio/wav';
import { writeFileAtomic } from '../fs/atomic-write';
import { AUDIO_DIR, takeAudioPath, writeTakeAudio } from './project-store';

/*
 * A project take on disk: `audio/<file>` (16-bit WAV: what the API sends, at half the size of
 * float) and beside it `audio/<file>.timing.json`, where its sentences and, when the engine gave
 * them, its words fall. Captions, chapter playback highlighting and the QA pass read the timing.
 * The audio is written before the project lists the take, so a listed take always has its audio.
 */

/**
 * What project blocks are rendered as, whatever the studio's live settings: one format for a
 * whole book, so blocks splice without resampling and render-cache keys stay put when someone
 * changes the live sample rate. 44.1 kHz 16-bit is the Async WebSocket default and CD/ACX rate.
 */
export const PROJECT_RENDER_FORMAT: OutputFormat = { container: 'raw', encoding: 'pcm_s16le', sampleRate: 44_100 };

const TakeTimingSchema = z.object({
  sampleRate: z.number().int().positive(),
  /** Sentences in order, in samples of the take's own audio. */
  sentences: z
    .array(z.object({ text: z.string(), startSample: z.number().int().min(0), endSample: z.number().int().min(0) }))
    .max(10_000),
  /** Word timings from `/text_to_speech/with_timestamps` or the offline engine; null when unknown. */
  words: z
    .array(z.object({ word: z.string(), startMs: z.number().min(0), endMs: z.number().min(0) }))
    .max(100_000)
    .nullable(),
});
export type TakeTiming = z.infer<typeof TakeTimingSchema>;

export interface TakeAudio {
  pcm: Float32Array;
  sampleRate: number;
}

/** The timing sidecar of a take file. */
export const timingFile = (file: string) => `${file}.timing.json`;

/** Writes a finished take: the timing first, then the audio, both atomically. */
export async function writeProjectTake(dir: string, file: string, audio: TakeAudio, timing: TakeTiming): Promise<void> {
  await mkdir(join(dir, AUDIO_DIR), { recursive: true });
  await writeFileAtomic(takeAudioPath(dir, timingFile(file)), `${JSON.stringify(timing)}\n`);
  await writeTakeAudio(dir, file, encodeWav(audio.pcm, audio.sampleRate, { format: 's16' }));
}

export async function readTakeAudio(dir: string, take: Pick<Take, 'file'>): Promise<TakeAudio> {
  const wav = parseWav(await readFile(takeAudioPath(dir, take.file)));
  return { pcm: wav.pcm, sampleRate: wav.sampleRate };
}

/** The take's timing, or null when its file is missing or damaged (callers fall back to the whole take). */
export async function readTakeTiming(dir: string, take: Pick<Take, 'file'>): Promise<TakeTiming | null> {
  try {
    const parsed = TakeTimingSchema.safeParse(
      JSON.parse(await readFile(takeAudioPath(dir, timingFile(take.file)), 'utf8')),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
