import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describeIssues, StudioError } from '../../../shared/errors';
import { LOUDNESS_PRESETS } from '../../../shared/loudness';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import {
  DEFAULT_PAUSES,
  PROJECT_FORMAT_VERSION,
  ProjectSchema,
  TakeFileSchema,
  parseProject,
  savedByNewerStudio,
  type Project,
  type SpeakerVoice,
} from '../../../shared/project';
import { writeFileAtomic } from '../fs/atomic-write';
import { fileStamp } from '../fs/file-stamp';
import { createLogger } from '../log';

const log = createLogger('project');

export const PROJECT_FILE = 'project.json';
export const BACKUP_FILE = `${PROJECT_FILE}.bak`;
export const AUDIO_DIR = 'audio';
/** Bigger than any real project (2,000 blocks with takes is about 5 MB); read no further than this. */
const MAX_PROJECT_BYTES = 64 * 1024 * 1024;

/** A project as opened, with what had to be repaired on the way; `messages` are for the user. */
export interface OpenedProject {
  project: Project;
  /** project.json was damaged or missing and the previous version was opened from project.json.bak. */
  recoveredFromBackup: boolean;
  messages: string[];
  /** Files in audio/ that no take refers to (renders the project was not saved with), for recovery. */
  orphanAudio: string[];
}

export interface NewProjectOptions {
  /** The first speaker of the cast, who is also the default one; the first-run offline voice otherwise. */
  speaker?: { name: string; voice: SpeakerVoice };
  now?: Date;
  newId?: () => string;
}

/** The first-run voice: the offline engine speaks before any key is added. */
const FIRST_SPEAKER_VOICE: SpeakerVoice = {
  engine: DEFAULT_SETTINGS.engine,
  voiceId: DEFAULT_SETTINGS.offlineVoiceId,
  modelId: DEFAULT_SETTINGS.modelId,
};

/** An empty project with one speaker (the narrator) and the default pauses, not yet on disk. */
export function newProject(name: string, options: NewProjectOptions = {}): Project {
  const newId = options.newId ?? randomUUID;
  const now = (options.now ?? new Date()).toISOString();
  const speaker = { id: newId(), ...(options.speaker ?? { name: 'Narrator', voice: FIRST_SPEAKER_VOICE }) };
  const project: Project = {
    formatVersion: PROJECT_FORMAT_VERSION,
    id: newId(),
    name,
    createdAt: now,
    updatedAt: now,
    cast: [speaker],
    defaults: { speakerId: speaker.id, pauses: { ...DEFAULT_PAUSES }, exportPresetId: LOUDNESS_PRESETS[0].id },
    lexicon: [],
    chapters: [],
  };
  return validForSaving(project);
}

function validForSaving(project: Project): Project {
  const parsed = ProjectSchema.safeParse(project);
  if (parsed.success) return parsed.data;
  throw new StudioError({
    code: 'BAD_INPUT',
    message: `The project cannot be saved: ${describeIssues(parsed.error)}.`,
    hint: 'Correct the highlighted field and try again.',
  });
}

/** Whether a folder holds a project (or the backup left of one); a folder that does not exist holds none. */
async function holdsProject(dir: string): Promise<boolean> {
  const files = await readdir(dir).catch(() => [] as string[]);
  return files.includes(PROJECT_FILE) || files.includes(BACKUP_FILE);
}

/** Makes a project folder: project.json and an empty audio folder. Refuses a folder that already holds a project. */
export async function createProject(dir: string, name: string, options: NewProjectOptions = {}): Promise<Project> {
  const project = newProject(name, options);
  if (await holdsProject(dir)) {
    throw new StudioError({
      code: 'BAD_INPUT',
      message: `${dir} already holds a project.`,
      hint: 'Open it, or choose an empty folder for the new project.',
    });
  }
  await mkdir(join(dir, AUDIO_DIR), { recursive: true });
  await saveProject(dir, project);
  return project;
}

/**
 * Writes project.json atomically (temp file, fsync, rename), keeping the version it replaces as
 * project.json.bak. An invalid project is refused before anything is written. Take audio must be
 * on disk (`writeTakeAudio`) before the project that refers to it is saved.
 */
export async function saveProject(dir: string, project: Project): Promise<void> {
  const valid = validForSaving(project);
  await writeFileAtomic(join(dir, PROJECT_FILE), `${JSON.stringify(valid, null, 1)}\n`, { backup: true });
}

/** Where a take's audio lives. `file` is checked to be a bare name, so it cannot point outside the folder. */
export function takeAudioPath(dir: string, file: string): string {
  const parsed = TakeFileSchema.safeParse(file);
  if (!parsed.success) {
    throw new StudioError({ code: 'BAD_INPUT', message: `"${file}" is not a take file name.` });
  }
  return join(dir, AUDIO_DIR, parsed.data);
}

/** Writes a finished take's audio atomically; call it before saving the project that lists the take. */
export async function writeTakeAudio(dir: string, file: string, data: Uint8Array): Promise<void> {
  const path = takeAudioPath(dir, file);
  await mkdir(join(dir, AUDIO_DIR), { recursive: true });
  await writeFileAtomic(path, data);
}

type Reading =
  | { ok: true; project: Project }
  | { ok: false; missing: boolean; problem: string; /** written by a newer studio */ newer: boolean };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function readProjectFile(path: string): Promise<Reading> {
  let raw: unknown;
  try {
    const size = (await stat(path)).size;
    if (size > MAX_PROJECT_BYTES) {
      return { ok: false, missing: false, newer: false, problem: `it is ${size} bytes, more than a project can be` };
    }
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, missing, newer: false, problem: missing ? 'it is missing' : message(error) };
  }
  try {
    return { ok: true, project: parseProject(raw) };
  } catch (error) {
    return { ok: false, missing: false, newer: savedByNewerStudio(raw), problem: message(error) };
  }
}

