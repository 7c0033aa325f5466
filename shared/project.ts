import { z } from 'zod';
import { describeIssues, StudioError } from './errors';
import { LexiconEntrySchema } from './lexicon';
import { SpeedSchema, StabilitySchema } from './models';
import type { Transport, VoiceSettings } from './synthesis';

/** The `formatVersion` this build writes; files from older versions are upgraded by `migrateProject`. */
export const PROJECT_FORMAT_VERSION = 1;

/*
 * Limits keep a hostile or runaway project.json from exhausting memory once parsed; they sit far
 * above anything a real book needs (a 2,000-block project is the benchmark size).
 */
export const PROJECT_LIMITS = {
  nameChars: 200,
  idChars: 100,
  /** A block is one rendering unit; longer paragraphs are split on import. */
  blockChars: 5_000,
  /** What was sent for a take: the block's text after the lexicon and markup, so it may grow. */
  sentTextChars: 50_000,
  speakers: 100,
  chapters: 2_000,
  blocksPerChapter: 20_000,
  blocks: 50_000,
  takesPerBlock: 100,
  lexiconEntries: 10_000,
  pauseMs: 60_000,
} as const;

/** Ids double as keys in the UI and in file names, so only these characters are accepted. */
export const IdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/, 'only letters, digits, "-" and "_"')
  .max(PROJECT_LIMITS.idChars);
const NameSchema = z.string().trim().min(1).max(PROJECT_LIMITS.nameChars);
const DateSchema = z.iso.datetime({ offset: true });
export const PauseSchema = z.number().int().min(0).max(PROJECT_LIMITS.pauseMs);

/**
 * A take's audio file: a bare file name inside the project's `audio/` folder, never a path, so a
 * hostile project cannot read or overwrite anything outside its own folder.
 */
export const TakeFileSchema = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/, 'a file name inside the audio folder')
  .refine((name) => !name.includes('..'), 'a file name inside the audio folder');

/** How a speaker sounds: the engine plus the `VoiceSettings` fields of shared/synthesis.ts. */
export const SpeakerVoiceSchema = z.object({
  engine: z.enum(['async', 'offline']),
  voiceId: z.string().min(1).max(200),
  modelId: z.string().min(1).max(100),
  language: z.string().max(10).nullable().optional(),
  speed: SpeedSchema.optional(),
  stability: StabilitySchema.optional(),
}) satisfies z.ZodType<VoiceSettings & { engine: 'async' | 'offline' }>;

export const SpeakerSchema = z.object({ id: IdSchema, name: NameSchema, voice: SpeakerVoiceSchema });

/** Everything needed to tell a take apart and to make it again. */
export const TakeProvenanceSchema = z.object({
  /** Exactly what was sent to the engine (after the lexicon). */
  text: z.string().max(PROJECT_LIMITS.sentTextChars),
  voice: SpeakerVoiceSchema.omit({ engine: true }),
  engine: z.enum(['async', 'offline']),
  transport: z.enum(['ws', 'http']) satisfies z.ZodType<Transport>,
  sampleRate: z.number().int().positive().max(384_000),
  durationSeconds: z.number().min(0).max(86_400),
  timings: z.object({
    timeToFirstAudioMs: z.number().min(0).nullable(),
    totalMs: z.number().min(0),
  }),
});

export const TakeSchema = z.object({
  id: IdSchema,
  file: TakeFileSchema,
  createdAt: DateSchema,
  /** The render cache's key for this take's inputs: an unchanged block is never sent twice. */
  cacheKey: z.string().min(1).max(200),
  provenance: TakeProvenanceSchema,
});

export const BlockSchema = z.object({
  id: IdSchema,
  text: z.string().max(PROJECT_LIMITS.blockChars),
  speakerId: IdSchema,
  /** A locked block is never re-rendered by "render all" or "render chapter". */
  locked: z.boolean(),
  /** Overrides the project's pause after this block; null uses the default. */
  pauseAfterMs: PauseSchema.nullable(),
  takes: z.array(TakeSchema).max(PROJECT_LIMITS.takesPerBlock),
  selectedTakeId: IdSchema.nullable(),
});

export const ChapterSchema = z.object({
  id: IdSchema,
  title: z.string().max(PROJECT_LIMITS.nameChars),
  blocks: z.array(BlockSchema).max(PROJECT_LIMITS.blocksPerChapter),
});

export const ProjectDefaultsSchema = z.object({
  speakerId: IdSchema,
  pauses: z.object({
    /** Extra silence spliced between sentences; null keeps the model's natural pauses. */
    betweenSentencesMs: PauseSchema.nullable(),
    betweenBlocksMs: PauseSchema,
    betweenChaptersMs: PauseSchema,
    headRoomMs: PauseSchema,
    tailRoomMs: PauseSchema,
  }),
  exportPresetId: z.string().min(1).max(100),
});

const ProjectFieldsSchema = z.object({
  formatVersion: z.literal(PROJECT_FORMAT_VERSION),
  id: IdSchema,
  name: NameSchema,
  createdAt: DateSchema,
  updatedAt: DateSchema,
  cast: z.array(SpeakerSchema).min(1).max(PROJECT_LIMITS.speakers),
  defaults: ProjectDefaultsSchema,
  lexicon: z.array(LexiconEntrySchema).max(PROJECT_LIMITS.lexiconEntries),
  chapters: z.array(ChapterSchema).max(PROJECT_LIMITS.chapters),
});

