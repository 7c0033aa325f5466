import { app, dialog, type BrowserWindow } from 'electron';
import { writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

const FILTERS: Record<string, { name: string; extensions: string[] }> = {
  '.wav': { name: 'WAV audio', extensions: ['wav'] },
  '.mp3': { name: 'MP3 audio', extensions: ['mp3'] },
  '.ogg': { name: 'Ogg Vorbis audio', extensions: ['ogg'] },
};

/**
 * The export target in Electron: the native save dialog chooses where the bytes go, so the page
 * never names a path itself. Null when the user cancels.
 */
export function createSaveDialogTarget(getWindow: () => BrowserWindow | null) {
  return {
    async deliver(fileName: string, bytes: Uint8Array): Promise<{ path: string; downloadUrl: null } | null> {
      const filter = FILTERS[extname(fileName).toLowerCase()];
      const options = {
        title: 'Export audio',
        defaultPath: join(app.getPath('downloads'), fileName),
        filters: filter ? [filter] : [],
      };
      const window = getWindow();
      const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return null;
      await writeFile(choice.filePath, bytes);
      return { path: choice.filePath, downloadUrl: null };
    },
  };
}
