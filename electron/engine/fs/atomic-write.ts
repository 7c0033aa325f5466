import { open, rename, rm, copyFile, access } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes a file so that a crash at any moment leaves either the old file or the new one, never a
 * torn mix: write a temp file beside it, fsync, rename over the target, fsync the folder.
 * With `backup`, the previous version is first kept as `<name>.bak`; `mode` sets the new file's
 * permissions from its creation (0600 for a secret), never widening them for a moment.
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array | string,
  options: { backup?: boolean; mode?: number } = {},
): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'w', options.mode ?? 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  if (options.backup && (await exists(path))) await copyFile(path, `${path}.bak`);
  await rename(temp, path);
  await syncDirectory(dirname(path));
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Makes the rename itself durable; Windows cannot open folders, where this is a no-op. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
