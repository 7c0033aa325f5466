import { z } from 'zod';
import { EXPORT_FORMATS, SAMPLE_RATE_MAX, SAMPLE_RATE_MIN, type ExportFormat } from './audio-format';
import type { StudioErrorInfo } from './errors';
import type { LoudnessReport } from './loudness';
import { LOUDNESS_PRESETS } from './loudness';
import type { Project } from './project';
import { IdSchema as Id, PROJECT_LIMITS, SpeakerVoiceSchema } from './project';
import type { ProjectEdit } from './project-edits';

/*
 * What the UI sees of an open project and asks of it: the types and request schemas behind the
 * `project:*`, `render:*`, `lexicon:*` and `casting:*` channels of shared/ipc-contract.ts.
 */

/**
 * Where a block stands: `empty` (no text to speak), `stale` (no selected take, or the selected one
 * was made from other text/voice/lexicon), `ready`, `queued`, `rendering`, `failed` (with why).
 */
export type BlockState = 'empty' | 'stale' | 'ready' | 'queued' | 'rendering' | 'failed';
export interface BlockStatus {
  state: BlockState;
  error?: StudioErrorInfo;
}

/** The whole of an open project, sent when it is opened and whenever the UI must resynchronise. */
export interface ProjectSnapshot {
  /** Where the project folder is, for display and "reveal". */
  dir: string;
  project: Project;
  /** Bumped by every applied batch of edits; `project:changed` carries the next one. */
  revision: number;
  status: Record<string, BlockStatus>;
  /** project.json was damaged and the previous version was opened from its backup. */
  recoveredFromBackup: boolean;
  /** For the user: what was repaired or could not be, in plain words. */
  messages: string[];
  /** Whether changes are on disk (autosave runs within 2 s of a change). */
  saved: boolean;
}

/** `project:changed`: the edits to apply to revision `revision - 1`, and the blocks whose status changed. */
export interface ProjectChange {
  projectId: string;
  revision: number;
  edits: ProjectEdit[];
  status: Record<string, BlockStatus>;
  saved: boolean;
}

export interface RecentProjectSummary {
  dir: string;
  name: string;
  /** ISO date. */
  openedAt: string;
}

/** Which blocks a render or export covers. `stale` is every stale, unlocked block of the project. */
export const RenderScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('stale') }).strict(),
  z.object({ kind: z.literal('chapter'), chapterId: Id }).strict(),
  z.object({ kind: z.literal('blocks'), blockIds: z.array(Id).min(1).max(PROJECT_LIMITS.blocks) }).strict(),
]);
export type RenderScope = z.infer<typeof RenderScopeSchema>;

export const RenderRequestSchema = z
  .object({
    scope: RenderScopeSchema,
    /** Make a new take even when the cache holds one for these inputs (a fresh performance; billed). */
    regenerate: z.boolean(),
  })
  .strict();
export type RenderRequest = z.infer<typeof RenderRequestSchema>;

/** What a render would cost, shown before it starts. Blocks the cache already holds cost nothing. */
export interface RenderEstimate {
  blocks: number;
  /** Of `blocks`, how many come from the cache (no request). */
  cachedBlocks: number;
  /** Locked blocks the scope leaves out. */
  lockedBlocks: number;
  /** Characters that will be sent and billed. */
  characters: number;
  /** US dollars at the model's list price, null for the offline engine or an unknown price. */
  priceUsd: number | null;
  /** Seconds of audio expected, from the characters (a guide, not a promise). */
  audioSecondsEstimate: number;
}

/** The render queue as the UI shows it. */
export interface RenderQueueStatus {
  /** `waiting` is a pause the queue will end itself: a 429's retry_after_ms or a dropped network. */
  state: 'idle' | 'running' | 'waiting' | 'cancelling';
  total: number;
  done: number;
  failed: number;
  /** Blocks being rendered now. */
  current: string[];
  charactersTotal: number;
  charactersDone: number;
  /** From the rate so far; null until there is one. */
  secondsLeft: number | null;
  /** Why the queue waits or stopped, in plain words, with what to do. */
  message: string | null;
  /** ISO date the queue resumes by itself when waiting. */
  resumesAt: string | null;
}

