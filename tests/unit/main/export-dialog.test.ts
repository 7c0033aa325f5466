import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSaveDialogTarget } from '../../../electron/main/export-dialog';
import { app, dialog } from '../../mocks/electron';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'avs-export-'));
  app.paths.set('downloads', '/home/ann/Downloads');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('export through the native save dialog', () => {
  it('writes the bytes where the user chose, offering the format and a default name', async () => {
    const target = join(dir, 'chosen.mp3');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    const result = await createSaveDialogTarget(() => null).deliver('Intro.mp3', new Uint8Array([0xff, 0xfb, 1]));
    expect(result).toEqual({ path: target, downloadUrl: null });
    expect(Array.from(await readFile(target))).toEqual([0xff, 0xfb, 1]);
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      expect.objectContaining({
        defaultPath: join('/home/ann/Downloads', 'Intro.mp3'),
        filters: [{ name: 'MP3 audio', extensions: ['mp3'] }],
      }),
    );
  });

  it('titles and filters a lexicon export as a lexicon, not as audio', async () => {
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: join(dir, 'words.pls') });
    await createSaveDialogTarget(() => null).deliver('Book lexicon.pls', new TextEncoder().encode('<lexicon/>'));
    expect(dialog.showSaveDialog).toHaveBeenLastCalledWith(
      expect.objectContaining({
        title: 'Export lexicon',
        filters: [{ name: 'W3C PLS lexicon', extensions: ['pls', 'xml'] }],
      }),
    );
  });

  it('writes nothing when the user cancels', async () => {
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await createSaveDialogTarget(() => null).deliver('Intro.wav', new Uint8Array([1]))).toBeNull();
  });
});