/** A project as stored in project.json (format 1). */
export const ProjectSchema = ProjectFieldsSchema.superRefine((project, ctx) => checkReferences(project, ctx));

export type SpeakerVoice = z.infer<typeof SpeakerVoiceSchema>;
export type Speaker = z.infer<typeof SpeakerSchema>;
export type TakeProvenance = z.infer<typeof TakeProvenanceSchema>;
export type Take = z.infer<typeof TakeSchema>;
export type Block = z.infer<typeof BlockSchema>;
export type Chapter = z.infer<typeof ChapterSchema>;
export type ProjectDefaults = z.infer<typeof ProjectDefaultsSchema>;
export type Project = z.infer<typeof ProjectSchema>;

/** Pauses a new project starts with: a breath between blocks, a longer one between chapters. */
export const DEFAULT_PAUSES: ProjectDefaults['pauses'] = {
  betweenSentencesMs: null,
  betweenBlocksMs: 600,
  betweenChaptersMs: 2_000,
  headRoomMs: 500,
  tailRoomMs: 1_000,
};

/** Ids are unique, blocks name a speaker of the cast, a selected take belongs to its block. */
function checkReferences(project: z.infer<typeof ProjectFieldsSchema>, ctx: z.RefinementCtx): void {
  const speakers = new Set<string>();
  for (const [i, speaker] of project.cast.entries()) {
    if (speakers.has(speaker.id))
      ctx.addIssue({ code: 'custom', path: ['cast', i, 'id'], message: 'duplicate speaker id' });
    speakers.add(speaker.id);
  }
  if (!speakers.has(project.defaults.speakerId)) {
    ctx.addIssue({ code: 'custom', path: ['defaults', 'speakerId'], message: 'not a speaker of the cast' });
  }
  const ids = new Set<string>();
  const unique = (id: string, path: (string | number)[]) => {
    if (ids.has(id)) ctx.addIssue({ code: 'custom', path, message: 'duplicate id' });
    ids.add(id);
  };
  let blocks = 0;
  for (const [c, chapter] of project.chapters.entries()) {
    unique(chapter.id, ['chapters', c, 'id']);
    blocks += chapter.blocks.length;
    for (const [b, block] of chapter.blocks.entries()) {
      const path = ['chapters', c, 'blocks', b];
      unique(block.id, [...path, 'id']);
      if (!speakers.has(block.speakerId)) {
        ctx.addIssue({ code: 'custom', path: [...path, 'speakerId'], message: 'not a speaker of the cast' });
      }
      for (const [t, take] of block.takes.entries()) unique(take.id, [...path, 'takes', t, 'id']);
      if (block.selectedTakeId !== null && !block.takes.some((take) => take.id === block.selectedTakeId)) {
        ctx.addIssue({ code: 'custom', path: [...path, 'selectedTakeId'], message: 'not a take of this block' });
      }
    }
  }
  if (blocks > PROJECT_LIMITS.blocks) {
    ctx.addIssue({ code: 'custom', path: ['chapters'], message: `more than ${PROJECT_LIMITS.blocks} blocks` });
  }
}

/** Upgrades a project object of version N to N + 1. */
export type ProjectMigration = (raw: Record<string, unknown>) => Record<string, unknown>;

/** Upgrade steps by the version they upgrade from. Version 1 is the first released format. */
export const PROJECT_MIGRATIONS: Readonly<Record<number, ProjectMigration>> = {};

function refuse(message: string, hint: string): StudioError {
  return new StudioError({ code: 'BAD_INPUT', message, hint });
}

/** Whether a parsed project.json was written by a newer studio, whose file this one must neither read nor replace. */
export function savedByNewerStudio(raw: unknown): boolean {
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  return typeof version === 'number' && version > PROJECT_FORMAT_VERSION;
}

/**
 * Brings a parsed project.json up to the current format, one version at a time. A file from a
 * newer build is refused rather than guessed at, because saving it would drop what it added.
 */
export function migrateProject(
  raw: unknown,
  migrations: Readonly<Record<number, ProjectMigration>> = PROJECT_MIGRATIONS,
): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw refuse('This is not a project file (no project object).', 'Open the folder that holds project.json.');
  }
  let project = raw as Record<string, unknown>;
  const version = project.formatVersion ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw refuse(
      `The project's formatVersion ${JSON.stringify(version)} is not a version number.`,
      'The file is damaged.',
    );
  }
  if (savedByNewerStudio(project)) {
    throw refuse(
      `This project was saved by a newer version of the studio (format ${version}; this one reads up to ${PROJECT_FORMAT_VERSION}).`,
      'Update the studio to open it.',
    );
  }
  for (let from = version; from < PROJECT_FORMAT_VERSION; from++) {
    const step = migrations[from];
    if (!step) throw refuse(`Project format ${from} is not one this studio can upgrade.`, 'The file is damaged.');
    project = { ...step(project), formatVersion: from + 1 };
  }
  return project;
}

/** Migrates and validates a parsed project.json; throws BAD_INPUT saying what is wrong. */
export function parseProject(raw: unknown): Project {
  const parsed = ProjectSchema.safeParse(migrateProject(raw));
  if (parsed.success) return parsed.data;
  throw refuse(`The project is not valid: ${describeIssues(parsed.error)}.`, 'The file is damaged.');
}
