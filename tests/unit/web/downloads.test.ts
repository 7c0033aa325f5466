import { readFile, stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { attachmentHeader, createDownloadStore, safeFileName } from '../../../electron/web/downloads';

describe('web shell downloads', () => {
  it('keeps exported bytes under an unguessable, tokenised address until closed', async () => {
    const store = await createDownloadStore('tok');
    const first = await store.deliver('take 1.wav', new Uint8Array([1, 2, 3]));
    const second = await store.deliver('take 1.wav', new Uint8Array([4]));
    expect(first.path).toBeNull();
    expect(first.downloadUrl).toMatch(/^\/downloads\/[0-9a-f]{24}\/take%201\.wav\?token=tok$/);
    expect(second.downloadUrl).not.toBe(first.downloadUrl);
    const found = store.find(new URL(first.downloadUrl, 'http://x').pathname)!;
    expect(found.fileName).toBe('take 1.wav');
    expect(Array.from(await readFile(found.file))).toEqual([1, 2, 3]);
    expect(store.find('/downloads/000000000000000000000000/take%201.wav')).toBeNull();
    expect(store.find('/assets/x.js')).toBeNull();
    await store.close();
    await expect(stat(found.file)).rejects.toThrow();
  });

  it('cleans names for the file system and the header', () => {
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFileName('a\u0000b\r\nc.wav')).toBe('a_b__c.wav');
    expect(safeFileName('...')).toBe('export');
    expect(attachmentHeader('Café "take".mp3')).toBe(
      `attachment; filename="Caf_ _take_.mp3"; filename*=UTF-8''Caf%C3%A9%20%22take%22.mp3`,
    );
  });
});
