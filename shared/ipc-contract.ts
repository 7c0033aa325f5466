import { z } from 'zod';
import { EXPORT_FORMATS, SAMPLE_RATE_MAX, SAMPLE_RATE_MIN } from './audio-format';
import type { StudioErrorInfo } from './errors';
import type { AppSettings } from './settings';
import { SettingsPatchSchema } from './settings';
import type { ConnectionEvent, SentenceMetrics, VoiceSettings } from './synthesis';
import type { TakeSummary } from './takes';
import type { Voice } from './voices';
import { UserEditSchema } from './project-edits';
import type { LexiconEntry } from './lexicon';
import {
  CastingRequestSchema,
  LexiconFileSchema,
  ProjectExportRequestSchema,
  RenderRequestSchema,
  RenderScopeSchema,
  type ProjectChange,
  type ProjectExportResult,
  type ProjectSnapshot,
  type QaFinding,
  type RecentProjectSummary,
  type RenderEstimate,
  type RenderQueueStatus,
} from './project-session';

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
  /** The runtime's versions where the shell knows them (the About box shows them): Electron all three, the web shell Node's. */
  versions?: { electron?: string; chrome?: string; node?: string };
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
  // Long-form projects (one open at a time). Folders are named by the engine or a native dialog,
  // never by the page: `project:open` accepts only a folder from the recent list, or null for the dialog.
  'project:recent': Empty,
  'project:create': z.object({ name: z.string().trim().min(1).max(200) }).strict(),
  'project:open': z.object({ dir: z.string().min(1).max(4096).nullable() }).strict(),
  'project:save-as': z.object({ name: z.string().trim().min(1).max(200) }).strict(),
  'project:close': Empty,
  'project:get': Empty,
  /** `revision` is the UI's revision; edits made against an older one are still applied in order. */
  'project:edit': z
    .object({ revision: z.number().int().min(0), edits: z.array(UserEditSchema).min(1).max(500) })
    .strict(),
  /** A Markdown or plain-text script read by the page (file picker or drop); chapters are appended. */
  'project:import-script': z.object({ fileName: z.string().min(1).max(255), text: z.string().max(5_000_000) }).strict(),
  'project:export': ProjectExportRequestSchema,
  'project:qa': z.object({ chapterId: z.string().min(1).max(100).nullable() }).strict(),
  'render:estimate': z.object({ scope: RenderScopeSchema, regenerate: z.boolean() }).strict(),
  'render:start': RenderRequestSchema,
  'render:cancel': Empty,
  'render:status': Empty,
  /** What the lexicon sends for `text` (a block's text or a test line). */
  'lexicon:preview': z.object({ text: z.string().max(50_000) }).strict(),
  'lexicon:import': LexiconFileSchema,
  'lexicon:export': z.object({ format: z.enum(['csv', 'pls']) }).strict(),
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
  'project:recent': RecentProjectSummary[];
  'project:create': ProjectSnapshot;
  /** Null when the dialog was cancelled. */
  'project:open': ProjectSnapshot | null;
  'project:save-as': ProjectSnapshot;
  'project:close': { closed: true };
  'project:get': ProjectSnapshot | null;
  'project:edit': { revision: number };
  'project:import-script': { chapters: number; blocks: number };
  'project:export': ProjectExportResult;
  'project:qa': QaFinding[];
  'render:estimate': RenderEstimate;
  'render:start': RenderQueueStatus;
  'render:cancel': RenderQueueStatus;
  'render:status': RenderQueueStatus;
  /** `spans` are ranges of `sent` that the lexicon replaced, for highlighting. */
  'lexicon:preview': { sent: string; spans: { start: number; end: number; entryId: string }[]; affectedBlocks: number };
  /** Parsed entries, not yet applied: the UI merges them and sends `set-lexicon`. */
  'lexicon:import': { entries: LexiconEntry[]; skipped: string[] };
  'lexicon:export': ExportResult;
}

/** What the Electron menu (and its keyboard shortcuts) asks the UI to do; the web shell never sends these. */
export const MENU_COMMANDS = [
  'new-script',
  'play-toggle',
  'stop',
  'export',
  'add-api-key',
  'new-project',
  'open-project',
  'import-script',
  'about',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** Main → renderer events. */
export interface EventPayloads {
  'connection:event': ConnectionEvent;
  'takes:changed': { takes: TakeSummary[] };
  'export:progress': { takeId: string; fraction: number };
  'settings:changed': AppSettings;
  'menu:command': { command: MenuCommand };
  'project:changed': ProjectChange;
  /** The open project was closed or replaced (null: none open). */
  'project:opened': ProjectSnapshot | null;
  'render:progress': RenderQueueStatus;
  'project:export-progress': { fraction: number; stage: string };
}
export type EventChannel = keyof EventPayloads;

/** Streams: a request opens a MessagePort (Electron) or a stream id (web shell) that carries messages. */
export const streamChannels = {
  /** Speak text now; audio streams back as it is synthesised and becomes a take when done. */
  'speech:play': z.object({ text: z.string().min(1).max(200_000) }).strict(),
  /** Replay a stored take. */
  'takes:audio': z.object({ takeId: Id, region: RegionSchema.nullable() }).strict(),
  /**
   * Plays a chapter's selected takes from a block on, with the project's spliced pauses; a
   * `block-start` message marks each block as it begins (for highlighting). Blocks without a
   * usable take are skipped and named in a `block-start` with `skipped: true`.
   */
  'project:play': z.object({ chapterId: Id, fromBlockId: Id.nullable() }).strict(),
  /** Plays one take of a block (to compare takes before picking one). */
  'project:take-audio': z.object({ blockId: Id, takeId: Id }).strict(),
  /** Casting grid: one line in a candidate voice; replaying the same candidate costs nothing. */
  'casting:play': CastingRequestSchema,
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
  /** project:play: block `blockId` starts at `startSeconds` of the stream (or was skipped). */
  | { type: 'block-start'; seq: number; blockId: string; startSeconds: number; skipped: boolean }
  | { type: 'done'; seq: number; takeId: string | null }
  | { type: 'error'; seq: number; error: StudioErrorInfo };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A stream message before the transport numbers it. */
export type StreamMessageBody = DistributiveOmit<StreamMessage, 'seq'>;
