import { open, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes a file so that a crash at any moment leaves either the old file or the new one, never a
 * torn mix: write a temp file beside it, fsync, rename over the target, fsync the folder.
 * With `backup`, the previous version is first kept as `<name>.bak`, written the same way (a store
 * restores from it, so it must never be torn either); `mode` sets the new file's permissions from
 * its creation (0600 for a secret), never widening them for a moment.
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array | string,
  options: { backup?: boolean; mode?: number } = {},
): Promise<void> {
  if (options.backup) await backUp(path);
  await replaceFile(path, data, options.mode ?? 0o644);
  // One folder sync covers both renames: each is atomic on its own, so a crash before it can at
  // worst lose the newest name change, never leave a torn file under either name.
  await syncDirectory(dirname(path));
}

/**
 * Keeps the current file as `<name>.bak` with its permissions. The old bytes are read and written
 * through the same temp + fsync + rename as the file, rather than hard-linked: a link would copy
 * nothing, but FAT32/exFAT drives (common on Windows and macOS) and some network shares have no
 * hard links, and a fallback copy would be a second path to keep crash-safe. Its writer holds the
 * new version whole in memory anyway, so reading the old one costs about what writing it does.
 */
async function backUp(path: string): Promise<void> {
  let previous: Buffer;
  let mode: number;
  try {
    const handle = await open(path, 'r');
    try {
      mode = (await handle.stat()).mode & 0o777;
      previous = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // nothing to back up yet
    throw error;
  }
  await replaceFile(`${path}.bak`, previous, mode);
}

/** Writes a temp file beside `path`, fsyncs it and renames it over `path`. */
async function replaceFile(path: string, data: Uint8Array | string, mode: number): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  // Opened for writing, which fsync needs on Windows too (FlushFileBuffers wants write access).
  const handle = await open(temp, 'w', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, path);
}

/**
 * Makes the renames themselves durable. Windows cannot open folders, so this is a no-op there:
 * NTFS journals the rename itself, and the data was flushed before it.
 */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
