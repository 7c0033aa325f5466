import { openTakeStore } from '../../electron/engine/studio/take-store';
import { takePeaks } from '../../electron/engine/studio/take-peaks';
import { DEFAULT_MODEL_ID } from '../../shared/models';
import type { TakeSentence, TakeSummary } from '../../shared/takes';
import { spokenSentences, SPEECH_RATE } from './audio-bench';

/** An hour, the length of a long narration. */
export const LONG_TAKE_SECONDS = 3600;
export const LONG_TAKE_NAME = 'One-hour take (benchmark)';

const SETTINGS = { voiceId: 'offline:slt', modelId: DEFAULT_MODEL_ID, language: null };

/**
 * Writes a one-hour take into `dataDir` through the engine's take store, as a play would: the
 * benchmark's minute of Flite speech looped sentence by sentence (synthesising an hour would take
 * far longer than the benchmark may), at the studio's default 44.1 kHz.
 */
export async function writeLongTake(dataDir: string): Promise<{ take: TakeSummary; pcmBytes: number }> {
  const spoken = await spokenSentences();
  const total = LONG_TAKE_SECONDS * SPEECH_RATE;
  const pcm = new Float32Array(total);
  const sentences: TakeSentence[] = [];
  for (let at = 0, index = 0; at < total; index++) {
    const { text, pcm: audio } = spoken[index % spoken.length]!;
    const length = Math.min(audio.length, total - at);
    pcm.set(audio.subarray(0, length), at);
    sentences.push({
      index,
      text,
      startSeconds: at / SPEECH_RATE,
      endSeconds: (at + length) / SPEECH_RATE,
      settings: SETTINGS,
      metrics: { timeToFirstAudioMs: null, charactersSent: text.length, audioSeconds: length / SPEECH_RATE },
    });
    at += length;
  }
  const take: TakeSummary = {
    id: 'bench-one-hour',
    name: LONG_TAKE_NAME,
    createdAt: new Date().toISOString(),
    text: sentences.map((s) => s.text).join(' '),
    engine: 'offline',
    transport: 'ws',
    settings: SETTINGS,
    sampleRate: SPEECH_RATE,
    durationSeconds: LONG_TAKE_SECONDS,
    sentences,
    timeToFirstAudioMs: null,
  };
  const takes = await openTakeStore({ dataDir, emit: () => undefined });
  await takes.save(take, pcm);
  await takes.flush();
  return { take, pcmBytes: pcm.byteLength };
}

/**
 * `takes:peaks` in the engine for the stored take, as the web shell's first request meets it
 * (a fresh store: the WAV read from disk and parsed, then the peaks) and once the audio is cached.
 */
export async function timeTakePeaks(
  dataDir: string,
  takeId: string,
  samplesPerPeak: number,
): Promise<{ coldMs: number; warmMs: number }> {
  const takes = await openTakeStore({ dataDir, emit: () => undefined });
  let start = performance.now();
  await takePeaks(takes, { takeId, samplesPerPeak });
  const coldMs = performance.now() - start;
  start = performance.now();
  await takePeaks(takes, { takeId, samplesPerPeak });
  return { coldMs, warmMs: performance.now() - start };
}
