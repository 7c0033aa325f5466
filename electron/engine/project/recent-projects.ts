import { mkdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic-write';
import { createLogger } from '../log';

const log = createLogger('recent-projects');

export const RECENT_PROJECTS_FILE = 'recent-projects.json';
export const MAX_RECENT_PROJECTS = 10;

const RecentProjectSchema = z.object({
  dir: z.string().min(1).max(4_096),
  name: z.string().max(200),
  /** ISO date of the last time it was opened. */
  openedAt: z.string().max(40),
});
export type RecentProject = z.infer<typeof RecentProjectSchema>;

export interface RecentProjects {
  /** Most recent first; folders that no longer exist are left out (and forgotten). */
  list(): Promise<RecentProject[]>;
  /** Puts a project first (it was just opened, created or saved elsewhere). */
  add(dir: string, name: string): Promise<RecentProject[]>;
  remove(dir: string): Promise<RecentProject[]>;
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** The list as stored; a damaged file is only a convenience lost, so it reads as empty with a warning. */
async function readList(path: string): Promise<RecentProject[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn(`Cannot read ${path}: ${String(error)}`);
    return [];
  }
  try {
    const parsed = z.array(RecentProjectSchema).safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.slice(0, MAX_RECENT_PROJECTS);
    log.warn(`${path} is not a list of recent projects; starting a new one.`);
  } catch (error) {
    log.warn(`${path} is damaged (${String(error)}); starting a new list.`);
  }
  return [];
}

/** The recent projects list kept in `dataDir/recent-projects.json`, written atomically. */
export function openRecentProjects(options: { dataDir: string; now?: () => Date }): RecentProjects {
  const path = join(options.dataDir, RECENT_PROJECTS_FILE);
  const now = options.now ?? (() => new Date());

  // Changes run one after another so two quick ones both land.
  let queue: Promise<unknown> = Promise.resolve();
  const change = (edit: (list: RecentProject[]) => RecentProject[]): Promise<RecentProject[]> => {
    const run = queue.then(async () => {
      const before = await readList(path);
      const present = await Promise.all(before.map((entry) => isFolder(entry.dir)));
      const after = edit(before.filter((_, i) => present[i])).slice(0, MAX_RECENT_PROJECTS);
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        await mkdir(options.dataDir, { recursive: true });
        await writeFileAtomic(path, `${JSON.stringify(after, null, 2)}\n`);
      }
      return after;
    });
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    list: () => change((list) => list),
    add: (dir, name) => {
      const absolute = resolve(dir);
      return change((list) => [
        { dir: absolute, name, openedAt: now().toISOString() },
        ...list.filter((entry) => entry.dir !== absolute),
      ]);
    },
    remove: (dir) => change((list) => list.filter((entry) => entry.dir !== resolve(dir))),
  };
}
