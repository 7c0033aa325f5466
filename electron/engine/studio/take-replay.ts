import type { StreamRequest } from '../../../shared/ipc-contract';
import { pcmBytes } from './chunk-coalescer';
import type { StreamSink } from './dispatch';
import { regionSamples } from './take-region';
import type { TakeStore } from './take-store';

/** Stored audio has no latency to hide, so replay messages can be longer than live ones. */
const REPLAY_CHUNK_SECONDS = 0.5;

/**
 * Sends stored audio as `chunk`s of sentence (or block) `index`, at most REPLAY_CHUNK_SECONDS
 * each, yielding between them so a close from the consumer gets through during a long one.
 * Returns false when the consumer has gone.
 */
export async function sendStoredPcm(
  sink: StreamSink,
  pcm: Float32Array,
  sampleRate: number,
  index: number,
): Promise<boolean> {
  const step = Math.round(REPLAY_CHUNK_SECONDS * sampleRate);
  for (let at = 0; at < pcm.length; at += step) {
    if (sink.signal.aborted) return false;
    sink.send({ type: 'chunk', index, pcm: pcmBytes(pcm.subarray(at, at + step)) });
    await new Promise((resolve) => setImmediate(resolve));
  }
  return !sink.signal.aborted;
}

/**
 * `takes:audio`: a stored take (or a region of it) streamed like a live play, `format`, `chunk`s
 * cut at sentence boundaries and numbered by sentence, `done`, for replay and A/B comparison.
 * Stops as soon as the consumer closes the stream.
 */
export async function replayTake(
  takes: TakeStore,
  { takeId, region }: StreamRequest<'takes:audio'>,
  sink: StreamSink,
): Promise<void> {
  const { pcm, sampleRate } = await takes.audio(takeId);
  const sentences = takes.get(takeId)?.sentences ?? [];
  const { start, end } = regionSamples(region, pcm.length, sampleRate);
  sink.send({ type: 'format', playId: takeId, sampleRate });
  let at = start;
  for (const [k, sentence] of sentences.entries()) {
    // The last sentence runs to the end, whatever is after its own end.
    const stop = k === sentences.length - 1 ? end : Math.min(end, Math.round(sentence.endSeconds * sampleRate));
    if (stop <= at) continue;
    if (!(await sendStoredPcm(sink, pcm.subarray(at, stop), sampleRate, sentence.index))) return;
    at = stop;
  }
  if (at < end && !(await sendStoredPcm(sink, pcm.subarray(at, end), sampleRate, 0))) return;
  if (!sink.signal.aborted) sink.send({ type: 'done', takeId });
}
