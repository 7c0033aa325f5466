import { createHash } from 'node:crypto';
import type { OutputFormat } from '../../../shared/audio-format';
import type { LexiconEntry } from '../../../shared/lexicon';
import type { Block, SpeakerVoice } from '../../../shared/project';
import type { VoiceSettings } from '../../../shared/synthesis';
import { applyLexicon, type CompiledLexicon } from '../lexicon/apply-lexicon';
import { canonicalJson } from './canonical-json';

/** Bumped when what a key covers changes, so old cache entries stop matching instead of being misread. */
const KEY_VERSION = 1;

/** Everything that decides what a block sounds like. */
export interface RenderCacheKeyInput {
  /** The text exactly as sent: after the lexicon. */
  text: string;
  engine: 'async' | 'offline';
  voice: VoiceSettings;
  output: OutputFormat;
}

/**
 * The content address of a rendering: SHA-256 (hex) of the canonical JSON of its inputs, so the
 * same inputs always give the same key however the objects were built, and any change gives a new one.
 */
export function renderCacheKey(input: RenderCacheKeyInput): string {
  const { voiceId, modelId, language, speed, stability } = input.voice;
  const canonical = canonicalJson({
    v: KEY_VERSION,
    text: input.text,
    engine: input.engine,
    // Only the fields that shape the sound; null and omitted language both mean auto-detect.
    voice: { voiceId, modelId, language: language ?? undefined, speed, stability },
    output: {
      container: input.output.container,
      encoding: input.output.encoding,
      sampleRate: input.output.sampleRate,
      bitRate: input.output.bitRate,
    },
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** A block's key: its text through the project's lexicon, with its speaker's voice and the output format. */
export function blockCacheKey(
  block: Pick<Block, 'text'>,
  speaker: SpeakerVoice,
  lexicon: readonly LexiconEntry[] | CompiledLexicon,
  output: OutputFormat,
): string {
  const { engine, ...voice } = speaker;
  return renderCacheKey({ text: applyLexicon(block.text, lexicon).sent, engine, voice, output });
}

/** A block needs rendering when no take is selected or the selected take was made from other inputs. */
export function isStale(block: Pick<Block, 'takes' | 'selectedTakeId'>, currentKey: string): boolean {
  const take = block.takes.find((t) => t.id === block.selectedTakeId);
  return take?.cacheKey !== currentKey;
}
