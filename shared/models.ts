import { z } from 'zod';
import type { LanguageCode } from './languages';
import { isLanguageCode, languageName } from './languages';
import type { OutputFormat } from './audio-format';
import { characterCount } from './synthesis';
import { BIT_RATE_MAX, BIT_RATE_MIN, ENCODINGS, CONTAINERS, SAMPLE_RATE_MAX, SAMPLE_RATE_MIN } from './audio-format';

/** The API surfaces a synthesis request can go to (asyncai-api.md §4.1, §6.1). */
export type Endpoint = 'websocket' | 'http_streaming' | 'http_sync' | 'http_timestamps';

export interface RangeControl {
  min: number;
  max: number;
  default: number;
  step: number;
}

export interface ModelInfo {
  id: string;
  label: string;
  languages: readonly LanguageCode[];
  endpoints: readonly Endpoint[];
  /** `speed_control` and `stability`: honoured by async_flash_v1.0 only. */
  controls: { speed: RangeControl | null; stability: RangeControl | null };
  /** Whether the model expands numbers, dates and abbreviations itself. */
  textNormalization: boolean;
  /** USD per hour of generated audio. */
  pricePerHourUsd: number;
}

export const SPEED: RangeControl = { min: 0.7, max: 2.0, default: 1.0, step: 0.05 };
export const STABILITY: RangeControl = { min: 0, max: 100, default: 50, step: 1 };

/** The two controls' values wherever they are stored (settings, a project's speakers). */
export const SpeedSchema = z.number().min(SPEED.min).max(SPEED.max);
/** Whole numbers, as `checkRequest` demands of a request. */
export const StabilitySchema = z.number().int().min(STABILITY.min).max(STABILITY.max);

/** The one table of models: everything that checks or shows a model reads it from here. */
export const MODELS: readonly ModelInfo[] = [
  {
    id: 'async_flash_v1.0',
    label: 'Async Flash v1.0',
    languages: ['en', 'fr', 'es', 'de', 'it', 'pt', 'ar', 'ru', 'ro', 'ja', 'he', 'hy', 'tr', 'hi', 'zh'],
    endpoints: ['websocket', 'http_streaming', 'http_sync', 'http_timestamps'],
    controls: { speed: SPEED, stability: STABILITY },
    textNormalization: false,
    pricePerHourUsd: 0.5,
  },
  {
    id: 'async_flash_v1.5',
    label: 'Async Flash v1.5',
    languages: ['en', 'es', 'fr', 'de', 'it', 'pt'],
    endpoints: ['websocket', 'http_streaming'],
    controls: { speed: null, stability: null },
    textNormalization: true,
    pricePerHourUsd: 0.5,
  },
  {
    id: 'async_pro_v1.0',
    label: 'Async Pro v1.0',
    languages: ['en'],
    endpoints: ['websocket', 'http_streaming'],
    controls: { speed: null, stability: null },
    textNormalization: true,
    pricePerHourUsd: 1.0,
  },
];

export const DEFAULT_MODEL_ID = 'async_flash_v1.0';
export const API_VERSION = 'v1';
export const DEFAULT_HTTP_URL = 'https://api.async.com';
export const DEFAULT_WS_URL = 'wss://api.async.com/text_to_speech/websocket/ws';
/** The voice every public client uses as its default (asyncai-api.md §5.1). */
export const DEFAULT_VOICE_ID = 'e0f39dc4-f691-4e78-bba5-5c636692cc04';

export function findModel(id: string): ModelInfo | undefined {
  return MODELS.find((m) => m.id === id);
}

/** What a synthesis request asks for, in the studio's own terms. */
export interface SynthesisRequestCheck {
  modelId: string;
  endpoint: Endpoint;
  language?: string | null;
  speed?: number;
  stability?: number;
  output: OutputFormat;
}

export interface RequestProblem {
  field: 'model' | 'endpoint' | 'language' | 'speed' | 'stability' | 'output';
  message: string;
}

const ENDPOINT_NAMES: Record<Endpoint, string> = {
  websocket: 'WebSocket streaming',
  http_streaming: 'HTTP streaming',
  http_sync: 'HTTP (whole file)',
  http_timestamps: 'HTTP with word timestamps',
};

/**
 * Checks a request against the model table before it is sent, so the user gets a precise message
 * instead of a server 400. Returns every problem found, empty when the request is fine.
 */
