import type { StreamRequest } from '../../../shared/ipc-contract';
import { pcmBytes } from './chunk-coalescer';
import type { StreamSink } from './dispatch';
import { regionSamples } from './take-region';
import type { TakeStore } from './take-store';

/** Stored audio has no latency to hide, so replay messages can be longer than live ones. */
const REPLAY_CHUNK_SECONDS = 0.5;

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
  const sentences = (takes.get(takeId)?.sentences ?? []).map((s) => ({
    index: s.index,
    end: Math.round(s.endSeconds * sampleRate),
  }));
  const { start, end } = regionSamples(region, pcm.length, sampleRate);
  const step = Math.round(REPLAY_CHUNK_SECONDS * sampleRate);
  sink.send({ type: 'format', playId: takeId, sampleRate });
  let k = 0;
  for (let at = start; at < end;) {
    if (sink.signal.aborted) return;
    while (k < sentences.length - 1 && sentences[k]!.end <= at) k++;
    const sentence = sentences[k];
    const stop = Math.min(end, at + step, sentence && sentence.end > at ? sentence.end : end);
    sink.send({ type: 'chunk', index: sentence?.index ?? 0, pcm: pcmBytes(pcm.subarray(at, stop)) });
    at = stop;
    // Lets a close from the consumer through between the messages of a long take.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (!sink.signal.aborted) sink.send({ type: 'done', takeId });
}
