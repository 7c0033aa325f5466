import { z } from 'zod';
import { ENCODINGS, SAMPLE_RATE_MAX, SAMPLE_RATE_MIN } from './audio-format';
import {
  DEFAULT_HTTP_URL,
  DEFAULT_MODEL_ID,
  DEFAULT_VOICE_ID,
  DEFAULT_WS_URL,
  SpeedSchema,
  StabilitySchema,
} from './models';

/** The studio's settings, as stored on disk and edited in the UI. Validated on load and on every change. */
export const AppSettingsSchema = z.object({
  engine: z.enum(['async', 'offline']),
  transport: z.enum(['ws', 'http']),
  aggregation: z.enum(['sentence', 'token']),
  /** Async voice; the offline engine keeps its own so switching engines loses neither. */
  voiceId: z.string().min(1).max(200),
  offlineVoiceId: z.string().min(1).max(200),
  modelId: z.string().min(1).max(100),
  language: z.string().max(10).nullable(),
  speed: SpeedSchema.nullable(),
  stability: StabilitySchema.nullable(),
  sampleRate: z.number().int().min(SAMPLE_RATE_MIN).max(SAMPLE_RATE_MAX),
  encoding: z.enum(ENCODINGS),
  /** Advanced: where the Async API lives (the simulator in tests and demos). */
  httpUrl: z.url({ protocol: /^https?$/ }),
  wsUrl: z.url({ protocol: /^wss?$/ }),
  favouriteVoiceIds: z.array(z.string().max(200)).max(500),
  recentVoiceIds: z.array(z.string().max(200)).max(20),
});

export type AppSettings = z.infer<typeof AppSettingsSchema>;

/** First run has no key, so the offline engine speaks until one is added. */
export const DEFAULT_SETTINGS: AppSettings = {
  engine: 'offline',
  transport: 'ws',
  aggregation: 'sentence',
  voiceId: DEFAULT_VOICE_ID,
  offlineVoiceId: 'offline:slt',
  modelId: DEFAULT_MODEL_ID,
  language: null,
  speed: null,
  stability: null,
  sampleRate: 44100,
  encoding: 'pcm_s16le',
  httpUrl: DEFAULT_HTTP_URL,
  wsUrl: DEFAULT_WS_URL,
  favouriteVoiceIds: [],
  recentVoiceIds: [],
};

export const SettingsPatchSchema = AppSettingsSchema.partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