export function checkSynthesisRequest(req: SynthesisRequestCheck): RequestProblem[] {
  const model = findModel(req.modelId);
  if (!model) {
    return [
      {
        field: 'model',
        message: `Unknown model "${req.modelId}". Choose one of: ${MODELS.map((m) => m.id).join(', ')}.`,
      },
    ];
  }
  const problems: RequestProblem[] = [];
  if (!model.endpoints.includes(req.endpoint)) {
    problems.push({
      field: 'endpoint',
      message: `${model.label} is not available over ${ENDPOINT_NAMES[req.endpoint]}; it supports ${model.endpoints
        .map((e) => ENDPOINT_NAMES[e])
        .join(', ')}.`,
    });
  }
  if (req.language != null && req.language !== '') {
    if (!isLanguageCode(req.language)) {
      problems.push({ field: 'language', message: `"${req.language}" is not a language the API can speak.` });
    } else if (!model.languages.includes(req.language)) {
      problems.push({
        field: 'language',
        message: `${model.label} does not speak ${languageName(req.language)}; it speaks ${model.languages
          .map(languageName)
          .join(', ')}.`,
      });
    }
  }
  problems.push(...checkControl(model, 'speed', req.speed), ...checkControl(model, 'stability', req.stability));
  problems.push(...checkOutputFormat(req.output, req.endpoint));
  return problems;
}

/** Whether `value` is one `model`'s `name` control accepts (none when undefined); the offline engine checks speed with it too. */
export function checkControl(
  model: ModelInfo,
  name: 'speed' | 'stability',
  value: number | undefined,
): RequestProblem[] {
  if (value === undefined) return [];
  const control = model.controls[name];
  if (!control) {
    return [{ field: name, message: `${model.label} has no ${name} control; only async_flash_v1.0 does.` }];
  }
  if (!Number.isFinite(value) || value < control.min || value > control.max) {
    return [{ field: name, message: `${name} must be between ${control.min} and ${control.max}; got ${value}.` }];
  }
  if (name === 'stability' && !Number.isInteger(value)) {
    return [{ field: name, message: `stability must be a whole number; got ${value}.` }];
  }
  return [];
}

/** Output-format rules per endpoint (asyncai-api.md §4.2, §7). */
export function checkOutputFormat(output: OutputFormat, endpoint: Endpoint): RequestProblem[] {
  const problems: RequestProblem[] = [];
  const { sampleRate, container, encoding, bitRate } = output;
  if (!Number.isInteger(sampleRate) || sampleRate < SAMPLE_RATE_MIN || sampleRate > SAMPLE_RATE_MAX) {
    problems.push({
      field: 'output',
      message: `Sample rate must be a whole number from ${SAMPLE_RATE_MIN} to ${SAMPLE_RATE_MAX} Hz; got ${sampleRate}.`,
    });
  }
  if (!CONTAINERS.includes(container)) {
    problems.push({ field: 'output', message: `Unknown container "${container}"; use raw, mp3 or wav.` });
  } else if (container === 'wav' && (endpoint === 'http_streaming' || endpoint === 'websocket')) {
    problems.push({ field: 'output', message: 'Streaming endpoints send raw or mp3, not wav.' });
  }
  if (!ENCODINGS.includes(encoding)) {
    problems.push({
      field: 'output',
      message: `Unknown encoding "${encoding}"; use pcm_s16le, pcm_f32le or pcm_mulaw.`,
    });
  } else if (encoding === 'pcm_mulaw' && (endpoint === 'http_sync' || endpoint === 'http_timestamps')) {
    problems.push({ field: 'output', message: 'pcm_mulaw is only available on streaming endpoints.' });
  }
  if (bitRate !== undefined && (bitRate < BIT_RATE_MIN || bitRate > BIT_RATE_MAX || container !== 'mp3')) {
    problems.push({ field: 'output', message: `Bit rate applies to mp3 only, ${BIT_RATE_MIN}–${BIT_RATE_MAX}.` });
  }
  return problems;
}

/** Speaking rate used for estimates before audio exists: about 15 characters a second. */
export const CHARS_PER_SECOND = 15;

export interface CostEstimate {
  characters: number;
  audioSeconds: number;
  usd: number;
}

/** Price is per hour of generated audio, so the estimate goes through an expected duration. */
export function estimateCost(text: string, modelId: string): CostEstimate {
  const characters = characterCount(text);
  const audioSeconds = characters / CHARS_PER_SECOND;
  const price = findModel(modelId)?.pricePerHourUsd ?? 0;
  return { characters, audioSeconds, usd: (audioSeconds / 3600) * price };
}
