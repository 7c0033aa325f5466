import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDownloadStore, type DownloadStore } from '../../../electron/web/downloads';

const path = (url: string) => new URL(url, 'http://x').pathname;

let store: DownloadStore | null = null;
let outside = '';
afterEach(async () => {
  await store?.close();
  store = null;
  if (outside) await rm(outside, { recursive: true, force: true });
});

describe('web shell downloads over time', () => {
  it('offers a file already written where it is, and forgets it after the keep time without deleting it', async () => {
    let now = 0;
    store = await createDownloadStore('tok', { keepMs: 1_000, now: () => now });
    outside = await mkdtemp(join(tmpdir(), 'offered-'));
    const exported = join(outside, 'Book.mp3');
    await writeFile(exported, 'mp3 bytes');
    const url = await store.offer(exported, 'Book.mp3');
    expect(url).toMatch(/^\/downloads\/[0-9a-f]{24}\/Book\.mp3\?token=tok$/);
    expect(store.find(path(url))).toEqual({ file: exported, fileName: 'Book.mp3' });

    now = 999;
    expect(store.find(path(url))).not.toBeNull();
    now = 1_000;
    expect(store.find(path(url))).toBeNull();
    // The project's export is the user's: only the address went.
    expect(await readFile(exported, 'utf8')).toBe('mp3 bytes');
  });

  it('deletes expired copies it made, and keeps at most maxFiles addresses, the oldest going first', async () => {
    let now = 0;
    store = await createDownloadStore('tok', { keepMs: 10_000, maxFiles: 2, now: () => now });
    const first = await store.deliver('a.wav', new Uint8Array([1]));
    const firstFile = store.find(path(first.downloadUrl))!.file;
    now = 1;
    const second = await store.deliver('b.wav', new Uint8Array([2]));
    now = 2;
    const third = await store.deliver('c.wav', new Uint8Array([3]));
    expect(store.find(path(first.downloadUrl))).toBeNull();
    expect(store.find(path(second.downloadUrl))).not.toBeNull();
    expect(store.find(path(third.downloadUrl))).not.toBeNull();
    await expect
      .poll(() =>
        stat(firstFile).then(
          () => 'there',
          () => 'gone',
        ),
      )
      .toBe('gone');

    const thirdFile = store.find(path(third.downloadUrl))!.file;
    now = 20_000;
    expect(store.find(path(third.downloadUrl))).toBeNull();
    await expect
      .poll(() =>
        stat(thirdFile).then(
          () => 'there',
          () => 'gone',
        ),
      )
      .toBe('gone');
  });
});
