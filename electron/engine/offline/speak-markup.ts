import type { FliteEngine, FliteVoice } from './flite';
import { parseMarkup } from '../../../shared/markup';
import { resample } from '../audio/resample';
import { digitsToWords, ipaToRespelling } from './spoken-form';
import { concatPcm } from '../audio/concat-pcm';

export interface SpeakOptions {
  voice: FliteVoice;
  /** The API's `speed_control` (0.7–2.0): 2 speaks twice as fast. */
  speed?: number;
  /** Mean pitch in Hz; unset keeps the voice's own. */
  pitchHz?: number;
  /** Output rate; Flite's own rate (16 or 8 kHz) is resampled to it. */
  sampleRate: number;
}

export interface WordTiming {
  word: string;
  startMs: number;
  endMs: number;
}

export interface TimedSpeech {
  pcm: Float32Array;
  words: WordTiming[];
}

type Part = { kind: 'speech'; text: string } | { kind: 'silence'; ms: number };

/** Samples quieter than this count as Flite's background silence (its noise floor is ~1e-4). */
const SILENCE_THRESHOLD = 0.003;
/** Silence kept at a trimmed edge, so onsets and releases are not clipped. */
const EDGE_PAD_MS = 20;
/** Pauses inserted after a word in the word-by-word rendering, by the punctuation that ends it. */
const CLAUSE_PAUSE_MS = 150;
const SENTENCE_PAUSE_MS = 300;

/** Markup → alternating speech and exact silence; adjacent speech is merged so Flite phrases it whole. */
function planParts(transcript: string): Part[] {
  const parts: Part[] = [];
  const addSpeech = (text: string) => {
    const last = parts[parts.length - 1];
    if (last?.kind === 'speech') last.text += text;
    else parts.push({ kind: 'speech', text });
  };
  for (const segment of parseMarkup(transcript)) {
    if (segment.type === 'break') parts.push({ kind: 'silence', ms: segment.ms });
    else if (segment.type === 'text') addSpeech(segment.text);
    else if (segment.type === 'digits') addSpeech(` ${digitsToWords(segment.text)} `);
    else addSpeech(` ${ipaToRespelling(segment.ipa)} `);
  }
  return parts.filter((p) => p.kind === 'silence' || p.text.trim() !== '');
}

function silence(ms: number, sampleRate: number): Float32Array {
  return new Float32Array(Math.round((ms * sampleRate) / 1000));
}

/** Cuts Flite's leading and/or trailing silence down to EDGE_PAD_MS. */
function trimEdges(pcm: Float32Array, sampleRate: number, lead: boolean, trail: boolean): Float32Array {
  const pad = Math.round((EDGE_PAD_MS * sampleRate) / 1000);
  let first = 0;
  while (first < pcm.length && Math.abs(pcm[first]!) < SILENCE_THRESHOLD) first++;
  if (first === pcm.length) return pcm.subarray(0, 0);
  let last = pcm.length - 1;
  while (last > first && Math.abs(pcm[last]!) < SILENCE_THRESHOLD) last--;
  const start = lead ? Math.max(0, first - pad) : 0;
  const end = trail ? Math.min(pcm.length, last + 1 + pad) : pcm.length;
  return pcm.subarray(start, end);
}

/** One Flite call at the output rate, with the requested edges trimmed. */
async function speakText(
  engine: FliteEngine,
  text: string,
  options: SpeakOptions,
  trim: { lead: boolean; trail: boolean },
): Promise<Float32Array> {
  const speed = options.speed ?? 1;
  const audio = await engine.synthesize(text.replace(/\s+/g, ' ').trim(), {
    voice: options.voice,
    durationStretch: speed !== 1 ? 1 / speed : undefined,
    pitchHz: options.pitchHz,
  });
  const trimmed = trimEdges(audio.pcm, audio.sampleRate, trim.lead, trim.trail);
  return resample(trimmed, audio.sampleRate, options.sampleRate);
}

