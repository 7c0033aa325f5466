import type { OutputFormat } from './audio-format';

export type Transport = 'ws' | 'http';
export type Aggregation = 'sentence' | 'token';

/** What decides how a sentence sounds. A change to any of these re-synthesises. */
export interface VoiceSettings {
  voiceId: string;
  modelId: string;
  /** Omitted (or null) lets the model auto-detect. */
  language?: string | null;
  /** `speed_control`, 0.7–2.0, async_flash_v1.0 only. */
  speed?: number;
  /** 0–100, async_flash_v1.0 only. */
  stability?: number;
}

export interface SynthesisSettings extends VoiceSettings {
  output: OutputFormat;
}

/** Only the VoiceSettings of a request (no output format): what every provider's `sentence-start` reports. */
export function voiceSettingsOf({ voiceId, modelId, language, speed, stability }: VoiceSettings): VoiceSettings {
  return { voiceId, modelId, language, speed, stability };
}

/** A piece of text handed to a provider. `sentenceEnd` closes the current sentence. */
export interface TextPiece {
  text: string;
  sentenceEnd: boolean;
}

/**
 * How many characters a text counts for in progress and cost figures, whichever provider speaks
 * it: code points (an emoji is one character, not two UTF-16 units) of the text itself, without
 * the space the WebSocket protocol puts after each transcript. The API bills audio time, not
 * characters (asyncai-api.md §4.6), so this is the studio's own single definition.
 */
export function characterCount(text: string): number {
  return [...text].length;
}

/** Timing of one sentence, as measured by the client. */
export interface SentenceMetrics {
  /** From the first text sent to the first audio byte, ms. */
  timeToFirstAudioMs: number | null;
  /** The sentence's `characterCount`, once however many times it was sent again after a drop. */
  charactersSent: number;
  audioSeconds: number;
}

/**
 * What a provider's `synthesize` yields. Sentences are numbered from 0 in text order and their
 * events arrive in that order. A `sentence-reset` means the audio yielded so far for that sentence
 * must be discarded (the connection dropped and the sentence is being synthesised again), which is
 * how every sentence ends up in the result exactly once.
 */
export type SynthesisEvent =
  | { type: 'sentence-start'; index: number; text: string; settings: VoiceSettings }
  | { type: 'audio'; index: number; pcm: Float32Array; sampleRate: number }
  | { type: 'sentence-reset'; index: number; reason: string }
  | { type: 'sentence-end'; index: number; metrics: SentenceMetrics };

/** Connection events of a streaming transport, as Pipecat reports them. */
export type ConnectionEvent =
  | { type: 'connected'; url: string }
  | { type: 'disconnected'; url: string; code?: number; reason?: string }
  | { type: 'connection-error'; url: string; message: string };