/**
 * Puts the backup back as project.json, keeping the damaged file aside, so the next save backs up
 * a good version rather than the damaged one. Failing to do so is logged, not fatal: the project
 * is open either way.
 */
async function restoreBackup(dir: string, damaged: boolean): Promise<void> {
  const path = join(dir, PROJECT_FILE);
  try {
    if (damaged) await copyFile(path, `${path}.damaged-${fileStamp(new Date())}`);
    await writeFileAtomic(path, await readFile(join(dir, BACKUP_FILE)));
  } catch (error) {
    log.warn(`Could not restore ${path} from its backup: ${String(error)}`);
  }
}

/** Takes whose audio file is gone are dropped (a selection falls back to the newest remaining take). */
function dropMissingTakes(project: Project, audioFiles: Set<string>, messages: string[]): Project {
  const chapters = project.chapters.map((chapter, c) => ({
    ...chapter,
    blocks: chapter.blocks.map((block, b) => {
      const takes = block.takes.filter((take) => audioFiles.has(take.file));
      if (takes.length === block.takes.length) return block;
      for (const take of block.takes.filter((t) => !audioFiles.has(t.file))) {
        messages.push(
          `Chapter ${c + 1}, block ${b + 1}: the audio of take ${take.id} (${take.file}) is missing; the take was dropped.`,
        );
      }
      const selected = takes.some((t) => t.id === block.selectedTakeId)
        ? block.selectedTakeId
        : (takes.at(-1)?.id ?? null);
      return { ...block, takes, selectedTakeId: selected };
    }),
  }));
  return { ...project, chapters };
}

/**
 * Opens a project folder. A damaged or missing project.json is replaced by its backup and said so
 * in `messages`; when both are unusable it throws BAD_INPUT naming the file and writes nothing.
 */
export async function openProject(dir: string): Promise<OpenedProject> {
  const messages: string[] = [];
  const main = await readProjectFile(join(dir, PROJECT_FILE));
  let project: Project;
  let recoveredFromBackup = false;
  if (main.ok) {
    project = main.project;
  } else if (main.newer) {
    // Its backup may be an older, readable version, but opening that would hide the newer work.
    throw new StudioError({
      code: 'BAD_INPUT',
      message: `${join(dir, PROJECT_FILE)}: ${main.problem}`,
      hint: 'Update the studio to open it. Nothing was changed on disk.',
    });
  } else {
    const backup = await readProjectFile(join(dir, BACKUP_FILE));
    if (!backup.ok) {
      if (main.missing && backup.missing) {
        throw new StudioError({
          code: 'NOT_FOUND',
          message: `There is no project in ${dir} (no ${PROJECT_FILE}).`,
          hint: 'Choose the folder that holds project.json.',
        });
      }
      throw new StudioError({
        code: 'BAD_INPUT',
        message: `${join(dir, PROJECT_FILE)} cannot be opened (${main.problem}), nor can its backup ${BACKUP_FILE} (${backup.problem}).`,
        hint: 'Nothing was changed on disk. Restore the folder from a backup copy.',
      });
    }
    project = backup.project;
    recoveredFromBackup = true;
    messages.push(
      `${PROJECT_FILE} could not be used (${main.problem}); the previous version was opened from ${BACKUP_FILE}. Edits made after its last save are lost.`,
    );
    log.warn(`${join(dir, PROJECT_FILE)}: ${main.problem}; opened the backup.`);
    await restoreBackup(dir, !main.missing);
  }

  const audioFiles = new Set(await listAudio(dir));
  project = dropMissingTakes(project, audioFiles, messages);
  const referenced = new Set(project.chapters.flatMap((c) => c.blocks.flatMap((b) => b.takes.map((t) => t.file))));
  const orphanAudio = [...audioFiles].filter((file) => !referenced.has(file)).sort();
  return { project, recoveredFromBackup, messages, orphanAudio };
}

/** Audio files of a project; temp files of interrupted writes start with a dot and are not audio. */
async function listAudio(dir: string): Promise<string[]> {
  try {
    return (await readdir(join(dir, AUDIO_DIR))).filter((file) => !file.startsWith('.'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Saves a copy of the project in another folder: the audio of its takes first (flushed to disk),
 * then project.json. Refuses a folder that already holds a project; audio no take uses stays behind.
 */
export async function saveProjectAs(project: Project, fromDir: string, toDir: string): Promise<void> {
  const valid = validForSaving(project);
  if (await holdsProject(toDir)) {
    throw new StudioError({
      code: 'BAD_INPUT',
      message: `${toDir} already holds a project.`,
      hint: 'Choose an empty folder to save the copy in.',
    });
  }
  await mkdir(join(toDir, AUDIO_DIR), { recursive: true });
  for (const take of valid.chapters.flatMap((c) => c.blocks.flatMap((b) => b.takes))) {
    const target = takeAudioPath(toDir, take.file);
    await copyFile(takeAudioPath(fromDir, take.file), target).catch((error: unknown) => {
      throw new StudioError(
        { code: 'NOT_FOUND', message: `Cannot copy the audio of take ${take.id} (${take.file}): ${message(error)}` },
        { cause: error },
      );
    });
    await syncFile(target);
  }
  await saveProject(toDir, valid);
}
