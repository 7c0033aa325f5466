import { z } from 'zod';
import { EXPORT_FORMATS, SAMPLE_RATE_MAX, SAMPLE_RATE_MIN } from './audio-format';
import type { StudioErrorInfo } from './errors';
import type { AppSettings } from './settings';
import { SettingsPatchSchema } from './settings';
import type { ConnectionEvent, SentenceMetrics, VoiceSettings } from './synthesis';
import type { TakeSummary } from './takes';
import type { Voice } from './voices';

/**
 * The one contract between the studio's UI and its engine (GitHub Desktop's ipc-shared.ts, Heroic's
 * ipc.ts): every channel, its request schema and its response type. Electron's IPC and the web
 * shell's WebSocket both implement it, so the renderer cannot tell which shell it runs in.
 * Requests are `unknown` until their schema has parsed them; expected failures come back as
 * `{ ok: false, error }` because Electron keeps only the message of a thrown error.
 */

export type Result<T> = { ok: true; value: T } | { ok: false; error: StudioErrorInfo };

const Empty = z.object({}).strict();
const Id = z.string().min(1).max(100);
const VoiceFilterSchema = z
  .object({
    language: z.string().max(10).optional(),
    gender: z.string().max(30).optional(),
    accent: z.string().max(60).optional(),
    style: z.string().max(60).optional(),
    query: z.string().max(200).optional(),
  })
  .strict();

export const RegionSchema = z
  .object({ startSeconds: z.number().min(0), endSeconds: z.number().min(0) })
  .strict()
  .refine((r) => r.endSeconds > r.startSeconds, 'A region must end after it starts.');

export const ExportRequestSchema = z
  .object({
    takeId: Id,
    format: z.enum(EXPORT_FORMATS),
    sampleRate: z.number().int().min(SAMPLE_RATE_MIN).max(SAMPLE_RATE_MAX),
    /** Integrated loudness to normalise to (true peak at most -1 dBTP), or none. */
    targetLufs: z.union([z.literal(-16), z.literal(-19), z.literal(-23)]).nullable(),
    region: RegionSchema.nullable(),
  })
  .strict();
export type ExportRequest = z.infer<typeof ExportRequestSchema>;

export interface KeyStatus {
  hasKey: boolean;
  /** Last four characters only. */
  hint: string | null;
  /** Where the key lives: the OS keychain, this session only, or the environment. */
  storage: 'keychain' | 'session' | 'environment' | null;
  /** Whether this machine can keep a key across restarts (the "Remember" choice is offered). */
  canPersist: boolean;
  /** About where the key is kept, in plain words: why it cannot be saved, or that it is session-only. */
  persistenceNote: string | null;
}

export interface ExportResult {
  /** Electron: where the file was written. */
  path: string | null;
  /** Web shell: where the browser downloads it. */
  downloadUrl: string | null;
  fileName: string;
  durationSeconds: number;
  integratedLufs: number;
  truePeakDbtp: number;
}

export interface AppInfo {
  name: string;
  version: string;
  shell: 'electron' | 'web';
  platform: string;
}

/** Request/response channels (`invoke`). Channel names are `domain:action`. */
export const invokeChannels = {
  'app:info': Empty,
  'settings:get': Empty,
  'settings:update': SettingsPatchSchema.strict(),
  'key:status': Empty,
  'key:set': z.object({ key: z.string().trim().min(8).max(512), persist: z.boolean() }).strict(),
  'key:clear': Empty,
  'voices:list': z.object({ engine: z.enum(['async', 'offline']), filter: VoiceFilterSchema.optional() }).strict(),
  'voices:preview': z.object({ voiceId: Id.max(200) }).strict(),
  'takes:list': Empty,
  'takes:rename': z.object({ takeId: Id, name: z.string().trim().min(1).max(120) }).strict(),
  'takes:delete': z.object({ takeId: Id }).strict(),
  'takes:peaks': z
    .object({
      takeId: Id,
      samplesPerPeak: z
        .number()
        .int()
        .min(16)
        .max(1 << 20),
    })
    .strict(),
  'speech:retune': z
    .object({ playId: Id, fromSentence: z.number().int().min(0), settings: SettingsPatchSchema.strict() })
    .strict(),
  'export:take': ExportRequestSchema,
  'export:reveal': z.object({ path: z.string().min(1).max(4096) }).strict(),
  'shell:open-external': z.object({ url: z.string().max(2048) }).strict(),
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type InvokeRequest<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]>;

export interface InvokeResponses {
  'app:info': AppInfo;
  'settings:get': AppSettings;
  'settings:update': AppSettings;
  'key:status': KeyStatus;
  'key:set': KeyStatus;
  'key:clear': KeyStatus;
  'voices:list': Voice[];
  'voices:preview': { bytes: Uint8Array; mimeType: string };
  'takes:list': TakeSummary[];
  'takes:rename': TakeSummary;
  'takes:delete': { deleted: true };
  'takes:peaks': { min: Float32Array; max: Float32Array; samplesPerPeak: number; sampleRate: number };
  'speech:retune': { fromSentence: number };
  'export:take': ExportResult;
  'export:reveal': { revealed: boolean };
  'shell:open-external': { opened: boolean };
}

/** What the Electron menu (and its keyboard shortcuts) asks the UI to do; the web shell never sends these. */
export const MENU_COMMANDS = ['new-script', 'play-toggle', 'stop', 'export', 'add-api-key'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** Main → renderer events. */
export interface EventPayloads {
  'connection:event': ConnectionEvent;
  'takes:changed': { takes: TakeSummary[] };
  'export:progress': { takeId: string; fraction: number };
  'settings:changed': AppSettings;
  'menu:command': { command: MenuCommand };
}
export type EventChannel = keyof EventPayloads;

/** Streams: a request opens a MessagePort (Electron) or a stream id (web shell) that carries messages. */
export const streamChannels = {
  /** Speak text now; audio streams back as it is synthesised and becomes a take when done. */
  'speech:play': z.object({ text: z.string().min(1).max(200_000) }).strict(),
  /** Replay a stored take. */
  'takes:audio': z.object({ takeId: Id, region: RegionSchema.nullable() }).strict(),
} as const;
export type StreamChannel = keyof typeof streamChannels;
export type StreamRequest<C extends StreamChannel> = z.infer<(typeof streamChannels)[C]>;

/**
 * Messages on an audio stream, numbered by `seq`. PCM is 32-bit float little-endian mono at the
 * stream's `sampleRate`, carried as bytes (never Array.from: it would multiply the size).
 * `rewind` follows a retune: audio of sentences from `fromSentence` on is replaced by what follows.
 */
export type StreamMessage =
  | {
      type: 'format';
      seq: number;
      playId: string;
      sampleRate: number;
      /** speech:play: the engine speaking, and why it is not the one chosen (no key), in plain words. */
      engine?: 'async' | 'offline';
      notice?: string;
    }
  | { type: 'sentence-start'; seq: number; index: number; text: string; settings: VoiceSettings }
  | { type: 'chunk'; seq: number; index: number; pcm: Uint8Array }
  | { type: 'sentence-reset'; seq: number; index: number }
  | { type: 'sentence-end'; seq: number; index: number; metrics: SentenceMetrics }
  | { type: 'rewind'; seq: number; fromSentence: number }
  | { type: 'done'; seq: number; takeId: string | null }
  | { type: 'error'; seq: number; error: StudioErrorInfo };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A stream message before the transport numbers it. */
export type StreamMessageBody = DistributiveOmit<StreamMessage, 'seq'>;
