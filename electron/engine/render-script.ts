import type { SentenceMetrics, SynthesisEvent, TextPiece } from '../../shared/synthesis';
import type { SynthesizeOptions, TtsProvider } from './tts-provider';
import { resample } from './audio/resample';
import { concatPcm } from './audio/concat-pcm';

export interface RenderedSentence {
  index: number;
  text: string;
  /** Position of the sentence in the rendered audio, in samples. */
  startSample: number;
  endSample: number;
  metrics: SentenceMetrics;
}

export interface RenderProgress {
  sentencesDone: number;
  charactersDone: number;
  audioSeconds: number;
  elapsedMs: number;
}

export interface RenderResult {
  pcm: Float32Array;
  sampleRate: number;
  sentences: RenderedSentence[];
}

/**
 * Collects a provider's events into one finished take. Audio is kept per sentence until the
 * sentence ends, so a `sentence-reset` (the connection dropped and the sentence is being spoken
 * again) throws away exactly the partial audio it replaces: every sentence appears once.
 */
export async function renderToPcm(
  provider: TtsProvider,
  pieces: AsyncIterable<TextPiece> | Iterable<TextPiece>,
  options: SynthesizeOptions & { onProgress?: (progress: RenderProgress) => void },
): Promise<RenderResult> {
  const started = performance.now();
  type Sentence = { text: string; chunks: Float32Array[]; sampleRate: number };
  const finished: (Sentence & { metrics: SentenceMetrics; index: number })[] = [];
  const open = new Map<number, Sentence>();
  // The take keeps the rate it started with; a sentence spoken after a sample-rate change is resampled.
  const sampleRate = options.settings().output.sampleRate;
  let charactersDone = 0;
  let audioSeconds = 0;

  for await (const event of provider.synthesize(pieces, options) as AsyncIterable<SynthesisEvent>) {
    switch (event.type) {
      case 'sentence-start':
        open.set(event.index, { text: event.text, chunks: [], sampleRate });
        break;
      case 'audio': {
        const sentence = open.get(event.index);
        if (sentence) {
          sentence.sampleRate = event.sampleRate;
          sentence.chunks.push(event.pcm);
        }
        break;
      }
      case 'sentence-reset': {
        const sentence = open.get(event.index);
        if (sentence) sentence.chunks = [];
        break;
      }
      case 'sentence-end': {
        const sentence = open.get(event.index);
        if (!sentence) break;
        open.delete(event.index);
        finished.push({ ...sentence, metrics: event.metrics, index: event.index });
        charactersDone += event.metrics.charactersSent;
        audioSeconds += event.metrics.audioSeconds;
        options.onProgress?.({
          sentencesDone: finished.length,
          charactersDone,
          audioSeconds,
          elapsedMs: performance.now() - started,
        });
        break;
      }
    }
  }

  finished.sort((a, b) => a.index - b.index);
  const audio = finished.map((s) => resample(concatPcm(s.chunks), s.sampleRate, sampleRate));
  const pcm = concatPcm(audio);
  const sentences: RenderedSentence[] = [];
  let offset = 0;
  finished.forEach((s, i) => {
    const start = offset;
    offset += audio[i]!.length;
    sentences.push({ index: s.index, text: s.text, startSample: start, endSample: offset, metrics: s.metrics });
  });
  return { pcm, sampleRate, sentences };
}