/**
 * Speaks an API transcript with Flite: text as Flite phrases it, `<break>` as exact silence of the
 * requested length at the output rate, `<digits>` digit by digit, `<phonemes>` respelled (Flite
 * cannot read IPA). Speech next to a break has Flite's own edge silence trimmed, so the pause heard
 * is the one asked for. Whitespace-only text gives empty audio.
 */
export async function speakTranscript(
  engine: FliteEngine,
  transcript: string,
  options: SpeakOptions,
): Promise<Float32Array> {
  const parts = planParts(transcript);
  const chunks = await Promise.all(
    parts.map((part, i) =>
      part.kind === 'silence'
        ? silence(part.ms, options.sampleRate)
        : speakText(engine, part.text, options, { lead: i > 0, trail: i < parts.length - 1 }),
    ),
  );
  return concatPcm(chunks);
}

interface TimedUnit {
  /** What the timing reports: the word as written, without surrounding punctuation. */
  word: string;
  /** What Flite is given. */
  spoken: string;
  pauseAfterMs: number;
}

function pauseAfter(token: string): number {
  if (/[.!?…]["')\]]*$/.test(token)) return SENTENCE_PAUSE_MS;
  if (/[,;:—–-]["')\]]*$/.test(token)) return CLAUSE_PAUSE_MS;
  return 0;
}

function planUnits(transcript: string): Array<TimedUnit | { silenceMs: number }> {
  const units: Array<TimedUnit | { silenceMs: number }> = [];
  for (const segment of parseMarkup(transcript)) {
    if (segment.type === 'break') {
      units.push({ silenceMs: segment.ms });
    } else if (segment.type === 'digits') {
      const spoken = digitsToWords(segment.text);
      if (spoken) units.push({ word: segment.text.trim(), spoken, pauseAfterMs: 0 });
    } else if (segment.type === 'phonemes') {
      const spoken = ipaToRespelling(segment.ipa);
      if (spoken) units.push({ word: segment.ipa.trim(), spoken, pauseAfterMs: 0 });
    } else {
      for (const token of segment.text.split(/\s+/).filter(Boolean)) {
        const word = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
        if (word) units.push({ word, spoken: token, pauseAfterMs: pauseAfter(token) });
        else {
          const previous = units[units.length - 1];
          if (previous && 'word' in previous) previous.pauseAfterMs = Math.max(previous.pauseAfterMs, CLAUSE_PAUSE_MS);
        }
      }
    }
  }
  return units;
}

/**
 * Speaks a transcript word by word and reports where each word lies in the audio. Every word is a
 * separate Flite utterance with its edge silence trimmed, laid end to end with pauses after
 * punctuation and exact silence for `<break>`, so the timings are positions in this very audio.
 * The price is a list-like delivery: it sounds less fluent than `speakTranscript`.
 */
export async function speakWithWordTimings(
  engine: FliteEngine,
  transcript: string,
  options: SpeakOptions,
): Promise<TimedSpeech> {
  const units = planUnits(transcript);
  const rate = options.sampleRate;
  const audio = await Promise.all(
    units.map((u) => ('word' in u ? speakText(engine, u.spoken, options, { lead: true, trail: true }) : null)),
  );
  const chunks: Float32Array[] = [];
  const words: WordTiming[] = [];
  let position = 0;
  const push = (chunk: Float32Array) => {
    chunks.push(chunk);
    position += chunk.length;
  };
  units.forEach((unit, i) => {
    if (!('word' in unit)) {
      push(silence(unit.silenceMs, rate));
      return;
    }
    const start = position;
    push(audio[i]!);
    words.push({ word: unit.word, startMs: (start * 1000) / rate, endMs: (position * 1000) / rate });
    if (unit.pauseAfterMs && i < units.length - 1) push(silence(unit.pauseAfterMs, rate));
  });
  return { pcm: concatPcm(chunks), words };
}
