import { StudioError, isStudioError } from '../../../shared/errors';
import type { SpeakerVoice, TakeProvenance } from '../../../shared/project';
import type { AppSettings } from '../../../shared/settings';
import type { SynthesisSettings } from '../../../shared/synthesis';
import { cancelledError } from '../async/http-errors';
import { aggregateText } from '../async/text-aggregator';
import { renderToPcm } from '../render-script';
import type { EngineLease, EnginePool } from '../studio/engine-pool';
import { splitSentences } from '../studio/sentence-plan';
import type { SettingsStore } from '../studio/settings-store';
import { PROJECT_RENDER_FORMAT, type TakeAudio, type TakeTiming } from './take-files';

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

/**
 * Renders blocks with the studio's engines. Voice, model, language, speed and stability come from
 * the job and the format is always PROJECT_RENDER_FORMAT; how the request travels (transport,
 * endpoints, aggregation) follows the live settings, read afresh for every block.
 */
export function createBlockSynthesizer(deps: { pool: EnginePool; settings: SettingsStore }): BlockSynthesizer {
  return async (job, signal) => {
    const live = deps.settings.get();
    const pieces = aggregateText(job.text, live.aggregation);
    const sentences = splitSentences(pieces).length;
    if (sentences === 0) {
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
      // renderToPcm resamples any sentence an engine delivers at another rate to the requested one.
      const result = await renderToPcm(lease.engine.provider, pieces, { settings: () => request, signal });
      const totalMs = performance.now() - started;
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
          // No TtsProvider reports word timings; captions fall back to sentence timing.
          words: null,
        },
        provenance: {
          text: job.text,
          voice,
          engine,
          transport: live.transport,
          sampleRate: result.sampleRate,
          durationSeconds: result.pcm.length / result.sampleRate,
          timings: { timeToFirstAudioMs: result.sentences[0]!.metrics.timeToFirstAudioMs, totalMs },
        },
      };
    } finally {
      lease.release();
    }
  };
}
