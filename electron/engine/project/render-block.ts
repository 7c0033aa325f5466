import { StudioError, isStudioError } from '../../../shared/errors';
import type { SpeakerVoice, TakeProvenance } from '../../../shared/project';
import type { AppSettings } from '../../../shared/settings';
import { findModel } from '../../../shared/models';
import type { SynthesisSettings, TextPiece, Transport } from '../../../shared/synthesis';
import { cancelledError } from '../async/http-errors';
import { aggregateText } from '../async/text-aggregator';
import type { OpenedEngine } from '../create-provider';
import { renderToPcm } from '../render-script';
import type { EngineLease, EnginePool } from '../studio/engine-pool';
import { splitSentences } from '../studio/sentence-plan';
import type { SettingsStore } from '../studio/settings-store';
import { PROJECT_RENDER_FORMAT, type TakeAudio, type TakeTiming } from './take-files';
import { sentencesFromWords } from './word-timed-sentences';

export interface RenderJob {
  blockId: string;
  /** blockCacheKey(block, speaker.voice, project.lexicon, PROJECT_RENDER_FORMAT) (render-cache-key.ts, take-files.ts). */
  cacheKey: string;
  /** Exactly the text to send: the block's text after the lexicon (applyLexicon(...).sent). */
  text: string;
  voice: SpeakerVoice;
  /** Make a new take even when audio/<cacheKey>.wav exists (a fresh performance; billed). */
  regenerate: boolean;
}

export interface RenderedBlock {
  audio: TakeAudio;
  timing: TakeTiming;
  /** text = job.text; timings as measured. */
  provenance: TakeProvenance;
}

/** Synthesises one block with the engine its voice names, in PROJECT_RENDER_FORMAT. Throws StudioError. */
export type BlockSynthesizer = (job: RenderJob, signal: AbortSignal) => Promise<RenderedBlock>;

/**
 * Leases the engine a block's voice names. A project never falls back to the offline engine: a
 * book half in one voice and half in Flite is worse than a clear stop, so an Async voice without a
 * key is an AUTH error saying what to do (the pool refuses such a lease, and that is its only AUTH).
 */
async function leaseFor(pool: EnginePool, job: RenderJob, settings: AppSettings) {
  try {
    return await pool.lease(job.voice.engine, settings);
  } catch (error) {
    if (!isStudioError(error) || error.code !== 'AUTH') throw error;
    throw new StudioError(
      {
        code: 'AUTH',
        message: 'This block is spoken by an Async voice, and no Async API key is set.',
        hint: 'Add your Async API key, or cast the speaker with an offline voice.',
      },
      { cause: error },
    );
  }
}

/** A block's audio and timing, and how the request went. */
interface Rendition {
  audio: TakeAudio;
  timing: TakeTiming;
  transport: Transport;
  timeToFirstAudioMs: number | null;
}

/** Streams the block sentence by sentence through the live transport (WebSocket or HTTP streaming). */
async function renderStreamed(
  lease: EngineLease,
  pieces: TextPiece[],
  sentences: number,
  request: SynthesisSettings,
  transport: Transport,
  signal: AbortSignal,
): Promise<Rendition> {
  // renderToPcm resamples any sentence an engine delivers at another rate to the requested one.
  const result = await renderToPcm(lease.engine.provider, pieces, { settings: () => request, signal });
  // Providers end quietly when aborted; what they gave until then is not the block.
  if (signal.aborted) throw cancelledError();
  // A short take would sit in the content-addressed cache as if it were the whole block.
  if (result.sentences.length !== sentences || result.pcm.length === 0) {
    throw new StudioError({
      code: 'SERVER',
      message: `The engine returned ${result.sentences.length} of the block's ${sentences} sentences.`,
      hint: 'Render the block again.',
    });
  }
  return {
    audio: { pcm: result.pcm, sampleRate: result.sampleRate },
    timing: {
      sampleRate: result.sampleRate,
      sentences: result.sentences.map(({ text, startSample, endSample }) => ({ text, startSample, endSample })),
      words: null,
    },
    transport,
    timeToFirstAudioMs: result.sentences[0]!.metrics.timeToFirstAudioMs,
  };
}

/** One `/with_timestamps` request for the whole block: the audio with the time of every word. */
async function renderWithWords(
  speak: NonNullable<OpenedEngine['speakWithWordTimings']>,
  text: string,
  sentenceTexts: string[],
  request: SynthesisSettings,
  signal: AbortSignal,
): Promise<Rendition> {
  const started = performance.now();
  const { pcm, sampleRate, words } = await speak(text, request, signal);
  if (signal.aborted) throw cancelledError();
  if (pcm.length === 0) {
    throw new StudioError({
      code: 'SERVER',
      message: 'The engine returned no audio for this block.',
      hint: 'Render the block again.',
    });
  }
  return {
    audio: { pcm, sampleRate },
    timing: { sampleRate, sentences: sentencesFromWords(sentenceTexts, words, sampleRate, pcm.length), words },
    transport: 'http',
    // Not streamed: the first audio arrives with the last.
    timeToFirstAudioMs: performance.now() - started,
  };
}

/**
 * Renders blocks with the studio's engines. Voice, model, language, speed and stability come from
 * the job and the format is always PROJECT_RENDER_FORMAT. With `wordTimings`, an Async block whose
 * model offers `/with_timestamps` is rendered there in one request, so its captions follow the
 * words (issue 4: captions from word timestamps where the model supports it); nobody listens to a
 * project render as it arrives, so streaming buys nothing. Otherwise the request travels as the
 * live settings say (transport, endpoints, aggregation), read afresh for every block.
 */
export function createBlockSynthesizer(deps: {
  pool: EnginePool;
  settings: SettingsStore;
  wordTimings?: boolean;
}): BlockSynthesizer {
  return async (job, signal) => {
    const live = deps.settings.get();
    const pieces = aggregateText(job.text, live.aggregation);
    const sentenceTexts = splitSentences(pieces).map((sentence) => sentence.map((p) => p.text).join(''));
    if (sentenceTexts.length === 0) {
      throw new StudioError({
        code: 'BAD_INPUT',
        message: 'This block has nothing to speak.',
        hint: 'Write some text in the block, or delete it.',
      });
    }
    const { engine, ...voice } = job.voice;
    const request: SynthesisSettings = { ...voice, output: PROJECT_RENDER_FORMAT };
    const lease: EngineLease = await leaseFor(deps.pool, job, live);
    try {
      lease.engine.check(request);
      const started = performance.now();
      const speak = lease.engine.speakWithWordTimings;
      const timed = deps.wordTimings && speak && findModel(voice.modelId)?.endpoints.includes('http_timestamps');
      const rendition = timed
        ? await renderWithWords(speak.bind(lease.engine), job.text, sentenceTexts, request, signal)
        : await renderStreamed(lease, pieces, sentenceTexts.length, request, live.transport, signal);
      const { audio, timing } = rendition;
      return {
        audio,
        timing,
        provenance: {
          text: job.text,
          voice,
          engine,
          transport: rendition.transport,
          sampleRate: audio.sampleRate,
          durationSeconds: audio.pcm.length / audio.sampleRate,
          timings: { timeToFirstAudioMs: rendition.timeToFirstAudioMs, totalMs: performance.now() - started },
        },
      };
    } finally {
      lease.release();
    }
  };
}
