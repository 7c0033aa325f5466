import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_RECENT_PROJECTS,
  RECENT_PROJECTS_FILE,
  openRecentProjects,
} from '../../../electron/engine/project/recent-projects';
import { captureLogs } from '../studio/fakes';
import { useTempDir } from './sample';

const dir = useTempDir();

const dataDir = () => join(dir(), 'data');

/** Makes project folders p0, p1, … and returns their paths. */
async function folders(count: number): Promise<string[]> {
  const paths = Array.from({ length: count }, (_, i) => join(dir(), `p${i}`));
  await Promise.all(paths.map((p) => mkdir(p)));
  return paths;
}

function clock() {
  let t = Date.parse('2026-11-24T08:00:00Z');
  return () => new Date((t += 1000));
}

describe('recent projects', () => {
  it('lists the most recent first, moves a reopened project to the front and stores the list', async () => {
    const [a, b, c] = await folders(3);
    const recent = openRecentProjects({ dataDir: dataDir(), now: clock() });
    expect(await recent.list()).toEqual([]);
    await recent.add(a!, 'A');
    await recent.add(b!, 'B');
    await recent.add(c!, 'C');
    await recent.add(a!, 'A renamed');
    const list = await recent.list();
    expect(list.map((e) => [e.dir, e.name])).toEqual([
      [a, 'A renamed'],
      [c, 'C'],
      [b, 'B'],
    ]);
    expect(list[0]!.openedAt).toBe('2026-11-24T08:00:04.000Z');
    const stored = JSON.parse(await readFile(join(dataDir(), RECENT_PROJECTS_FILE), 'utf8')) as unknown;
    expect(stored).toEqual(list);
    expect(await openRecentProjects({ dataDir: dataDir() }).list()).toEqual(list);
  });

  it(`keeps at most ${MAX_RECENT_PROJECTS}`, async () => {
    const paths = await folders(MAX_RECENT_PROJECTS + 3);
    const recent = openRecentProjects({ dataDir: dataDir() });
    for (const path of paths) await recent.add(path, path);
    const list = await recent.list();
    expect(list.map((e) => e.dir)).toEqual(paths.slice(3).reverse());
  });

  it('prunes folders that no longer exist when read, and can forget one', async () => {
    const [a, b, c] = await folders(3);
    const recent = openRecentProjects({ dataDir: dataDir() });
    for (const path of [a!, b!, c!]) await recent.add(path, 'x');
    await rm(b!, { recursive: true });
    expect((await recent.list()).map((e) => e.dir)).toEqual([c, a]);
    const stored = JSON.parse(await readFile(join(dataDir(), RECENT_PROJECTS_FILE), 'utf8')) as Array<{ dir: string }>;
    expect(stored.map((e) => e.dir)).toEqual([c, a]);
    expect((await recent.remove(c!)).map((e) => e.dir)).toEqual([a]);
  });

  it('stores absolute paths', async () => {
    const [a] = await folders(1);
    const recent = openRecentProjects({ dataDir: dataDir() });
    const relative = join(a!, '..', 'p0');
    expect((await recent.add(relative, 'A')).map((e) => e.dir)).toEqual([a]);
  });

  it('lands every one of several quick additions', async () => {
    const paths = await folders(5);
    const recent = openRecentProjects({ dataDir: dataDir() });
    await Promise.all(paths.map((p) => recent.add(p, p)));
    expect((await recent.list()).map((e) => e.dir)).toEqual([...paths].reverse());
  });

  it.each([
    ['not JSON', '[{"dir":'],
    ['not a list', '{"dir": "/x"}'],
  ])('starts a new list over a damaged file (%s) with a warning', async (_, content) => {
    const [a] = await folders(1);
    await mkdir(dataDir());
    await writeFile(join(dataDir(), RECENT_PROJECTS_FILE), content);
    const logs = captureLogs();
    const recent = openRecentProjects({ dataDir: dataDir() });
    try {
      expect(await recent.list()).toEqual([]);
      expect((await recent.add(a!, 'A')).map((e) => e.dir)).toEqual([a]);
    } finally {
      logs.restore();
    }
    expect(logs.lines.some((l) => l.startsWith('[warn] recent-projects'))).toBe(true);
  });
});