/** The queue with nothing to do: what both sides show when no project is open. */
export const IDLE_RENDER_QUEUE: RenderQueueStatus = {
  state: 'idle',
  total: 0,
  done: 0,
  failed: 0,
  current: [],
  charactersTotal: 0,
  charactersDone: 0,
  secondsLeft: null,
  message: null,
  resumesAt: null,
};

const LoudnessPresetIdSchema = z.enum(LOUDNESS_PRESETS.map((p) => p.id) as [string, ...string[]]);

export const ProjectExportRequestSchema = z
  .object({
    /** `chapters` writes one file per chapter; the others one file. */
    scope: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('project') }).strict(),
      z
        .object({ kind: z.literal('chapters'), chapterIds: z.array(Id).max(PROJECT_LIMITS.chapters).nullable() })
        .strict(),
      z.object({ kind: z.literal('blocks'), blockIds: z.array(Id).min(1).max(PROJECT_LIMITS.blocks) }).strict(),
    ]),
    format: z.enum(EXPORT_FORMATS),
    sampleRate: z.number().int().min(SAMPLE_RATE_MIN).max(SAMPLE_RATE_MAX),
    /** A LOUDNESS_PRESETS id, or null to leave the level as rendered (still measured and reported). */
    presetId: LoudnessPresetIdSchema.nullable(),
    captions: z.array(z.enum(['srt', 'vtt'])).max(2),
  })
  .strict();
export type ProjectExportRequest = z.infer<typeof ProjectExportRequestSchema>;

/** One check of a delivery spec, e.g. "RMS -20.1 dB, between -23 and -18: pass". */
export interface DeliveryCheck {
  label: string;
  value: number;
  unit: 'LUFS' | 'dBTP' | 'dBFS' | 'dB' | 's';
  /** The limit in words, e.g. "between -23 and -18" or "at most -3". */
  limit: string;
  passed: boolean;
}

/** Measured after the file was written: what the file holds, not what was planned. */
export interface DeliveryReport {
  fileName: string;
  presetId: string | null;
  presetLabel: string;
  passed: boolean;
  checks: DeliveryCheck[];
  measured: LoudnessReport;
  durationSeconds: number;
  /** The report as saved beside the file. */
  reportFileName: string;
}

export interface ExportedFile {
  fileName: string;
  kind: 'audio' | 'captions' | 'report';
  format: ExportFormat | 'srt' | 'vtt' | 'txt';
  /** Where it was written (both shells write into the project's exports/ folder). */
  path: string;
  /** Web shell: where the browser downloads it. */
  downloadUrl: string | null;
}

export interface ProjectExportResult {
  files: ExportedFile[];
  reports: DeliveryReport[];
  /** Chapter markers written (ID3 CHAP in MP3, cue points in WAV; none in Ogg). */
  chapterMarkers: number;
}

export type QaKind = 'speaking-rate' | 'loudness' | 'clipped' | 'near-silent';
/** A block whose selected take stands out, with what was measured and what the rest of the project does. */
export interface QaFinding {
  blockId: string;
  chapterId: string;
  kind: QaKind;
  message: string;
  value: number;
  /** The project's typical value (median) for the same measure. */
  typical: number | null;
}

/** One candidate of a casting grid: a voice (or the same voice with other settings) saying the line. */
export const CastingRequestSchema = z
  .object({ text: z.string().trim().min(1).max(1_000), voice: SpeakerVoiceSchema.strict() })
  .strict();

export const LexiconFileSchema = z
  .object({ fileName: z.string().min(1).max(255), text: z.string().max(5_000_000) })
  .strict();
