import { chmod, link, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../../electron/engine/fs/atomic-write';

/** Every fsync and rename the writer makes, in order, by the path it concerns. */
const events: string[] = [];

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      const handle = await real.open(...args);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        await sync();
        events.push(`sync ${String(args[0])}`);
      };
      return handle;
    },
    rename: async (from: string, to: string) => {
      await real.rename(from, to);
      events.push(`rename ${from} -> ${to}`);
    },
  };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atomic-write-'));
  events.length = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp file behind', async () => {
    const path = join(dir, 'doc.json');
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, 'two');
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['doc.json']);
  });

  it('keeps the previous version as .bak only when there was one', async () => {
    const path = join(dir, 'doc.json');
    await writeFileAtomic(path, 'first', { backup: true });
    expect(await readdir(dir)).toEqual(['doc.json']);
    await writeFileAtomic(path, 'second', { backup: true });
    expect(await readFile(path, 'utf8')).toBe('second');
    expect(await readFile(`${path}.bak`, 'utf8')).toBe('first');
    expect((await readdir(dir)).sort()).toEqual(['doc.json', 'doc.json.bak']);
  });

  it.skipIf(process.platform === 'win32')('gives the backup the permissions of the file it keeps', async () => {
    const path = join(dir, 'secret.json');
    await writeFileAtomic(path, 'old secret', { mode: 0o600 });
    await writeFileAtomic(path, 'new secret', { backup: true, mode: 0o600 });
    expect((await stat(`${path}.bak`)).mode & 0o777).toBe(0o600);
    await chmod(path, 0o640);
    await writeFileAtomic(path, 'newer', { backup: true });
    expect((await stat(`${path}.bak`)).mode & 0o777).toBe(0o640);
  });

  it('replaces the old backup by rename, never writing into it (a crash mid-copy would tear it)', async () => {
    const path = join(dir, 'doc.json');
    await writeFileAtomic(path, 'v1');
    await writeFileAtomic(path, 'v2', { backup: true });
    // A second name for the old backup's bytes: written into in place, it would change too.
    const witness = join(dir, 'witness');
    await link(`${path}.bak`, witness);
    await writeFileAtomic(path, 'v3', { backup: true });
    expect(await readFile(`${path}.bak`, 'utf8')).toBe('v2');
    expect(await readFile(witness, 'utf8')).toBe('v1');
  });

  it('fsyncs the backup before it takes the .bak name, and the file before it takes its own', async () => {
    const path = join(dir, 'doc.json');
    await writeFile(path, 'old');
    await writeFileAtomic(path, 'new', { backup: true });
    const renames = events.filter((e) => e.startsWith('rename'));
    expect(renames).toHaveLength(2);
    expect(renames[0]).toMatch(/ -> .*doc\.json\.bak$/);
    expect(renames[1]).toMatch(/ -> .*doc\.json$/);
    for (const rename of renames) {
      const temp = rename.split(' ')[1]!;
      const synced = events.indexOf(`sync ${temp}`);
      expect(synced).toBeGreaterThanOrEqual(0);
      expect(synced).toBeLessThan(events.indexOf(rename));
    }
    // Then the folder, so both renames are durable.
    if (process.platform !== 'win32') expect(events.at(-1)).toBe(`sync ${dir}`);
  });
});
