import { randomUUID } from 'node:crypto';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Project } from '../../../shared/project';
import { AUDIO_DIR, saveProjectAs, takeAudioPath } from './project-store';
import { timingFile } from './take-files';

/** Where new projects go, inside the app's data folder. */
export const PROJECTS_DIR = 'projects';
const SLUG_MAX_CHARS = 40;

/** A folder name a person recognises and no two projects share: `my-book-1a2b3c4d`. */
export function projectFolderName(name: string, shortId: string = randomUUID().slice(0, 8)): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX_CHARS)
    .replace(/-+$/, '');
  return `${slug || 'project'}-${shortId}`;
}

/** A new project's folder under `<dataDir>/projects/` (not created yet). */
export function newProjectDir(dataDir: string, name: string): string {
  return join(dataDir, PROJECTS_DIR, projectFolderName(name));
}

/**
 * Copies a project into a new folder as a project of its own (new id, new name): the takes'
 * timing files first, then `saveProjectAs` (the audio, then project.json), so the copy's
 * project.json is written last and lists only takes whose files are all there.
 */
export async function copyProject(project: Project, fromDir: string, toDir: string, name: string): Promise<void> {
  await mkdir(join(toDir, AUDIO_DIR), { recursive: true });
  for (const take of project.chapters.flatMap((c) => c.blocks.flatMap((b) => b.takes))) {
    const timing = timingFile(take.file);
    // A take made before timing files existed, or whose timing was lost, is copied without one.
    await copyFile(takeAudioPath(fromDir, timing), takeAudioPath(toDir, timing)).catch(() => undefined);
  }
  await saveProjectAs({ ...project, id: randomUUID(), name }, fromDir, toDir);
}
